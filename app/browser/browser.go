//go:build js && wasm

package browser

import (
	"errors"
	"time"

	"syscall/js"

	"github.com/charte/charte/consent"
	"github.com/charte/charte/inventory"
)

// Load reads the hand-over in the widget's private global scope.
func Load() (Boot, error) {
	v := js.Global().Get("charteBoot")
	if v.Type() != js.TypeObject {
		return Boot{}, errors.New("no charteBoot: the widget must be started by embed.js")
	}
	return decode(jsObject{v})
}

// jsObject is the hand-over as the loader made it.
type jsObject struct{ v js.Value }

func (o jsObject) keys() []string {
	list := js.Global().Get("Object").Call("keys", o.v)
	out := make([]string, list.Length())
	for i := range out {
		out[i] = list.Index(i).String()
	}
	return out
}

func (o jsObject) get(key string) (any, Kind) {
	switch v := o.v.Get(key); v.Type() {
	case js.TypeString:
		return v.String(), String
	case js.TypeBoolean:
		return v.Bool(), Boolean
	case js.TypeNumber:
		return v.Float(), Number
	default:
		return nil, Kind(v.Type().String())
	}
}

func (o jsObject) call(key string, args ...any) { o.v.Call(key, args...) }

// Save writes the choice as a first-party cookie of the host page, then has
// embed.js apply it (gated scripts, clean-up, events) and send its proof,
// which says how it was given (source).
func (b Boot) Save(s *inventory.Site, c consent.Choice, source string) {
	loc := js.Global().Get("location")
	https := loc.Get("protocol").String() == "https:"
	js.Global().Get("document").Set("cookie", consent.SetCookie(s, c, loc.Get("hostname").String(), https))
	b.obj.call("saved", c.Value(), source)
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
	b.obj.call("ready", h)
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

// Mark leaves a performance mark, charte:name, beside embed.js's and the
// loader's: the bench's breakdown of a tap, and what a developer sees in
// the browser's tools.
func Mark(name string) {
	if p := js.Global().Get("performance"); p.Truthy() && p.Get("mark").Truthy() {
		p.Call("mark", "charte:"+name)
	}
}

// AfterPaint runs f once the browser has painted a frame: a task after
// the next animation frame (a hidden page, which paints none, after
// 250 ms).
func AfterPaint(f func()) {
	done := false
	var raf, timer js.Func
	run := js.FuncOf(func(js.Value, []js.Value) any {
		if !done {
			done = true
			f()
		}
		return nil
	})
	raf = js.FuncOf(func(js.Value, []js.Value) any {
		js.Global().Call("setTimeout", run, 0)
		return nil
	})
	timer = js.FuncOf(func(js.Value, []js.Value) any {
		js.Global().Call("setTimeout", run, 0)
		return nil
	})
	js.Global().Call("requestAnimationFrame", raf)
	js.Global().Call("setTimeout", timer, 250)
}
