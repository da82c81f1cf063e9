package consent

import (
	"strings"
	"time"

	"github.com/charte/charte/inventory"
)

// Merge is the consent that several cookies_preferences values give
// together, as a browser may send more than one (another path, or a
// Domain set by a sibling subdomain). Any page of a sibling host can write
// a copy, so a copy may take consent away but never add it: a category is
// accepted only when every value that holds accepts it. The result is the
// newest holding value that says exactly that (the first of equals), else
// a new choice with a fresh id, dated as the oldest value so that it
// expires no later than any of them; the widget writes it back as the one
// cookie. ok is false when no value holds.
func Merge(values []string, s *inventory.Site, now time.Time) (c Choice, ok bool) {
	var valid []Choice
	for _, v := range values {
		if d, err := Decode(v, s, now); err == nil {
			valid = append(valid, d)
		}
	}
	if len(valid) == 0 {
		return Choice{}, false
	}
	merged := Choice{Revision: s.Revision, Time: valid[0].Time, Accepted: []string{}, Refused: []string{}}
	for _, cat := range s.Categories {
		all := true
		for _, v := range valid {
			all = all && v.Allows(cat.ID)
		}
		if all {
			merged.Accepted = append(merged.Accepted, cat.ID)
		} else {
			merged.Refused = append(merged.Refused, cat.ID)
		}
	}
	var best *Choice
	for i, v := range valid {
		if v.Time.Before(merged.Time) {
			merged.Time = v.Time
		}
		if len(v.Accepted) == len(merged.Accepted) && (best == nil || v.Time.After(best.Time)) {
			best = &valid[i] // same size and a subset of every value: the same set
		}
	}
	if best != nil {
		return *best, true
	}
	merged.ID = NewID()
	return merged, true
}

// Values lists the cookies_preferences values of a Cookie header or of
// document.cookie ("a=1; b=2"), in order, as written: a quoted value
// stays quoted, so Parse refuses it as the widget does.
func Values(cookies string) []string {
	var out []string
	for _, part := range strings.Split(cookies, ";") {
		name, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && name == CookieName {
			out = append(out, value)
		}
	}
	return out
}
