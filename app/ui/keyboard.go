package ui

// Keyboard moves focus for keyboard and screen-reader users. The browser
// layer (app/browser) implements it on the widget's shadow root, so that
// the components hold no DOM calls; without one (the prerendered page)
// focus is left alone.
type Keyboard interface {
	// Remember keeps the element that has focus now, in the widget or in
	// the host page.
	Remember()
	// Restore focuses that element again if it is still in the page, and
	// reports whether it could.
	Restore() bool
	// Focus focuses the nth element (from 1) of the widget that matches
	// selector, if there is one.
	Focus(selector string, nth int)
	// Trap keeps Tab inside the open dialog: Tab on its last control goes
	// to the first, Shift-Tab on its first (or on the dialog) to the last.
	// It reports whether it moved focus, so the key's own move is stopped.
	Trap(shift bool) bool
}

// noKeyboard is the prerendered page's: there is no focus to move.
type noKeyboard struct{}

func (noKeyboard) Remember()            {}
func (noKeyboard) Restore() bool        { return false }
func (noKeyboard) Focus(string, int)    {}
func (noKeyboard) Trap(shift bool) bool { return false }

// keys is the widget's Keyboard, or one that does nothing.
func (w *Widget) keys() Keyboard {
	if w.Keyboard == nil {
		return noKeyboard{}
	}
	return w.Keyboard
}
