package e2e

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charte/charte/inventory"
	"github.com/charte/charte/proofs"
	"github.com/charte/charte/server"
)

// proofsEnv is a site with "proofs": true whose embed.js posts to Charte's
// own receiver, in a real SQLite file, from a host page on the site's
// origin that lets the browser send a full Referer.
type proofsEnv struct {
	store *proofs.Store
	host  string // the host page's origin, the site's url
	embed string

	mu    sync.Mutex
	posts []proofHit
}

type proofHit struct {
	Referer string
	Status  int
}

func newProofsEnv(t *testing.T) *proofsEnv {
	return newProofsEnvAt(t, filepath.Join(t.TempDir(), "proofs.db"))
}

// newProofsEnvAt keeps the records in the database dsn.
func newProofsEnvAt(t *testing.T, dsn string) *proofsEnv {
	e := &proofsEnv{}
	h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The host relaxes its referrer policy: the proof must still carry none.
		w.Header().Set("Referrer-Policy", "unsafe-url")
		sigTmpl.Execute(w, map[string]any{"Embed": template.URL(e.embed)})
	}))
	t.Cleanup(h.Close)
	e.host = "http://a.charte.test:" + h.URL[strings.LastIndex(h.URL, ":")+1:]
	site, err := inventory.Load("config/proofs.charte.test.json", []byte(fmt.Sprintf(
		strings.Replace(sigConfig, `"url": "https://a.charte.test"`, `"url": "`+e.host+`"`, 1), `"proofs": true,`)))
	if err != nil {
		t.Fatal(err)
	}
	if e.store, err = proofs.Open(dsn); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.store.Close() })
	body, hash := server.Shown(site)
	ps := &proofs.Site{Site: site, Texts: &proofs.Texts{Hash: hash, Site: site.ID, Revision: site.Revision, Body: body}}
	recv := &proofs.Receiver{Store: e.store, Sites: func(id string) *proofs.Site {
		if id == site.ID {
			return ps
		}
		return nil
	}}
	files := server.New([]*inventory.Site{site}, wasm, loader)
	w := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := proofs.Path(r.URL.Path); !ok {
			files.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		recv.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
		e.mu.Lock()
		e.posts = append(e.posts, proofHit{r.Header.Get("Referer"), rec.Code})
		e.mu.Unlock()
	}))
	t.Cleanup(w.Close)
	e.embed = w.URL + "/s/" + site.ID + "/embed.js"
	return e
}

func (e *proofsEnv) hits() []proofHit {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]proofHit(nil), e.posts...)
}

// embed.js posts each choice to /s/<site>/proofs with no Referer, and the
// record says how the choice was given: banner, preferences or API.
func TestProofsToCharte(t *testing.T) {
	t.Parallel()
	e := newProofsEnv(t)
	for _, c := range []struct {
		source string
		choose func(tb *tab)
	}{
		{"banner", func(tb *tab) {
			tb.wait(bannerShown, "the banner")
			tb.click("Tout refuser")
		}},
		{"preferences", chooseStatistics},
		{"api", func(tb *tab) { tb.eval(`charte.acceptAll()`, nil) }},
	} {
		t.Run(c.source, func(t *testing.T) {
			tb := newTab(t)
			tb.open(e.host + "/p/page?secret=1")
			tb.wait(`window.charte`, "embed.js")
			n := len(e.hits())
			c.choose(tb)
			tb.wait(`events.change === 1`, "the choice")
			var id string
			tb.eval(`charte.get().id`, &id)
			until(t, "the proof", func() bool { return len(e.hits()) > n })
			hit := e.hits()[n]
			if hit.Status != 204 || hit.Referer != "" {
				t.Errorf("proof answered %d, sent with Referer %q", hit.Status, hit.Referer)
			}
			var got []proofs.Record
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			e.store.List(ctx, proofs.Filter{ConsentID: id}, func(r proofs.Record) error { got = append(got, r); return nil })
			if len(got) != 1 || got[0].Source != c.source || got[0].Origin != e.host || got[0].Path != "/p/page" || got[0].Lang != "fr" {
				t.Errorf("records for %s: %+v", id, got)
			}
		})
	}
}

// With the proof database unreachable the receiver answers 503 and the
// visitor's choice is applied all the same, with no error on the page.
func TestProofsDatabaseDown(t *testing.T) {
	t.Parallel()
	e := newProofsEnvAt(t, filepath.Join(t.TempDir(), "no", "such", "dir", "proofs.db"))
	tb := newTab(t)
	tb.open(e.host + "/p")
	tb.wait(bannerShown, "the banner")
	tb.click("Tout accepter")
	tb.wait(`events.change === 1 && window.statsRuns === 1 && window.thirdRuns === 1`, "the choice applied")
	until(t, "the proof", func() bool { return len(e.hits()) > 0 })
	if hit := e.hits()[0]; hit.Status != 503 {
		t.Errorf("proof answered %d, want 503", hit.Status)
	}
	tb.open(e.host + "/p")
	tb.wait(`events.consent === 1 && window.statsRuns === 1`, "the next page view with the choice")
	if errs := tb.consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}
