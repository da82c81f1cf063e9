package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charte/charte/internal/lazyre"
)

// Error is one problem in a config file, located for an editor.
type Error struct {
	File      string
	Line, Col int
	Path      string // JSON path of the offending value, e.g. cookies[2].category
	Msg       string // what is wrong
	Fix       string // what to do
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Line == 0 {
		b.WriteString(e.File + ": ") // the file as a whole: it cannot be read
	} else {
		fmt.Fprintf(&b, "%s:%d:%d: ", e.File, e.Line, e.Col)
	}
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
	if e.Fix != "" {
		b.WriteString("; " + e.Fix)
	}
	return printable(b.String())
}

// printable escapes what a terminal would obey: a file name, a JSON key
// or a value quoted in a message cannot move the cursor or clear the
// operator's screen.
func printable(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsPrint(r) || r == ' ' {
			b.WriteRune(r)
		} else {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
	}
	return b.String()
}

// Errors is every problem found in one file, in file order.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Languages Charte has interface text for.
var Supported = []string{"fr", "en", "de", "es", "it", "nl"}

// ConsentModeKeys are the Google Consent Mode v2 storage types.
var ConsentModeKeys = []string{"ad_storage", "analytics_storage", "ad_user_data", "ad_personalization",
	"functionality_storage", "personalization_storage", "security_storage"}

var (
	siteIDRe     = &lazyre.Regexp{Src: `^[a-z0-9][a-z0-9.-]*$`}
	cookieNameRe = &lazyre.Regexp{Src: `^[!#$%&'*+\-.^_` + "`" + `|~0-9A-Za-z]+$`}
	domainRe     = &lazyre.Regexp{Src: `^\.?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$`}
)

// known lists the fields each kind of object may hold; objects not listed
// (texts, consentMode) are checked by validate.
var known = map[string][]string{
	"":             {"$schema", "name", "url", "languages", "defaultLanguage", "revision", "lifetimeDays", "cookieDomain", "categories", "cookies", "consentMode", "proofEndpoint", "proofs", "proofRetentionDays", "theme", "layout", "reopenButton"},
	"theme":        {"accent", "accentText", "background", "text", "radius", "font", "dark"},
	"theme.dark":   {"accent", "accentText", "background", "text", "radius", "font"},
	"categories[]": {"id", "required", "title", "description"},
	"cookies[]":    {"provider", "service", "names", "pattern", "purpose", "category", "duration", "link"},
}

// LoadFile reads and checks config/<site>.json; the site id is the file name.
func LoadFile(path string) (*Site, error) {
	data, err := readConfig(path)
	if err != nil {
		return nil, err
	}
	return Load(path, data)
}

// Load checks one config file's bytes. name is used in errors and gives the
// site id.
func Load(name string, data []byte) (*Site, error) {
	p := &parser{file: name, data: data, pos: map[string]int{}}
	id := strings.TrimSuffix(filepath.Base(name), ".json")
	if !siteIDRe.MatchString(id) {
		p.errAt(0, "", fmt.Sprintf("the file name gives the site id %q, which cannot be used in a URL", id),
			"name the file after the site, in lower case: config/example.org.json")
		return nil, p.errs
	}
	if !p.walk() {
		return nil, p.errs
	}
	var s Site
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&s); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			p.errAt(int(te.Offset), te.Field, fmt.Sprintf("expected %s, found a JSON %s", kindOf(te.Type.String()), te.Value),
				"see config/schema.json for the expected type")
		} else {
			p.errAt(0, "", err.Error(), "")
		}
		return nil, p.errs
	}
	s.ID = id
	p.validate(&s)
	if len(p.errs) > 0 {
		slices.SortStableFunc(p.errs, func(a, b *Error) int {
			if a.Line != b.Line {
				return a.Line - b.Line
			}
			return a.Col - b.Col
		})
		return nil, p.errs
	}
	return &s, nil
}

// LoadDir loads every site config of dir (ConfigFiles). Broken files are
// reported in errs and left out of sites, so the others still serve.
func LoadDir(dir string) (sites []*Site, errs []error) {
	files, err := ConfigFiles(dir)
	if err != nil {
		return nil, []error{err}
	}
	for _, f := range files {
		if s, err := LoadFile(f); err != nil {
			errs = append(errs, err)
		} else {
			sites = append(sites, s)
		}
	}
	return sites, errs
}

// ConfigFiles lists the site configs of a folder: its .json files, but
// the schema that may stand beside them.
func ConfigFiles(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	return Configs(files), err
}

// Configs keeps the site configs of a list of .json files: the schema
// that editors read (config/schema.json) is not one.
func Configs(files []string) []string {
	return slices.DeleteFunc(files, func(f string) bool { return filepath.Base(f) == "schema.json" })
}

func kindOf(goType string) string {
	switch {
	case strings.HasPrefix(goType, "int"):
		return "a whole number"
	case goType == "string":
		return "a string"
	case goType == "bool":
		return "true or false"
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	case strings.HasPrefix(goType, "map"), strings.HasPrefix(goType, "inventory."):
		return "an object"
	}
	return goType
}

type parser struct {
	file string
	data []byte
	pos  map[string]int // JSON path → byte offset where its value starts
	keys map[string]int // JSON path → byte offset of its key
	errs Errors
}

// lineCol turns a byte offset into 1-based line and column (in characters).
func (p *parser) lineCol(off int) (int, int) {
	off = min(max(off, 0), len(p.data))
	before := p.data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}

func (p *parser) errAt(off int, path, msg, fix string) {
	line, col := p.lineCol(off)
	p.errs = append(p.errs, &Error{File: p.file, Line: line, Col: col, Path: path, Msg: msg, Fix: fix})
}

// err locates path's value, or its closest enclosing value that exists.
func (p *parser) err(path, msg, fix string) {
	for q := path; ; q = parent(q) {
		if off, ok := p.pos[q]; ok {
			p.errAt(off, path, msg, fix)
			return
		}
		if q == "" {
			p.errAt(0, path, msg, fix)
			return
		}
	}
}

func parent(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

func (p *parser) has(path string) bool { _, ok := p.pos[path]; return ok }

// skip moves past the separators between JSON tokens.
func (p *parser) skip(off int) int {
	for off < len(p.data) && strings.IndexByte(" \t\r\n,:", p.data[off]) >= 0 {
		off++
	}
	return off
}

// walk records where every value starts, and reports syntax errors,
// duplicate keys and unknown fields.
func (p *parser) walk() bool {
	dec := json.NewDecoder(bytes.NewReader(p.data))
	dec.UseNumber()
	p.keys = map[string]int{}
	var syntax error
	var value func(path string) bool
	value = func(path string) bool {
		p.pos[path] = p.skip(int(dec.InputOffset()))
		tok, err := dec.Token()
		if err != nil {
			syntax = err
			return false
		}
		switch tok {
		case json.Delim('{'):
			allowed, checked := known[generic(path)]
			for dec.More() {
				keyOff := p.skip(int(dec.InputOffset()))
				kt, err := dec.Token()
				if err != nil {
					syntax = err
					return false
				}
				key := kt.(string)
				child := key
				if path != "" {
					child = path + "." + key
				}
				if _, dup := p.keys[child]; dup {
					p.errAt(keyOff, child, fmt.Sprintf("%q is given twice", key), "keep one of them")
				}
				p.keys[child] = keyOff
				if checked && !slices.Contains(allowed, key) {
					p.errAt(keyOff, child, fmt.Sprintf("unknown field %q", key), suggest(key, allowed))
				}
				if !value(child) {
					return false
				}
			}
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if !value(path + "[" + strconv.Itoa(i) + "]") {
					return false
				}
			}
		default:
			return true
		}
		if _, err := dec.Token(); err != nil { // closing delimiter
			syntax = err
			return false
		}
		return true
	}
	ok := value("")
	if ok {
		if _, err := dec.Token(); err == nil {
			p.errAt(int(dec.InputOffset()), "", "more than one JSON value in the file", "keep a single object")
			return false
		}
	}
	if syntax != nil {
		off := int(dec.InputOffset())
		var se *json.SyntaxError
		if errors.As(syntax, &se) {
			off = int(se.Offset)
		}
		msg := syntax.Error()
		if errors.Is(syntax, io.EOF) || strings.Contains(msg, "unexpected EOF") {
			msg, off = "the file ends before the JSON is complete", len(p.data)
		}
		p.errAt(off, "", "malformed JSON: "+strings.TrimPrefix(msg, "json: "), syntaxFix(p.data, off))
		return false
	}
	if _, isObj := p.pos[""]; isObj && (len(bytes.TrimSpace(p.data)) == 0 || bytes.TrimSpace(p.data)[0] != '{') {
		p.errAt(p.pos[""], "", "the config must be a JSON object", `start the file with { "name": … }`)
		return false
	}
	return len(p.errs) == 0
}

// generic turns cookies[3] into cookies[] to look up known fields.
var indexRe = &lazyre.Regexp{Src: `\[\d+\]`}

func generic(path string) string { return indexRe.ReplaceAllString(path, "[]") }

// suggest names the closest known field, or lists them.
func suggest(key string, allowed []string) string {
	best, bestD := "", 3
	for _, a := range allowed {
		if d := distance(strings.ToLower(key), strings.ToLower(a)); d < bestD {
			best, bestD = a, d
		}
	}
	if best != "" {
		return fmt.Sprintf("did you mean %q?", best)
	}
	return "remove it; known fields are " + strings.Join(allowed, ", ")
}

// distance is the Levenshtein distance.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

// syntaxFix says what most likely went wrong where the JSON stopped
// parsing at off: a comment, a comma before a closing bracket, an empty
// file, or else a missing comma, quote or bracket.
func syntaxFix(data []byte, off int) string {
	off = min(max(off, 0), len(data))
	rest := bytes.TrimLeft(data[min(max(off-1, 0), len(data)):], " \t\r\n")
	before := bytes.TrimRight(data[:max(off-1, 0)], " \t\r\n")
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return `the file is empty: start it with { "name": … }`
	case bytes.HasPrefix(rest, []byte("//")) || bytes.HasPrefix(rest, []byte("/*")):
		return "JSON has no comments: remove them"
	case (bytes.HasPrefix(rest, []byte("}")) || bytes.HasPrefix(rest, []byte("]"))) && bytes.HasSuffix(before, []byte(",")):
		return "remove the comma before this closing bracket"
	}
	return "check for a missing comma, quote or bracket near here"
}
