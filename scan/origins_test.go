package scan

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/charte/charte/inventory"
)

// twoOriginsConfig declares what the site sets, and chat_id, which it
// never sets.
const twoOriginsConfig = `{
  "name": "Portail", "url": "https://www.portail.example", "revision": 1,
  "cookies": [
    {"provider": "Portail", "service": {"fr": "Session", "en": "Session"}, "names": ["sessionid"],
     "purpose": {"fr": "Session", "en": "Session"}, "category": "necessary"},
    {"provider": "Portail", "service": {"fr": "Choix", "en": "Choice"}, "names": ["cookies_preferences"],
     "purpose": {"fr": "Choix", "en": "Choice"}, "category": "necessary"},
    {"provider": "Matomo", "service": {"fr": "Mesure", "en": "Audience"}, "names": [], "pattern": "_pk_*",
     "purpose": {"fr": "Mesure", "en": "Audience"}, "category": "statistics"},
    {"provider": "Chat", "service": {"fr": "Discussion", "en": "Chat"}, "names": ["chat_id"],
     "purpose": {"fr": "Discussion", "en": "Chat"}, "category": "first-party"}
  ]
}`

// cleanConfig is a site that sets what it declares, and only once allowed.
const cleanConfig = `{
  "name": "Propre", "url": "https://propre.example", "revision": 1,
  "cookies": [
    {"provider": "Propre", "service": {"fr": "Session", "en": "Session"}, "names": ["sessionid"],
     "purpose": {"fr": "Session", "en": "Session"}, "category": "necessary"},
    {"provider": "Propre", "service": {"fr": "Choix", "en": "Choice"}, "names": ["cookies_preferences"],
     "purpose": {"fr": "Choix", "en": "Choice"}, "category": "necessary"},
    {"provider": "Matomo", "service": {"fr": "Mesure", "en": "Audience"}, "names": [], "pattern": "_pk_*",
     "purpose": {"fr": "Mesure", "en": "Audience"}, "category": "statistics"}
  ]
}`

// TestTwoOrigins scans a site whose Charte is served from another
// origin, as in production (consent.example.org for www.example.org).
// The site's address counts as public for Chromium, the Charte server's
// as local, as when an operator scans a deployed site against a Charte
// on their own machine: Chromium's Local Network Access rules then
// refuse embed.js unless the scanner allows it.
func TestTwoOrigins(t *testing.T) {
	var sites []*inventory.Site
	for name, c := range map[string]string{"portail.json": twoOriginsConfig, "propre.json": cleanConfig} {
		s, err := inventory.Load(name, []byte(c))
		if err != nil {
			t.Fatal(err)
		}
		sites = append(sites, s)
	}
	sort.Slice(sites, func(i, j int) bool { return sites[i].ID < sites[j].ID })
	charte := httptest.NewServer(widgetServer(t, sites...))
	t.Cleanup(charte.Close)

	page := func(site, head, body string) string {
		return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>` + site + `</title>` + head + `
<script src="` + charte.URL + `/s/` + site + `/embed.js"></script></head><body><h1>` + site + `</h1>` + body + `
<script type="text/plain" data-category="statistics">document.cookie = '_pk_id.1.ab=v; Path=/; Max-Age=33696000; SameSite=Lax';</script>
</body></html>`
	}
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "sessionid", Value: "s1", Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/":
			// Before any choice: an advertiser's cookie by header, a
			// statistics cookie by script. The script runs before
			// embed.js, so once refusal is in force Charte's clean-up
			// deletes that cookie again as soon as it reads the jar: the
			// scan must still see that it was set.
			w.Header().Add("Set-Cookie", "_fbp=fb.1.42; Path=/; Max-Age=7776000; SameSite=Lax")
			fmt.Fprint(w, page("portail", `<script>document.cookie = '_pk_ses.1.ab=1; Path=/; Max-Age=1800; SameSite=Lax';</script>`, ``))
		case "/propre/":
			fmt.Fprint(w, page("propre", ``, ``))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(site.Close)
	addr := strings.TrimPrefix(site.URL, "http://")
	o := Options{PageTimeout: 10 * time.Second, Settle: 250 * time.Millisecond, MaxDepth: -1, Progress: testWriter{},
		Browser: []chromedp.ExecAllocatorOption{chromedp.Flag("ip-address-space-overrides", addr+"=public")}}

	t.Run("findings", func(t *testing.T) {
		o := o
		o.Site, o.Config = sites[0], "portail.json"
		r, err := Run(context.Background(), []string{site.URL + "/"}, o)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range r.Passes {
			if p.Skipped != "" {
				t.Fatalf("pass %s skipped: %s (pages: %+v)", p.Name, p.Skipped, r.Pages)
			}
		}
		var got []string
		for _, fd := range r.Findings {
			got = append(got, summary(fd))
		}
		want := []string{
			"violation cookie _fbp [no-choice,refuse-all]",
			"undeclared cookie _fbp [no-choice,refuse-all,accept-all]",
			"violation cookie _pk_ses.1.ab [no-choice,refuse-all]",
			"stale inventory chat_id []",
		}
		sort.Strings(got)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("findings:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
		}
		if r.Summary.Exit != 1 {
			t.Errorf("exit %d, want 1", r.Summary.Exit)
		}
		// The gated script's cookie, declared, comes with acceptance alone.
		for _, p := range r.Passes {
			pk := slices.ContainsFunc(p.Cookies, func(c Cookie) bool { return c.Name == "_pk_id.1.ab" })
			if pk != (p.Name == PassAcceptAll) {
				t.Errorf("pass %s: _pk_id.1.ab set %v", p.Name, pk)
			}
			ses := slices.IndexFunc(p.Cookies, func(c Cookie) bool { return c.Name == "_pk_ses.1.ab" })
			if ses < 0 || p.Cookies[ses].Deleted != (p.Name == PassRefuseAll) || p.Cookies[ses].SetBy != "script" {
				t.Errorf("pass %s: _pk_ses.1.ab set by script, deleted after refusal alone: %+v", p.Name, p.Cookies)
			}
			fbp := slices.IndexFunc(p.Cookies, func(c Cookie) bool { return c.Name == "_fbp" })
			if fbp < 0 || p.Cookies[fbp].SetBy != "header" {
				t.Errorf("pass %s: _fbp by header: %+v", p.Name, p.Cookies)
			}
		}
		var text strings.Builder
		r.WriteText(&text)
		for _, w := range []string{"passes no-choice, refuse-all, accept-all", "_fbp", "_pk_ses.1.ab", "chat_id", "FAIL: 2 violations, 1 undeclared, 0 over 13 months, 1 stale"} {
			if !strings.Contains(text.String(), w) {
				t.Errorf("stdout lacks %q:\n%s", w, text.String())
			}
		}
	})
	t.Run("clean", func(t *testing.T) {
		o := o
		o.Site, o.Config = sites[1], "propre.json"
		r, err := Run(context.Background(), []string{site.URL + "/propre/"}, o)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Findings) != 0 || r.Summary.Exit != 0 || len(r.Passes) != 3 || r.Passes[2].Skipped != "" {
			var text strings.Builder
			r.WriteText(&text)
			t.Errorf("exit %d, findings %d:\n%s", r.Summary.Exit, len(r.Findings), text.String())
		}
	})
	t.Run("unreachable embed.js", func(t *testing.T) {
		// A Charte server that is down: the report says which embed.js
		// did not load, not only that the page has no Charte.
		down := httptest.NewServer(http.NotFoundHandler())
		gone := down.URL
		down.Close()
		dead := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `<!doctype html><title>x</title><script src="`+gone+`/s/portail/embed.js"></script><p>x`)
		}))
		t.Cleanup(dead.Close)
		r, err := Run(context.Background(), []string{dead.URL + "/"}, o)
		if err != nil {
			t.Fatal(err)
		}
		var text strings.Builder
		r.WriteText(&text)
		if r.Pages[0].Charte || !strings.Contains(text.String(), gone+"/s/portail/embed.js did not load (net::ERR_CONNECTION_REFUSED") {
			t.Errorf("report:\n%s", text.String())
		}
	})
}
