//go:build !(js && wasm)

package consent

import (
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charte/charte/internal/vectors"
	"github.com/charte/charte/inventory"
)

var hexID = regexp.MustCompile(`^[0-9a-f]{32}$`)

func TestCookieVectors(t *testing.T) {
	v, err := vectors.Load()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, g := range v.Groups {
		s := g.SiteOf()
		for _, c := range g.Cases {
			n++
			r := httptest.NewRequest("GET", "/", nil)
			if c.Cookie != "" {
				r.Header.Set("Cookie", c.Cookie)
			}
			got, ok := fromRequest(r, s, time.Unix(g.Now, 0))
			e := c.Expect
			name := g.Name + ": " + c.Name
			if ok != e.OK {
				t.Errorf("%s: ok = %v, want %v (%+v)", name, ok, e.OK, got)
				continue
			}
			if !ok {
				continue
			}
			switch {
			case e.ID == "new":
				if !hexID.MatchString(got.ID) || strings.Contains(c.Cookie, got.ID) || got.Time.Unix() != e.Time {
					t.Errorf("%s: want a new choice dated %d, got id %s at %d", name, e.Time, got.ID, got.Time.Unix())
				}
				// The widget writes it back: it must read as itself.
				if back, err := Decode(got.Value(), s, time.Unix(g.Now, 0)); err != nil || back.ID != got.ID {
					t.Errorf("%s: the merged value %q does not read back: %v", name, got.Value(), err)
				}
			case got.ID != e.ID:
				t.Errorf("%s: id %s, want %s", name, got.ID, e.ID)
			}
			if !slices.Equal(got.Accepted, e.Accepted) || !slices.Equal(got.Refused, e.Refused) {
				t.Errorf("%s: accepted %v refused %v, want %v and %v", name, got.Accepted, got.Refused, e.Accepted, e.Refused)
			}
		}
	}
	if n < 30 {
		t.Fatalf("only %d vectors", n)
	}
}

// The largest config validation allows still gives values that parse: the
// bound on categories keeps every value Charte writes under maxLen.
func TestLargestConfigValueParses(t *testing.T) {
	s := &inventory.Site{Settings: inventory.Settings{Revision: 1 << 30, LifetimeDays: inventory.MaxLifetimeDays},
		Categories: []inventory.Category{{ID: inventory.Necessary, Required: true}}}
	for i := 1; i < inventory.MaxCategories; i++ {
		s.Categories = append(s.Categories, inventory.Category{ID: "c" + strings.Repeat(string(rune('a'+i%26)), 29) + string(rune('a'+i/26)) + "z"})
	}
	var all []string
	for _, c := range s.Categories {
		if len(c.ID) > 32 {
			t.Fatalf("id %q over 32", c.ID)
		}
		all = append(all, c.ID)
	}
	for _, accept := range [][]string{all, nil} {
		c := New(s, accept, now)
		if _, err := Decode(c.Value(), s, now); err != nil {
			t.Errorf("a %d-byte value of the largest config does not parse: %v", len(c.Value()), err)
		}
	}
}
