//go:build !(js && wasm)

package consent

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Sec-GPC: 1 without a stored choice refuses every optional category; a
// stored choice, opt-in or not, wins over it.
func TestGPCRequest(t *testing.T) {
	s := site(t)
	for _, c := range []struct {
		name       string
		gpc        string
		cookie     []string // accepted categories of a stored choice; nil: none
		source     Source
		statistics bool
	}{
		{"nothing", "", nil, Unasked, false},
		{"gpc alone", "1", nil, GPC, false},
		{"gpc other value", "0", nil, Unasked, false},
		{"stored opt-in with gpc", "1", []string{"statistics"}, Stored, true},
		{"stored refusal with gpc", "1", []string{}, Stored, false},
		{"stored opt-in", "", []string{"statistics"}, Stored, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			if c.gpc != "" {
				r.Header.Set("Sec-GPC", c.gpc)
			}
			var stored Choice
			if c.cookie != nil {
				stored = New(s, c.cookie, time.Now())
				r.Header.Set("Cookie", CookieName+"="+stored.Value())
			}
			got, src := Effective(r, s)
			if src != c.source {
				t.Errorf("source %v, want %v", src, c.source)
			}
			if HasGPC(r) != (c.gpc == "1") {
				t.Errorf("HasGPC = %v with Sec-GPC %q", HasGPC(r), c.gpc)
			}
			if got.Allows("statistics") != c.statistics || Allowed(r, s, "statistics") != c.statistics {
				t.Errorf("statistics allowed %v / %v, want %v", got.Allows("statistics"), Allowed(r, s, "statistics"), c.statistics)
			}
			if !got.Allows("necessary") || !Allowed(r, s, "necessary") {
				t.Error("necessary refused")
			}
			if src == Stored {
				if got.ID != stored.ID {
					t.Errorf("id %q, want the stored %q", got.ID, stored.ID)
				}
				return
			}
			// No visitor made it: no id, no time; every optional category refused.
			if got.ID != "" || !got.Time.IsZero() {
				t.Errorf("unstored consent has id %q time %v", got.ID, got.Time)
			}
			if strings.Join(got.Accepted, ".") != "necessary" || strings.Join(got.Refused, ".") != "statistics.first-party.third-party" {
				t.Errorf("accepted %v refused %v", got.Accepted, got.Refused)
			}
			if _, ok := FromRequest(r, s); ok {
				t.Error("FromRequest reports a stored choice")
			}
		})
	}
}

// A stale or garbled copy next to a GPC header is no choice.
func TestGPCWithInvalidCookie(t *testing.T) {
	s := site(t)
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Sec-GPC", "1")
	old := New(s, []string{"statistics"}, time.Now().Add(-200*24*time.Hour))
	r.Header.Set("Cookie", CookieName+"="+old.Value())
	if c, src := Effective(r, s); src != GPC || c.Allows("statistics") {
		t.Errorf("expired opt-in with GPC gave %v %+v", src, c)
	}
}
