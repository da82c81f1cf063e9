package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	cdpage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/charte/charte/consent"
	"github.com/charte/charte/inventory"
	"github.com/charte/charte/server"
)

// swapServer serves Charte from its own origin (service workers and caches
// are per origin, so each test starts clean), with a server that can be
// replaced to publish a new version, and stopped to go offline.
type swapServer struct {
	*httptest.Server
	cur atomic.Pointer[server.Server]
}

func newSwapServer(t *testing.T, s *server.Server) *swapServer {
	ss := &swapServer{}
	ss.cur.Store(s)
	ss.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ss.cur.Load().ServeHTTP(w, r)
	}))
	t.Cleanup(ss.Close)
	return ss
}

// offline stops the server: from now on every request fails at the network.
func (ss *swapServer) offline() {
	ss.CloseClientConnections()
	ss.Close()
}

func siteList(edit func(*inventory.Site)) []*inventory.Site {
	var out []*inventory.Site
	for _, id := range []string{"data.tco.re", "exemple.fr", "herault-data.fr"} {
		s := *sites[id]
		if edit != nil {
			edit(&s)
		}
		out = append(out, &s)
	}
	return out
}

// recordViolations keeps the page's Content-Security-Policy violations in
// window.violations.
const recordViolations = `window.violations = [];
	addEventListener('securitypolicyviolation', e => violations.push(e.violatedDirective + ' ' + e.blockedURI));`

const controlled = `navigator.serviceWorker.controller && navigator.serviceWorker.controller.state === 'activated'`

// caches lists the Cache Storage names of the page's origin.
func (tb *tab) caches() []string {
	tb.t.Helper()
	var keys []string
	tb.eval(`caches.keys()`, &keys)
	return keys
}

// The policy page: installable, and once visited it reads and still saves
// a choice with the server gone. It asks nothing of any other origin.
func TestPolicyPageOffline(t *testing.T) {
	t.Parallel()
	ss := newSwapServer(t, srv)
	origin, pageURL := ss.URL, ss.URL+"/s/herault-data.fr/"
	tb := newTab(t)
	tb.initScript(recordViolations)
	tb.open(pageURL)
	tb.wait(controlled, "the service worker controlling the page")
	if keys := tb.caches(); len(keys) != 1 || !strings.HasPrefix(keys[0], "charte:herault-data.fr:") {
		t.Errorf("caches %v, want one versioned cache of the site", keys)
	}

	var murl string
	var errs []*cdpage.AppManifestError
	var data string
	tb.run(chromedp.ActionFunc(func(ctx context.Context) (err error) {
		murl, errs, data, _, err = cdpage.GetAppManifest().Do(ctx)
		return err
	}))
	if murl != pageURL+"manifest.webmanifest" || len(errs) > 0 || !strings.Contains(data, `"name": "Charte cookies — Hérault Data"`) {
		t.Errorf("manifest %s: errors %v\n%s", murl, errs, data)
	}
	var icons []int
	tb.eval(`Promise.all(['icon-192.png', 'icon-512.png'].map(n => new Promise(ok => {
		const i = new Image(); i.onload = () => ok(i.naturalWidth); i.onerror = () => ok(0); i.src = '../../charte/static/' + n;
	})))`, &icons)
	if len(icons) != 2 || icons[0] != 192 || icons[1] != 512 {
		t.Errorf("PNG icons decode to widths %v", icons)
	}

	ss.offline()
	tb.run(chromedp.Reload())
	tb.wait(`document.querySelector('h1') && document.querySelector('h1').textContent === 'Charte cookies'`, "the charte offline")
	if !tb.bool(`[...document.querySelectorAll('.charte-table td')].some(td => td.textContent === 'cookies_preferences')`) {
		t.Error("the cookie table is missing offline")
	}
	// The widget (loader, wasm, inventory) comes from the cache too.
	tb.eval(`document.querySelector('[data-charte=open]').click()`, nil)
	tb.wait(shadow+` && `+shadow+`.querySelector('[aria-modal=true]')`, "the preferences offline")
	tb.click("Enregistrer mes choix")
	tb.wait(`document.cookie.includes('cookies_preferences=v=1')`, "the choice saved offline")
	var value string
	tb.eval(`document.cookie.split('; ').find(c => c.startsWith('cookies_preferences=')).slice(20)`, &value)
	if _, err := consent.Decode(value, sites["herault-data.fr"], time.Now()); err != nil {
		t.Errorf("cookie %q: %v", value, err)
	}
	// The page's Content-Security-Policy let all of it work.
	var v []string
	tb.eval(`window.violations`, &v)
	if len(v) > 0 {
		t.Errorf("CSP violations on the policy page: %v", v)
	}

	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, u := range tb.requests {
		if !strings.HasPrefix(u, origin+"/") && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "blob:") {
			t.Errorf("the policy page asked another origin: %s", u)
		}
	}
}

// A new version shows on the next visit online and replaces the old cache.
func TestPolicyPageUpdates(t *testing.T) {
	t.Parallel()
	ss := newSwapServer(t, srv)
	tb := newTab(t)
	tb.open(ss.URL + "/s/herault-data.fr/en/")
	tb.wait(controlled, "the service worker")
	old := tb.caches()
	if !tb.bool(`document.documentElement.lang === 'en' && document.title === 'Cookie policy — Hérault Data'`) {
		t.Error("the English page is not in English")
	}

	ss.cur.Store(server.New(siteList(func(s *inventory.Site) { s.Name += " (v2)" }), wasm, loader))
	tb.run(chromedp.Reload())
	tb.wait(`document.title === 'Cookie policy — Hérault Data (v2)'`, "the new version shown online")
	tb.wait(`caches.keys().then(k => k.length === 1 && k[0] !== `+jsString(old[0])+`)`, "the old cache replaced")

	ss.offline()
	tb.run(chromedp.Reload())
	tb.wait(`document.title === 'Cookie policy — Hérault Data (v2)'`, "the new version offline")
}

func jsString(s string) string { return `'` + strings.ReplaceAll(s, `'`, `\'`) + `'` }

// cors is what a static host must add for the widget's fetches.
func cors(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		h.ServeHTTP(w, r)
	})
}

// charte build's output on a plain file server works as serve does: the
// banner on a first visit, the choice kept, no wasm on the next view; and
// embed.js registers no service worker on the host.
func TestBuildOnStaticServer(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	list := siteList(nil)
	if err := server.WriteDir(dir, server.Build(list, wasm, loader, "")); err != nil {
		t.Fatal(err)
	}
	static := httptest.NewServer(cors(http.FileServer(http.Dir(dir))))
	defer static.Close()
	q := "embed=" + url.QueryEscape(static.URL+"/s/exemple.fr/embed.js")

	tb := firstVisit(t, q)
	until(t, "the hashed wasm fetched once the page is idle", func() bool {
		return len(tb.requested(static.URL+"/charte/app."+wasm.Hash+".wasm")) > 0
	})
	if r := tb.requested(static.URL + "/charte/app." + wasm.Hash + ".wasm"); len(r) != 1 {
		t.Errorf("hashed wasm fetched %d times", len(r))
	}
	// The prerendered banner came from the build too.
	if u := static.URL + "/s/exemple.fr/shell.fr.html"; len(tb.requested(u)) != 1 || tb.receivedBytes(u) <= 0 {
		t.Errorf("the shell %s was not loaded", u)
	}
	tb.click("Tout accepter")
	tb.wait(`events.change === 1`, "charte:change")
	ck := tb.cookie(consent.CookieName)
	if ck == nil {
		t.Fatal("no cookies_preferences cookie")
	}
	if c, err := consent.Decode(ck.Value, sites["exemple.fr"], time.Now()); err != nil || !c.Allows("statistics") {
		t.Fatalf("cookie %q: %v", ck.Value, err)
	}
	var regs int
	tb.eval(`navigator.serviceWorker.getRegistrations().then(r => r.length)`, &regs)
	if regs != 0 {
		t.Errorf("%d service workers registered on the host page", regs)
	}

	n := len(tb.requested(".wasm"))
	tb.open(page(q))
	tb.wait(`window.charte && events.consent === 1 && window.statsRuns === 1`, "the choice applied at load")
	tb.quiet() // a wrong widget load has started by now
	if tb.bool(`document.querySelector('charte-consent')`) || len(tb.requested(".wasm")) != n {
		t.Error("the next view loaded the widget")
	}
}

// The Content-Security-Policy documented for host pages lets the widget
// work without any violation report. The host's own gated inline scripts
// need their own allowance ('unsafe-inline' here); the widget's stylesheet
// is an inline <style> in its shadow root, hence style-src 'unsafe-inline'.
func TestHostCSP(t *testing.T) {
	t.Parallel()
	csp := "default-src 'self'; script-src 'self' 'unsafe-inline' " + widget + " 'wasm-unsafe-eval'; connect-src 'self' " + widget +
		"; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src " + widget
	tb := newTab(t)
	tb.initScript(recordViolations)
	tb.open(page("policy=" + url.QueryEscape(csp)))
	tb.wait(bannerShown, "the banner under the documented CSP")
	if !tb.bool(`getComputedStyle(` + shadow + `.querySelector('.charte-banner')).position === 'fixed'`) {
		t.Error("the widget's stylesheet did not apply")
	}
	tb.click("Personnaliser")
	tb.click("Enregistrer mes choix")
	tb.wait(`events.change === 1`, "the choice")
	var v []string
	tb.eval(`window.violations`, &v)
	if len(v) > 0 {
		t.Errorf("CSP violations: %v", v)
	}
}
