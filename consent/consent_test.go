package consent

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charte/charte/inventory"
)

func site(t testing.TB) *inventory.Site {
	s, err := inventory.LoadFile("../config/data.tco.re.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var now = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func TestValueRoundTrip(t *testing.T) {
	s := site(t)
	c := New(s, []string{"statistics", "nonsense"}, now)
	v := c.Value()
	want := "v=1&id=" + c.ID + "&rev=1&t=1795341600&acc=necessary.statistics&ref=first-party.third-party"
	if v != want {
		t.Fatalf("value\n got %s\nwant %s", v, want)
	}
	got, err := Decode(v, s, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != c.ID || !got.Time.Equal(c.Time) || !got.Allows("statistics") || got.Allows("third-party") || !got.Allows("necessary") {
		t.Errorf("decoded %+v from %+v", got, c)
	}
	if New(s, nil, now).ID == c.ID {
		t.Error("consent ids repeat")
	}
}

func TestNecessaryAlwaysAccepted(t *testing.T) {
	c := New(site(t), nil, now)
	if !c.Allows("necessary") || len(c.Refused) != 3 {
		t.Errorf("reject all gave %+v", c)
	}
}

func TestInvalidChoices(t *testing.T) {
	s := site(t)
	good := New(s, []string{"statistics"}, now).Value()
	id := strings.Split(strings.Split(good, "&")[1], "=")[1]
	cases := map[string]struct {
		value string
		at    time.Time
		want  error
	}{
		"missing":            {"", now, ErrMissing},
		"garbled":            {"%%%not a choice", now, ErrGarbled},
		"cut short":          {good[:30], now, ErrGarbled},
		"reordered":          {strings.Replace(good, "v=1&id="+id, "id="+id+"&v=1", 1), now, ErrGarbled},
		"bad id":             {strings.Replace(good, id, "XYZ", 1), now, ErrGarbled},
		"both ways":          {strings.Replace(good, "ref=first-party", "ref=statistics.first-party", 1), now, ErrGarbled},
		"repeated category":  {strings.Replace(good, "acc=necessary", "acc=necessary.necessary", 1), now, ErrGarbled},
		"other version":      {strings.Replace(good, "v=1", "v=2", 1), now, ErrVersion},
		"older revision":     {strings.Replace(good, "rev=1", "rev=0", 1), now, ErrGarbled},
		"newer revision":     {strings.Replace(good, "rev=1", "rev=2", 1), now, ErrRevision},
		"expired":            {good, now.Add(182 * 24 * time.Hour), ErrExpired},
		"from the future":    {good, now.Add(-48 * time.Hour), ErrFuture},
		"unknown category":   {strings.Replace(good, "ref=first-party", "ref=ads.first-party", 1), now, ErrCategory},
		"missing category":   {strings.Replace(good, ".third-party", "", 1), now, ErrCategory},
		"necessary refused":  {strings.Replace(strings.Replace(good, "acc=necessary.", "acc=", 1), "ref=", "ref=necessary.", 1), now, ErrCategory},
		"trailing separator": {good + "&", now, ErrGarbled},
	}
	for name, c := range cases {
		_, err := Decode(c.value, s, c.at)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %q gave %v, want %v", name, c.value, err, c.want)
		}
	}
	// Bumping the config's revision asks again.
	s.Revision = 2
	if _, err := Decode(good, s, now); !errors.Is(err, ErrRevision) {
		t.Errorf("older revision accepted: %v", err)
	}
	// A choice still holds the second before it expires.
	s.Revision = 1
	if _, err := Decode(good, s, now.Add(182*24*time.Hour-time.Second)); err != nil {
		t.Errorf("choice expired early: %v", err)
	}
}

// FuzzParse: parsing never panics, and what it accepts is exactly what
// Value writes back.
func FuzzParse(f *testing.F) {
	f.Add("v=1&id=0123456789abcdef0123456789abcdef&rev=1&t=1763805600&acc=necessary.statistics&ref=first-party.third-party")
	f.Add("v=1&id=0123456789abcdef0123456789abcdef&rev=3&t=1&acc=necessary&ref=")
	f.Add("v=2&x")
	f.Add("")
	f.Add("v=1&id=&rev=&t=&acc=&ref=")
	f.Fuzz(func(t *testing.T, v string) {
		c, err := Parse(v)
		if err != nil {
			return
		}
		if c.Value() != v {
			t.Fatalf("Parse(%q) accepted a value that encodes back as %q", v, c.Value())
		}
	})
}

func TestSetCookie(t *testing.T) {
	s := site(t)
	c := New(s, nil, now)
	got := SetCookie(s, c, "data.tco.re", true)
	if want := "cookies_preferences=" + c.Value() + "; Path=/; Max-Age=15724800; SameSite=Lax; Secure"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	s.CookieDomain = ".tco.re"
	if got := SetCookie(s, c, "data.tco.re", false); !strings.HasSuffix(got, "; SameSite=Lax; Domain=.tco.re") {
		t.Errorf("domain not set: %s", got)
	}
	if got := SetCookie(s, c, "127.0.0.1", false); strings.Contains(got, "Domain") {
		t.Errorf("domain set on a foreign host: %s", got)
	}
}
