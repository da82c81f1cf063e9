// Package browser is the widget's only contact with the page: it reads what
// embed.js hands over, writes the choice on the host's document.cookie and
// tells embed.js to apply it. Everything with syscall/js stays in its
// js && wasm files; what the hand-over holds and how it is read are here,
// so that they compile and are tested natively.
package browser

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/charte/charte/inventory"
)

// Kind is what a key of the hand-over holds, as JavaScript's typeof names it.
type Kind string

// The kinds the hand-over's keys hold.
const (
	String   Kind = "string"
	Boolean  Kind = "boolean"
	Number   Kind = "number"
	Function Kind = "function"
	Missing  Kind = "undefined"
)

// Key is one key of the hand-over and what it holds.
type Key struct {
	Name string
	Kind Kind
}

// Boot is the hand-over from embed.js, through the loader's charteBoot:
// the one definition of it, which the loader (web/loader/handover.js) sends key for
// key (e2e/handover_test.go checks).
type Boot struct {
	Inventory string // the site's normalized inventory, as JSON
	Lang      string // the language embed.js chose for the page
	Modal     string // the dialog to open at once ("prefs", "charte"), or ""
	GPC       bool   // the browser sends Global Privacy Control
	// Banner: the visitor must still be asked, read as the wasm starts: a
	// choice made on the prerendered banner counts.
	Banner  bool
	Current string // the cookie value of the visitor's valid choice, or ""
	// Focus is where focus is in the prerendered banner the widget
	// replaces: 1 + the index of the focused element among the banner and
	// its buttons, 0 when it is elsewhere (the widget then leaves it there).
	Focus int

	obj object // the hand-over itself, for its functions saved and ready
}

// fields is the hand-over key by key: what each holds and which field of
// Boot takes it. saved and ready are called, not copied.
var fields = []struct {
	Key
	set func(b *Boot, v any)
}{
	{Key{"inventory", String}, func(b *Boot, v any) { b.Inventory = v.(string) }},
	{Key{"lang", String}, func(b *Boot, v any) { b.Lang = v.(string) }},
	{Key{"modal", String}, func(b *Boot, v any) { b.Modal = v.(string) }},
	{Key{"gpc", Boolean}, func(b *Boot, v any) { b.GPC = v.(bool) }},
	{Key{"banner", Boolean}, func(b *Boot, v any) { b.Banner = v.(bool) }},
	{Key{"current", String}, func(b *Boot, v any) { b.Current = v.(string) }},
	{Key{"focus", Number}, func(b *Boot, v any) { b.Focus = int(v.(float64)) }},
	{Key{"saved", Function}, nil}, // saved(value, source): a choice is in the cookie
	{Key{"ready", Function}, nil}, // ready(handle): the widget is up
}

// Keys lists the hand-over's keys, each with what it holds.
func Keys() []Key {
	out := make([]Key, len(fields))
	for i, f := range fields {
		out[i] = f.Key
	}
	return out
}

// object is the hand-over as decode reads it: the JavaScript object in the
// browser (browser.go), a map in the tests.
type object interface {
	// keys lists the object's own keys.
	keys() []string
	// get returns key's value and kind: a string, bool or float64 for
	// String, Boolean and Number, nil for the other kinds.
	get(key string) (any, Kind)
	// call calls the function at key.
	call(key string, args ...any)
}

// decode reads the hand-over o: each key of fields, of its kind, and no
// other key. An error names every key that is not as it should be.
func decode(o object) (Boot, error) {
	b := Boot{obj: o}
	var bad []string
	known := map[string]bool{}
	for _, f := range fields {
		known[f.Name] = true
		switch v, kind := o.get(f.Name); {
		case kind == Missing:
			bad = append(bad, f.Name+" is missing")
		case kind != f.Kind:
			bad = append(bad, fmt.Sprintf("%s is of type %s, not %s", f.Name, kind, f.Kind))
		case f.set != nil:
			f.set(&b, v)
		}
	}
	for _, k := range o.keys() {
		if !known[k] {
			bad = append(bad, k+" is unknown")
		}
	}
	if len(bad) > 0 {
		return Boot{}, errors.New("the loader's hand-over (charteBoot): " + strings.Join(bad, "; "))
	}
	return b, nil
}

// Site decodes the normalized inventory the loader fetched.
func (b Boot) Site() (*inventory.Site, error) {
	var s inventory.Site
	if err := json.Unmarshal([]byte(b.Inventory), &s); err != nil {
		return nil, err
	}
	if len(s.Categories) == 0 {
		return nil, errors.New("the inventory lists no category")
	}
	return &s, nil
}
