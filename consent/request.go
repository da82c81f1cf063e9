//go:build !(js && wasm)

// The request side of consent is for Go back-ends; the browser build
// leaves it out so that app.wasm does not link net/http.

package consent

import (
	"net/http"
	"time"

	"github.com/charte/charte/inventory"
)

// FromRequest returns the visitor's stored choice for the site, as sent in
// the request's cookies_preferences cookie. ok is false when there is no
// stored choice that holds: treat the visitor as having refused every
// optional category. It ignores Sec-GPC; Effective takes it into account.
func FromRequest(r *http.Request, s *inventory.Site) (c Choice, ok bool) {
	return fromRequest(r, s, time.Now())
}

// fromRequest reads the request's values as the widget reads
// document.cookie: each Cookie header as written, so a quoted value,
// which Charte never writes, is refused here as there; several values
// that hold are merged (Merge), so a copy set by a sibling subdomain
// cannot add consent.
func fromRequest(r *http.Request, s *inventory.Site, now time.Time) (Choice, bool) {
	var values []string
	for _, h := range r.Header.Values("Cookie") {
		values = append(values, Values(h)...)
	}
	return Merge(values, s, now)
}

// Source says where the consent that applies to a request comes from.
type Source int

const (
	// Unasked: no stored choice and no signal. Every optional category is
	// refused until the visitor chooses; the banner must ask.
	Unasked Source = iota
	// Stored: the visitor's own choice, from cookies_preferences. It wins
	// over Sec-GPC: an explicit opt-in made with GPC on still holds.
	Stored
	// GPC: no stored choice, and the request carries Sec-GPC: 1, which
	// counts as a refusal of every optional category. The banner may still
	// show, saying the signal was honoured, to let the visitor opt in.
	GPC
)

func (s Source) String() string {
	switch s {
	case Stored:
		return "stored"
	case GPC:
		return "gpc"
	}
	return "unasked"
}

// HasGPC reports whether the request carries the Global Privacy Control
// signal (Sec-GPC: 1).
func HasGPC(r *http.Request) bool { return r.Header.Get("Sec-GPC") == "1" }

// Effective returns the consent that applies to the request and where it
// comes from. With a stored choice, that choice (Stored). Otherwise a
// refusal of every optional category, with no ID and a zero Time as no
// visitor made it: GPC when the request sent Sec-GPC: 1, else Unasked.
func Effective(r *http.Request, s *inventory.Site) (Choice, Source) {
	if c, ok := FromRequest(r, s); ok {
		return c, Stored
	}
	// Nobody made this one: no id, no time.
	c := New(s, nil, time.Time{})
	c.ID, c.Time = "", time.Time{}
	if HasGPC(r) {
		return c, GPC
	}
	return c, Unasked
}

// Allowed reports whether the request's visitor accepted a category.
// Required categories are always allowed; an optional one only by a stored
// choice, so Sec-GPC: 1 without a stored opt-in means refused.
func Allowed(r *http.Request, s *inventory.Site, category string) bool {
	c, _ := Effective(r, s)
	return c.Allows(category)
}
