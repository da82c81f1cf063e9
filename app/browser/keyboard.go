//go:build js && wasm

package browser

import "syscall/js"

// Keyboard is ui.Keyboard on the widget's shadow root.
type Keyboard struct {
	opener js.Value // focused before a dialog opened; gets focus back
}

// focusable is what Tab reaches in a dialog.
const focusable = `button:not([disabled]), a[href], summary, [tabindex]:not([tabindex="-1"])`

// root is the widget's shadow root: go-app's body (the loader's mount) is
// inside it.
func root() js.Value {
	return js.Global().Get("document").Get("body").Call("getRootNode")
}

// Remember keeps the element that has focus: a control of the widget, or
// the host's element.
func (k *Keyboard) Remember() {
	active := root().Get("activeElement")
	if !active.Truthy() {
		active = js.Global().Get("document").Get("activeElement")
	}
	k.opener = active
}

// Restore gives focus back to the remembered element, if still there.
func (k *Keyboard) Restore() bool {
	o := k.opener
	k.opener = js.Undefined()
	if !o.Truthy() || !o.Get("isConnected").Bool() {
		return false
	}
	o.Call("focus")
	return true
}

// Focus focuses the nth element of the widget that matches selector.
func (k *Keyboard) Focus(selector string, nth int) {
	if el := root().Call("querySelectorAll", selector).Index(nth - 1); el.Truthy() {
		el.Call("focus")
	}
}

// Trap wraps Tab around the open dialog's controls.
func (k *Keyboard) Trap(shift bool) bool {
	r := root()
	dialog := r.Call("querySelector", "[aria-modal=true]")
	if !dialog.Truthy() {
		return false
	}
	list := dialog.Call("querySelectorAll", focusable)
	n := list.Length()
	if n == 0 {
		return false
	}
	first, last := list.Index(0), list.Index(n-1)
	active := r.Get("activeElement")
	switch {
	case shift && (active.Equal(first) || active.Equal(dialog)):
		last.Call("focus")
		return true
	case !shift && active.Equal(last):
		first.Call("focus")
		return true
	}
	return false
}
