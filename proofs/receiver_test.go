package proofs

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/charte/charte/consent"
	"github.com/charte/charte/inventory"
)

const origin = "https://exemple.fr"

// testSite is the seed exemple.fr with proofs on, at a revision.
func testSite(t testing.TB, revision int) *Site {
	t.Helper()
	s, err := inventory.LoadFile("../config/exemple.fr.json")
	if err != nil {
		t.Fatal(err)
	}
	s.Proofs = true
	s.Revision = revision
	body, _ := json.Marshal(map[string]any{"site": s.ID, "revision": revision, "inventory": s})
	return &Site{Site: s, Texts: &Texts{Hash: hashOf(body), Site: s.ID, Revision: revision, Body: body}}
}

func hashOf(b []byte) string { return fmt.Sprintf("%x", sha256.Sum256(b)) }

func proof(rev int) consent.Proof {
	return consent.Proof{
		Site: "exemple.fr", ID: consent.NewID(), Revision: rev, Time: time.Now().UTC().Format("2006-01-02T15:04:05.000Z"),
		Accepted: []string{"necessary", "statistics"}, Refused: []string{"first-party", "third-party"},
		URL: origin + "/page", Source: "banner", Lang: "fr",
	}
}

func post(h http.Handler, site, from string, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", "http://consent.example/s/"+site+"/proofs", strings.NewReader(body))
	req.Header.Set("Content-Type", "text/plain;charset=UTF-8")
	if from != "" {
		req.Header.Set("Origin", from)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func js(p consent.Proof) string { b, _ := json.Marshal(p); return string(b) }

func count(t *testing.T, s *Store) int {
	n := 0
	if err := s.List(context.Background(), Filter{}, func(Record) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// The receiver takes a well-formed proof from the site's origin, stores it
// with the hash of the texts shown, and refuses anything else with a 4xx
// that says why.
func TestReceiver(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		site := testSite(t, 2)
		off := testSite(t, 1)
		off.ID, off.Proofs = "off.fr", false
		rc := &Receiver{Store: s, Sites: func(id string) *Site {
			return map[string]*Site{"exemple.fr": site, "off.fr": off}[id]
		}}

		good := proof(2)
		rec := post(rc, "exemple.fr", origin, js(good))
		if rec.Code != 204 || rec.Header().Get("Access-Control-Allow-Origin") != origin {
			t.Fatalf("good proof: %d %s %v", rec.Code, rec.Body, rec.Header())
		}
		var got []Record
		s.List(context.Background(), Filter{ConsentID: good.ID}, func(r Record) error { got = append(got, r); return nil })
		if len(got) != 1 || got[0].TextsHash != site.Texts.Hash || got[0].Origin != origin || got[0].Path != "/page" ||
			got[0].Source != "banner" || got[0].Lang != "fr" || got[0].Revision != 2 || time.Since(got[0].Received) > time.Minute {
			t.Fatalf("stored: %+v", got)
		}
		if tx, err := s.TextsByHash(context.Background(), site.Texts.Hash); err != nil || string(tx.Body) != string(site.Texts.Body) {
			t.Errorf("texts shown: %v", err)
		}
		// Charte's own pages (the policy page) may post too, also behind
		// a proxy that terminates https.
		for _, own := range []string{"http://consent.example", "https://consent.example"} {
			if rec := post(rc, "exemple.fr", own, js(proof(2))); rec.Code != 204 {
				t.Errorf("from Charte's own origin %s: %d %s", own, rec.Code, rec.Body)
			}
		}

		with := func(f func(p *consent.Proof)) string { p := proof(2); f(&p); return js(p) }
		for _, c := range []struct {
			name, site, origin, body string
			code                     int
			reason                   string
		}{
			{"unknown site", "nope.fr", origin, js(proof(2)), 404, `no site "nope.fr"`},
			{"proofs off", "off.fr", origin, js(proof(1)), 404, `"proofs": true`},
			{"other origin", "exemple.fr", "https://evil.example", js(proof(2)), 403, "only https://exemple.fr may"},
			{"subdomain of Charte", "exemple.fr", "https://evil.consent.example", js(proof(2)), 403, "may not post"},
			{"opaque origin", "exemple.fr", "null", js(proof(2)), 403, "may not post"},
			{"no origin", "exemple.fr", "", js(proof(2)), 403, "may not post"},
			{"not JSON", "exemple.fr", origin, "site=exemple.fr", 400, "not a JSON proof"},
			{"too big", "exemple.fr", origin, `{"site":"` + strings.Repeat("x", MaxBody) + `"}`, 413, "at most 4096 bytes"},
			{"two values", "exemple.fr", origin, js(proof(2)) + js(proof(2)), 400, "more than one"},
			{"other site in body", "exemple.fr", origin, with(func(p *consent.Proof) { p.Site = "data.tco.re" }), 422, "site:"},
			{"old revision", "exemple.fr", origin, js(proof(0)), 422, "revision: 0 is neither"},
			{"future revision", "exemple.fr", origin, js(proof(3)), 422, "revision: 3"},
			{"short id", "exemple.fr", origin, with(func(p *consent.Proof) { p.ID = "abc" }), 422, "id: want 32"},
			{"bad time", "exemple.fr", origin, with(func(p *consent.Proof) { p.Time = "yesterday" }), 422, "time: want"},
			{"far time", "exemple.fr", origin, with(func(p *consent.Proof) { p.Time = "2001-01-01T00:00:00Z" }), 422, "more than a day"},
			{"unknown category", "exemple.fr", origin, with(func(p *consent.Proof) { p.Accepted = append(p.Accepted, "ads") }), 422, "accepted:"},
			{"missing category", "exemple.fr", origin, with(func(p *consent.Proof) { p.Refused = p.Refused[1:] }), 422, "accepted:"},
			{"necessary refused", "exemple.fr", origin, with(func(p *consent.Proof) {
				p.Accepted, p.Refused = []string{"statistics"}, []string{"necessary", "first-party", "third-party"}
			}), 422, "necessary accepted"},
			{"source", "exemple.fr", origin, with(func(p *consent.Proof) { p.Source = "scroll" }), 422, "source: want one of banner"},
			{"lang", "exemple.fr", origin, with(func(p *consent.Proof) { p.Lang = "<b>" }), 422, "lang:"},
			{"query in url", "exemple.fr", origin, with(func(p *consent.Proof) { p.URL += "?email=a@b.c" }), 422, "url:"},
			{"javascript url", "exemple.fr", origin, with(func(p *consent.Proof) { p.URL = "javascript:alert(1)" }), 422, "url:"},
		} {
			rec := post(rc, c.site, c.origin, c.body)
			if rec.Code != c.code || !strings.Contains(rec.Body.String(), c.reason) {
				t.Errorf("%s: %d %q, want %d with %q", c.name, rec.Code, rec.Body, c.code, c.reason)
			}
		}
		if n := count(t, s); n != 3 {
			t.Errorf("%d records after the refused ones, want 3", n)
		}

		req := httptest.NewRequest("GET", "/s/exemple.fr/proofs", nil)
		req.Header.Set("Origin", origin)
		rec = httptest.NewRecorder()
		rc.ServeHTTP(rec, req)
		if rec.Code != 405 || rec.Header().Get("Allow") != "POST, OPTIONS" {
			t.Errorf("GET: %d %v", rec.Code, rec.Header())
		}
	})
}

// A proof of the revision before the one served is checked against that
// revision's config, as stored when it was served, and keeps its texts.
func TestReceiverPreviousRevision(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		old, cur := testSite(t, 1), testSite(t, 2)
		// Revision 1 had one category fewer.
		old.Categories = old.Categories[:3]
		old.Cookies = nil
		body, _ := json.Marshal(map[string]any{"inventory": old.Site})
		old.Texts.Body = body
		if err := s.PutTexts(context.Background(), old.Texts); err != nil {
			t.Fatal(err)
		}
		rc := &Receiver{Store: s, Sites: func(string) *Site { return cur }}
		p := proof(1)
		if rec := post(rc, "exemple.fr", origin, js(p)); rec.Code != 422 || !strings.Contains(rec.Body.String(), "accepted:") {
			t.Errorf("revision 1 with revision 2's categories: %d %s", rec.Code, rec.Body)
		}
		p.Refused = p.Refused[:1]
		if rec := post(rc, "exemple.fr", origin, js(p)); rec.Code != 204 {
			t.Fatalf("revision 1 with its own categories: %d %s", rec.Code, rec.Body)
		}
		var got Record
		s.List(context.Background(), Filter{ConsentID: p.ID}, func(r Record) error { got = r; return nil })
		if got.TextsHash != old.Texts.Hash || got.Revision != 1 {
			t.Errorf("stored %+v, want revision 1's texts %s", got, old.Texts.Hash)
		}
	})
}

// One client posting too fast is told to wait; another is not.
func TestReceiverRateLimit(t *testing.T) {
	s, err := Open(t.TempDir() + "/p.db")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	site := testSite(t, 1)
	rc := &Receiver{Store: s, Sites: func(string) *Site { return site }, Limit: NewLimiter(60, 3)}
	codes := []int{}
	for i := 0; i < 4; i++ {
		codes = append(codes, post(rc, "exemple.fr", origin, js(proof(1))).Code)
	}
	if codes[0] != 204 || codes[2] != 204 || codes[3] != 429 {
		t.Errorf("codes %v, want 3 × 204 then 429", codes)
	}
	req := httptest.NewRequest("POST", "/s/exemple.fr/proofs", strings.NewReader(js(proof(1))))
	req.Header.Set("Origin", origin)
	req.RemoteAddr = "192.0.2.9:1234"
	rec := httptest.NewRecorder()
	rc.ServeHTTP(rec, req)
	if rec.Code != 204 {
		t.Errorf("another client: %d %s", rec.Code, rec.Body)
	}
	// The bucket refills at the rate: a second later one more is taken.
	l := NewLimiter(60, 1)
	now := time.Now()
	if l.Take("a", now) != 0 || l.Take("a", now) == 0 || l.Take("a", now.Add(1100*time.Millisecond)) != 0 {
		t.Error("the bucket does not refill at 1/s")
	}
}

// The database down: 503, and the receiver works again once it is back.
func TestReceiverUnavailable(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir + "/not-yet/p.db")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	site := testSite(t, 1)
	rc := &Receiver{Store: s, Sites: func(string) *Site { return site }}
	rec := post(rc, "exemple.fr", origin, js(proof(1)))
	if rec.Code != 503 || rec.Header().Get("Retry-After") == "" {
		t.Errorf("database unreachable: %d %s", rec.Code, rec.Body)
	}
	os.Mkdir(dir+"/not-yet", 0o755)
	if rec := post(rc, "exemple.fr", origin, js(proof(1))); rec.Code != 204 {
		t.Errorf("database back: %d %s", rec.Code, rec.Body)
	}
}
