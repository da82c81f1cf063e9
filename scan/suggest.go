package scan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/charte/charte/inventory"
)

// row is one inventory row of a draft, in the order the config file uses.
type row struct {
	Provider string   `json:"provider"`
	Service  text     `json:"service"`
	Names    []string `json:"names"`
	Pattern  string   `json:"pattern,omitempty"`
	Purpose  text     `json:"purpose"`
	Category string   `json:"category"`
	Duration text     `json:"duration,omitempty"`
	Link     string   `json:"link,omitempty"`
}

// text is a translated text in the site's language order, French first.
type text [][2]string

func (t text) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, kv := range t {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(kv[0])
		v, _ := json.Marshal(kv[1])
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

var tokenRe = regexp.MustCompile(`^[!#$%&'+\-.^_` + "`" + `|~0-9A-Za-z]+$`)

// Suggest drafts a config: the inventory (original, the config file's
// bytes; nil without one) plus one row per undeclared cookie, its category
// and purpose taken from the Open Cookie Database and marked for review
// ("À vérifier"). The draft passes charte validate.
func (r *Report) Suggest(site *inventory.Site, original []byte) ([]byte, error) {
	langs := []string{"fr", "en"}
	if site != nil {
		langs = site.Languages
	}
	tr := func(fr, en string) text {
		t := text{{"fr", fr}}
		for _, l := range langs {
			if l != "fr" {
				t = append(t, [2]string{l, en})
			}
		}
		return t
	}
	var rows []row
	done := map[string]bool{}
	needed := map[string]bool{}
	for _, p := range r.Passes {
		for _, c := range p.Cookies {
			if c.Class.Source == "inventory" || !tokenRe.MatchString(c.Name) {
				continue
			}
			k := c.Class.Known
			names, pattern, key := []string{c.Name}, "", c.Name
			if k != nil && k.Prefix && tokenRe.MatchString(k.name) {
				names, pattern, key = []string{}, k.name+"*", k.name+"*"
			}
			if done[key] {
				continue
			}
			done[key] = true
			var rw row
			if k != nil {
				rw = row{
					Provider: or(k.Controller, k.Platform),
					Service:  tr("À vérifier : "+k.Platform, "To review: "+k.Platform),
					Purpose: tr("À vérifier (description de l'Open Cookie Database, en anglais) : "+k.Description,
						"To review (from the Open Cookie Database): "+k.Description),
					Category: c.Class.Category, Link: k.Privacy,
				}
				if k.Retention != "" {
					rw.Duration = tr(k.Retention+" (à vérifier)", k.Retention+" (to review)")
				}
			} else {
				cat, who := "first-party", "ce site"
				if c.ThirdParty {
					cat, who = "third-party", c.Domain
				}
				by := c.SetBy
				if c.SetFrom != "" {
					by += " " + c.SetFrom
				}
				rw = row{
					Provider: or(strings.TrimPrefix(c.Domain, "."), "?"),
					Service:  tr("À vérifier : cookie inconnu de "+who+", vu sur "+c.Page, "To review: unknown cookie of "+strings.TrimPrefix(c.Domain, ".")+", seen on "+c.Page),
					Purpose:  tr("À compléter : finalité inconnue (déposé par "+by+")", "To complete: unknown purpose (set by "+by+")"),
					Category: cat,
				}
			}
			if u, err := url.Parse(rw.Link); rw.Link != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http")) {
				rw.Link = ""
			}
			rw.Names, rw.Pattern = names, pattern
			needed[rw.Category] = true
			rows = append(rows, rw)
		}
	}

	if original == nil {
		u, _ := url.Parse(r.URLs[0])
		draft := map[string]any{}
		fields := []string{"name", "url", "revision", "cookies"}
		draft["name"], draft["url"], draft["revision"], draft["cookies"] = u.Hostname(), u.Scheme+"://"+u.Host, 1, rows
		if rows == nil {
			draft["cookies"] = []row{}
		}
		return ordered(fields, draft)
	}

	keys, vals, err := topLevel(original)
	if err != nil {
		return nil, err
	}
	var cookies []json.RawMessage
	if v, ok := vals["cookies"]; ok {
		if err := json.Unmarshal(v, &cookies); err != nil {
			return nil, err
		}
	} else {
		keys = append(keys, "cookies")
	}
	for _, rw := range rows {
		b, err := json.Marshal(rw)
		if err != nil {
			return nil, err
		}
		cookies = append(cookies, b)
	}
	if cookies == nil {
		cookies = []json.RawMessage{}
	}
	vals["cookies"], _ = json.Marshal(cookies)
	// A category the database named but the config does not list: add
	// Charte's own, which need no texts.
	if v, ok := vals["categories"]; ok && site != nil {
		var cats []json.RawMessage
		if err := json.Unmarshal(v, &cats); err != nil {
			return nil, err
		}
		for _, c := range []string{"necessary", "statistics", "first-party", "third-party"} {
			if needed[c] && site.Category(c) == nil {
				cats = append(cats, json.RawMessage(fmt.Sprintf(`{"id": %q}`, c)))
			}
		}
		vals["categories"], _ = json.Marshal(cats)
	}
	out := map[string]any{}
	for k, v := range vals {
		out[k] = v
	}
	return ordered(keys, out)
}

// topLevel reads a JSON object's members in file order.
func topLevel(data []byte) ([]string, map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, nil, fmt.Errorf("the config is not a JSON object")
	}
	var keys []string
	vals := map[string]json.RawMessage{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		k, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, nil, err
		}
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
		vals[k] = v
	}
	return keys, vals, nil
}

// ordered writes an object with its members in the given order, indented.
func ordered(keys []string, vals map[string]any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("{\n")
	for i, k := range keys {
		v, err := json.Marshal(vals[k])
		if err != nil {
			return nil, err
		}
		var ind bytes.Buffer
		if err := json.Indent(&ind, v, "  ", "  "); err != nil {
			return nil, err
		}
		kk, _ := json.Marshal(k)
		fmt.Fprintf(&b, "  %s: %s", kk, ind.Bytes())
		if i < len(keys)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	return unescapeHTML(b.Bytes()), nil
}

// unescapeHTML undoes json.Marshal's \u003c-style escapes: the draft is
// read by people, and the config loader treats texts as text.
func unescapeHTML(b []byte) []byte {
	return []byte(strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(b)))
}
