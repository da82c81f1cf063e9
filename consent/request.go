package consent

import (
	"net/http"
	"time"

	"github.com/charte/charte/inventory"
)

// FromRequest returns the visitor's choice for the site, as sent in the
// request's cookies_preferences cookie. ok is false when there is no choice
// that holds: treat the visitor as having refused every optional category.
func FromRequest(r *http.Request, s *inventory.Site) (c Choice, ok bool) {
	// A browser may send a stale duplicate (another path or domain); any one
	// that holds is the visitor's.
	var best Choice
	for _, ck := range r.CookiesNamed(CookieName) {
		if c, err := Decode(ck.Value, s, time.Now()); err == nil && (!ok || c.Time.After(best.Time)) {
			best, ok = c, true
		}
	}
	return best, ok
}

// Allowed reports whether the request's visitor accepted a category.
// Required categories are always allowed.
func Allowed(r *http.Request, s *inventory.Site, category string) bool {
	if cat := s.Category(category); cat != nil && cat.Required {
		return true
	}
	c, ok := FromRequest(r, s)
	return ok && c.Allows(category)
}
