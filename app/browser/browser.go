//go:build js && wasm

// Package browser is the widget's only contact with the page: it reads what
// embed.js hands over, writes the choice on the host's document.cookie and
// tells embed.js to apply it. Everything with syscall/js stays here.
package browser

import (
	"encoding/json"
	"errors"
	"time"

	"syscall/js"

	"github.com/charte/charte/consent"
	"github.com/charte/charte/inventory"
)

// Boot is the hand-over from embed.js (through the loader's charteBoot).
type Boot struct{ v js.Value }

// Load finds the hand-over in the widget's private global scope.
func Load() (Boot, error) {
	v := js.Global().Get("charteBoot")
	if v.Type() != js.TypeObject {
		return Boot{}, errors.New("no charteBoot: the widget must be started by embed.js")
	}
	return Boot{v}, nil
}

// Site decodes the normalized inventory the loader fetched.
func (b Boot) Site() (*inventory.Site, error) {
	var s inventory.Site
	if err := json.Unmarshal([]byte(b.v.Get("inventory").String()), &s); err != nil {
		return nil, err
	}
	if len(s.Categories) == 0 {
		return nil, errors.New("the inventory lists no category")
	}
	return &s, nil
}

func (b Boot) str(k string) string { return b.v.Get(k).String() }

// Lang is the language embed.js chose for the page.
func (b Boot) Lang() string { return b.str("lang") }

// Modal is the dialog to open at once ("prefs", "charte"), or "".
func (b Boot) Modal() string { return b.str("modal") }

// GPC reports whether the browser sends Global Privacy Control.
func (b Boot) GPC() bool { return b.v.Get("gpc").Truthy() }

// Banner reports whether the visitor must still be asked, read when the
// wasm starts: a choice made on the prerendered banner counts.
func (b Boot) Banner() bool { return b.v.Get("banner").Truthy() }

// Current is the cookie value of the visitor's valid choice, or "".
func (b Boot) Current() string { return b.str("current") }

// Focus is where focus is in the prerendered banner the widget replaces: 1
// + the index of the focused element among the banner and its buttons, 0
// when it is elsewhere (the widget then leaves it there).
func (b Boot) Focus() int {
	if f := b.v.Get("focus"); f.Type() == js.TypeNumber {
		return f.Int()
	}
	return 0
}

// Save writes the choice as a first-party cookie of the host page, then has
// embed.js apply it (gated scripts, clean-up, events) and send its proof,
// which says how it was given (source).
func (b Boot) Save(s *inventory.Site, c consent.Choice, source string) {
	loc := js.Global().Get("location")
	https := loc.Get("protocol").String() == "https:"
	js.Global().Get("document").Set("cookie", consent.SetCookie(s, c, loc.Get("hostname").String(), https))
	b.v.Call("saved", c.Value(), source)
}

// Ready gives embed.js the widget's handle: open(modal) shows a dialog,
// update(value) follows a choice made elsewhere (JS API, another tab).
func (b Boot) Ready(open func(modal string), update func(value string)) {
	h := js.Global().Get("Object").New()
	h.Set("open", js.FuncOf(func(this js.Value, args []js.Value) any {
		open(args[0].String())
		return nil
	}))
	h.Set("update", js.FuncOf(func(this js.Value, args []js.Value) any {
		update(args[0].String())
		return nil
	}))
	b.v.Call("ready", h)
}

// Choice decodes a cookie value that embed.js found valid, merged with
// the values in document.cookie by the same rule as embed.js and Go
// (consent.Merge): a copy set by a sibling subdomain adds no consent.
func Choice(s *inventory.Site, value string) *consent.Choice {
	if _, err := consent.Decode(value, s, time.Now()); err != nil {
		return nil
	}
	values := append(consent.Values(js.Global().Get("document").Get("cookie").String()), value)
	c, ok := consent.Merge(values, s, time.Now())
	if !ok {
		return nil
	}
	return &c
}
