package e2e

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charte/charte/consent"
	"github.com/charte/charte/inventory"
	"github.com/charte/charte/server"
)

// sigEnv serves the consent-signal tests: host pages reachable as
// a.charte.test and b.charte.test (Chromium maps *.charte.test to
// loopback), a proof endpoint, and a widget server with sites of their own.
type sigEnv struct {
	port   string // of the host server, on every *.charte.test name
	widget string // origin serving embed.js for the sites below
	down   string // a proof endpoint nobody listens on
	sites  map[string]*inventory.Site

	mu     sync.Mutex
	proofs []proofPost
	hangs  int
}

type proofPost struct {
	Body, ContentType, Cookie string
}

var (
	sigOnce sync.Once
	sig     *sigEnv
	sigErr  error
)

// sigSite is a site whose choice is shared by every *.charte.test host.
const sigSite = "signals.charte.test"

const sigConfig = `{
  "name": "Signaux", "url": "https://a.charte.test", "revision": 1,
  %s
  "cookies": [
    {"provider": "Mesure", "service": {"fr": "Mesure d'audience", "en": "Audience"}, "names": [], "pattern": "_pk_*",
     "purpose": {"fr": "Compter les visites", "en": "Count visits"}, "category": "statistics"},
    {"provider": "Tiers", "service": {"fr": "Vidéo", "en": "Video"}, "names": ["trk"],
     "purpose": {"fr": "Suivre", "en": "Track"}, "category": "third-party"}
  ]
}`

const sigConsentMode = `"consentMode": {
    "analytics_storage": ["statistics"],
    "ad_storage": ["third-party"], "ad_user_data": ["third-party"], "ad_personalization": ["third-party"],
    "functionality_storage": ["necessary"],
    "personalization_storage": ["first-party", "third-party"]
  },`

func signals(t *testing.T) *sigEnv {
	t.Helper()
	sigOnce.Do(func() {
		e := &sigEnv{}
		h := httptest.NewServer(http.HandlerFunc(e.serve))
		e.port = h.URL[strings.LastIndex(h.URL, ":")+1:]
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			sigErr = err
			return
		}
		e.down = "http://" + l.Addr().String() + "/proof"
		l.Close()

		extra := map[string]string{
			sigSite:             `"cookieDomain": ".charte.test", ` + sigConsentMode + `"proofEndpoint": "` + h.URL + `/proof",`,
			"plain.charte.test": ``,
			"hang.charte.test":  `"proofEndpoint": "` + h.URL + `/hang",`,
			"down.charte.test":  `"proofEndpoint": "` + e.down + `",`,
		}
		var list []*inventory.Site
		e.sites = map[string]*inventory.Site{}
		for id, x := range extra {
			s, err := inventory.Load("config/"+id+".json", []byte(fmt.Sprintf(sigConfig, x)))
			if err != nil {
				sigErr = err
				return
			}
			list = append(list, s)
			e.sites[id] = s
		}
		e.widget = httptest.NewServer(server.New(list, wasm, loader)).URL
		sig = e
	})
	if sig == nil {
		t.Fatalf("no signal test servers: %v", sigErr)
	}
	return sig
}

// url is a host page on sub.charte.test; q tunes it (site, gtag, track).
func (e *sigEnv) url(sub, path, q string) string {
	return "http://" + sub + ".charte.test:" + e.port + path + "?" + q
}

var sigTmpl = template.Must(template.New("sig").Parse(`<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Signaux</title>
{{if eq .Gtag "before"}}<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', 'start'); gtag('set', 'page', 'before');</script>{{end}}
<script>
  window.events = { consent: 0, change: 0, last: null };
  addEventListener('charte:consent', e => { events.consent++; events.last = e.detail; });
  addEventListener('charte:change', e => { events.change++; });
  // layer describes dataLayer: each entry's arguments, and whether it is
  // an Arguments object as gtag() pushes.
  window.layer = () => window.dataLayer ? Array.from(window.dataLayer, a => ({
    args: Object.prototype.toString.call(a) === '[object Arguments]', v: Array.from(a) })) : null;
</script>
<script src="{{.Embed}}"></script>
<script>window.afterEmbed = { gtag: typeof window.gtag, layer: layer(), ref: window.dataLayer };</script>
{{if eq .Gtag "after"}}<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', 'start'); gtag('config', 'G-TEST');</script>{{end}}
</head>
<body>
<h1>Signaux</h1>
<p><a id="manage" href="#" data-charte="open">Gérer les cookies</a></p>
<script type="text/plain" data-category="statistics">window.statsRuns = (window.statsRuns || 0) + 1;</script>
<script type="text/plain" data-category="third-party">window.thirdRuns = (window.thirdRuns || 0) + 1;</script>
</body></html>`))

func (e *sigEnv) serve(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/proof":
		b, _ := io.ReadAll(r.Body)
		e.mu.Lock()
		e.proofs = append(e.proofs, proofPost{string(b), r.Header.Get("Content-Type"), r.Header.Get("Cookie")})
		e.mu.Unlock()
		return
	case "/hang":
		e.mu.Lock()
		e.hangs++
		e.mu.Unlock()
		select { // until the browser gives up
		case <-r.Context().Done():
		case <-time.After(2 * time.Minute):
		}
		return
	}
	if !strings.HasPrefix(r.URL.Path, "/p") {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	site := q.Get("site")
	if site == "" {
		site = sigSite
	}
	if q.Get("track") != "" {
		// A tracker answering with its cookies again, host-wide and shared.
		w.Header().Add("Set-Cookie", "_pk_ref.9.z=srv; Path=/; Domain=charte.test")
		w.Header().Add("Set-Cookie", "trk=srv; Path=/")
	}
	sigTmpl.Execute(w, map[string]any{
		"Gtag":  q.Get("gtag"),
		"Embed": template.URL(e.widget + "/s/" + site + "/embed.js"),
	})
}

// proofsOf lists the proofs posted for the choice id: the tests that post
// to the endpoint run side by side.
func (e *sigEnv) proofsOf(id string) []proofPost {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []proofPost
	for _, p := range e.proofs {
		var c struct{ ID string }
		if json.Unmarshal([]byte(p.Body), &c) == nil && c.ID == id {
			out = append(out, p)
		}
	}
	return out
}

func (e *sigEnv) hangCount() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.hangs
}

// entry is one dataLayer item as the page's layer() describes it.
type entry struct {
	Args bool
	V    []any
}

var cmDefault = []any{"consent", "default", map[string]any{
	"ad_storage": "denied", "ad_user_data": "denied", "ad_personalization": "denied",
	"analytics_storage": "denied", "functionality_storage": "denied", "personalization_storage": "denied",
	"security_storage": "granted", "wait_for_update": float64(500),
}}

// cmUpdate is the update for a choice that accepted statistics only.
var cmUpdateStats = []any{"consent", "update", map[string]any{
	"analytics_storage": "granted", "ad_storage": "denied", "ad_user_data": "denied", "ad_personalization": "denied",
	"functionality_storage": "granted", "personalization_storage": "denied",
}}

func values(es []entry) [][]any {
	out := make([][]any, len(es))
	for i, e := range es {
		out[i] = e.V
	}
	return out
}

// chooseStatistics accepts statistics alone through the preferences.
func chooseStatistics(tb *tab) {
	tb.t.Helper()
	tb.click("Personnaliser")
	sw := shadow + `.querySelector('[role=switch][data-category="statistics"]')`
	tb.wait(sw, "the statistics switch")
	tb.eval(sw+`.click()`, nil)
	tb.wait(sw+`.getAttribute('aria-checked') === 'true'`, "switch on")
	tb.click("Enregistrer mes choix")
	tb.wait(`events.change === 1`, "charte:change")
}

// Consent Mode: the default goes on dataLayer as embed.js runs, before
// any later script; an update follows the choice and each later page view.
// On an http page (charte.test) the browser has no Cookie Store, embed.js
// reads document.cookie and the update is on dataLayer right after it; on
// a secure origin (localhost) the cookie store answers a task later, and
// the update comes then.
func TestConsentMode(t *testing.T) {
	t.Parallel()
	e := signals(t)
	js := []any{"js", "start"}
	for _, c := range []struct {
		gtag          string
		before, after [][]any // host entries before and after embed.js
	}{
		{"before", [][]any{js, {"set", "page", "before"}}, nil},
		{"after", nil, [][]any{js, {"config", "G-TEST"}}},
	} {
		for _, store := range []bool{false, true} {
			t.Run(fmt.Sprintf("gtag %s, cookie store %v", c.gtag, store), func(t *testing.T) {
				t.Parallel()
				tb := newTab(t)
				u := e.url("a", "/p", "gtag="+c.gtag)
				if store {
					u = "http://localhost:" + e.port + "/p?gtag=" + c.gtag
				}
				tb.open(u)
				tb.wait(bannerShown, "the banner")
				if tb.bool(`'cookieStore' in window`) != store {
					t.Fatalf("cookieStore in window: %v, want %v", !store, store)
				}
				var after struct {
					Gtag  string
					Layer []entry
				}
				tb.eval(`({Gtag: afterEmbed.gtag, Layer: afterEmbed.layer})`, &after)
				want := slices.Concat(c.before, [][]any{cmDefault})
				if !reflect.DeepEqual(values(after.Layer), want) {
					t.Fatalf("dataLayer right after embed.js:\n got %v\nwant %v", values(after.Layer), want)
				}
				if !after.Layer[len(after.Layer)-1].Args {
					t.Error("the default is not an Arguments object, as gtag pushes")
				}
				if wantGtag := map[string]string{"before": "function", "after": "undefined"}[c.gtag]; after.Gtag != wantGtag {
					t.Errorf("typeof gtag after embed.js = %s, want %s", after.Gtag, wantGtag)
				}
				if !tb.bool(`afterEmbed.ref === window.dataLayer`) {
					t.Error("the host's dataLayer was replaced")
				}

				chooseStatistics(tb)
				var layer []entry
				tb.eval(`layer()`, &layer)
				want = slices.Concat(c.before, [][]any{cmDefault}, c.after, [][]any{cmUpdateStats})
				if !reflect.DeepEqual(values(layer), want) {
					t.Fatalf("dataLayer after the choice:\n got %v\nwant %v", values(layer), want)
				}
				if !layer[len(layer)-1].Args {
					t.Error("the update is not an Arguments object")
				}

				// A later page view: the default before the host's later
				// scripts, the update once, before the choice is applied.
				tb.open(u)
				tb.wait(`events.consent === 1`, "consent at load")
				tb.eval(`afterEmbed.layer`, &after.Layer)
				tb.eval(`layer()`, &layer)
				if !store {
					want = slices.Concat(c.before, [][]any{cmDefault, cmUpdateStats})
					if !reflect.DeepEqual(values(after.Layer), want) {
						t.Fatalf("dataLayer after embed.js on a returning visit:\n got %v\nwant %v", values(after.Layer), want)
					}
					if want = slices.Concat(want, c.after); !reflect.DeepEqual(values(layer), want) {
						t.Errorf("dataLayer at load on a returning visit:\n got %v\nwant %v", values(layer), want)
					}
					return
				}
				if want = slices.Concat(c.before, [][]any{cmDefault}); !reflect.DeepEqual(values(after.Layer)[:len(want)], want) {
					t.Fatalf("dataLayer after embed.js on a returning visit:\n got %v\nwant it to begin with %v", values(after.Layer), want)
				}
				var consent, host [][]any
				for _, v := range values(layer) {
					if v[0] == "consent" {
						consent = append(consent, v)
					} else {
						host = append(host, v)
					}
				}
				if want := [][]any{cmDefault, cmUpdateStats}; !reflect.DeepEqual(consent, want) {
					t.Errorf("Consent Mode at load on a returning visit:\n got %v\nwant %v", consent, want)
				}
				if want := slices.Concat(c.before, c.after); !reflect.DeepEqual(host, want) {
					t.Errorf("the host's entries at load:\n got %v\nwant %v", host, want)
				}
			})
		}
	}
	// "One of its categories" grants a key; accepting all grants every mapped key.
	t.Run("accept all", func(t *testing.T) {
		t.Parallel()
		tb := newTab(t)
		tb.open(e.url("a", "/p", ""))
		tb.wait(`window.charte`, "embed.js")
		tb.eval(`charte.accept(['first-party'])`, nil)
		var layer []entry
		tb.eval(`layer()`, &layer)
		last := layer[len(layer)-1].V[2].(map[string]any)
		if last["personalization_storage"] != "granted" || last["analytics_storage"] != "denied" || last["ad_storage"] != "denied" {
			t.Errorf("update for first-party: %v", last)
		}
	})
	// No consentMode in the config: nothing is pushed, no dataLayer appears.
	t.Run("not configured", func(t *testing.T) {
		t.Parallel()
		tb := newTab(t)
		tb.open(e.url("a", "/p", "site=plain.charte.test"))
		tb.wait(bannerShown, "the banner")
		tb.click("Tout accepter")
		tb.wait(`events.change === 1`, "the choice")
		if tb.bool(`'dataLayer' in window`) {
			t.Error("dataLayer created for a site without Consent Mode")
		}
	})
}

// gpcOn makes the tab's browser send Global Privacy Control.
const gpcOn = `Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });`

// GPC refuses every optional category before any choice: their cookies go
// at once and the banner says so, yet the visitor can still opt in, and that
// explicit opt-in holds on later page views.
func TestGPC(t *testing.T) {
	t.Parallel()
	e := signals(t)
	for _, on := range []bool{true, false} {
		t.Run(fmt.Sprintf("gpc %v", on), func(t *testing.T) {
			t.Parallel()
			tb := newTab(t)
			if on {
				tb.initScript(gpcOn)
			}
			u := e.url("a", "/p", "")
			tb.setCookie(u, "_pk_id.1.ab", "old", "", "/")
			tb.setCookie(u, "trk", "old", "", "/")
			tb.open(u)
			tb.wait(bannerShown, "the banner")
			if got := tb.bool(`navigator.globalPrivacyControl === true`); got != on {
				t.Fatalf("navigator.globalPrivacyControl is %v", got)
			}
			note := tb.bool(shadow + `.querySelector('.charte-banner .charte-gpc') && ` + shadow + `.querySelector('.charte-banner .charte-gpc').textContent.includes('Global Privacy Control')`)
			if note != on {
				t.Errorf("GPC note in the banner: %v", note)
			}
			left := named(tb.cookies(u), "_pk_")
			left = append(left, named(tb.cookies(u), "trk")...)
			if on && len(left) > 0 {
				t.Errorf("optional cookies kept under GPC: %s", describe(left))
			}
			if !on && len(left) != 2 {
				t.Errorf("cookies removed before any choice without GPC: %s", describe(left))
			}
			if tb.bool(`window.statsRuns || window.thirdRuns`) {
				t.Error("a gated script ran before a choice")
			}
			tb.click("Personnaliser")
			tb.wait(shadow+`.querySelector('[role=switch][data-category="statistics"]')`, "preferences")
			if n := tb.bool(shadow + `.querySelector('[aria-modal=true] .charte-gpc')`); n != on {
				t.Errorf("GPC note in the preferences: %v", n)
			}
			if tb.bool(`[...` + shadow + `.querySelectorAll('[role=switch]:not([disabled])')].some(s => s.getAttribute('aria-checked') === 'true')`) {
				t.Error("an optional switch starts on")
			}
			tb.click("Tout accepter")
			tb.wait(`events.change === 1 && window.statsRuns === 1 && window.thirdRuns === 1`, "the opt-in")
			tb.open(u)
			tb.wait(`events.consent === 1`, "consent at load")
			if !tb.bool(`window.statsRuns === 1 && window.thirdRuns === 1`) || tb.bool(`document.querySelector('charte-consent')`) {
				t.Error("the explicit opt-in does not hold on the next page view")
			}
		})
	}
}

// With cookieDomain .charte.test, a choice made on a.charte.test holds on
// b.charte.test, and stale copies on other domains or paths go, so the
// banner does not come back.
func TestCookieDomain(t *testing.T) {
	t.Parallel()
	e := signals(t)
	tb := newTab(t)
	a, b := e.url("a", "/p", ""), e.url("b", "/p", "")
	// Left over from before the site shared its choice: a garbled host-only
	// copy on a, an expired refusal on b, and a copy on b's /p path. (A
	// refusal that still held would count on b: a copy can take consent
	// away, see TestForgedSiblingCookie.)
	site := e.sites[sigSite]
	older := consent.New(site, nil, time.Now().Add(-site.Lifetime()-time.Hour)).Value()
	tb.setCookie(a, consent.CookieName, "v=1&garbled", "", "/")
	tb.setCookie(b, consent.CookieName, older, "", "/")
	tb.setCookie(b, consent.CookieName, older, "", "/p")

	tb.open(a)
	tb.wait(bannerShown, "the banner on a")
	tb.click("Tout accepter")
	tb.wait(`events.change === 1`, "the choice")
	prefs := named(tb.cookies(a), consent.CookieName)
	if len(prefs) != 1 || prefs[0].Domain != ".charte.test" || prefs[0].Path != "/" {
		t.Fatalf("on a: %s, want one cookie on .charte.test", describe(prefs))
	}
	chosen, err := consent.Decode(prefs[0].Value, site, time.Now())
	if err != nil || !chosen.Allows("statistics") {
		t.Fatalf("stored choice %q: %v", prefs[0].Value, err)
	}

	tb.open(b)
	tb.wait(`events.consent === 1`, "consent at load on b")
	if tb.bool(`document.querySelector('charte-consent')`) || !tb.bool(`window.statsRuns === 1`) {
		t.Error("b does not follow the choice made on a")
	}
	var id string
	tb.eval(`charte.get().id`, &id)
	if id != chosen.ID {
		t.Errorf("b applies choice %s, want %s", id, chosen.ID)
	}
	prefs = named(tb.cookies(b), consent.CookieName)
	if len(prefs) != 1 || prefs[0].Domain != ".charte.test" || prefs[0].Value != chosen.Value() {
		t.Errorf("on b: %s, want only the shared choice", describe(prefs))
	}
	for _, u := range []string{a, b} {
		tb.open(u)
		tb.wait(`events.consent === 1`, "consent at load")
		if tb.bool(`document.querySelector('charte-consent')`) {
			t.Errorf("the banner came back on %s", u)
		}
	}
}

// A tracker that sets its cookies again after a refusal, from a script or
// from the server, loses them on the next page view, in every variant.
func TestTrackerClearedAgain(t *testing.T) {
	t.Parallel()
	e := signals(t)
	tb := newTab(t)
	a := e.url("a", "/p", "")
	tb.open(a)
	tb.wait(bannerShown, "the banner")
	tb.click("Tout refuser")
	tb.wait(`events.change === 1`, "the refusal")
	tb.eval(`document.cookie = '_pk_id.9.z=back; Path=/';
		document.cookie = '_pk_ses.9.z=back; Path=/; Domain=.charte.test';
		document.cookie = 'trk=back; Path=/p';
		document.cookie = 'keep=mine; Path=/'`, nil)
	urls := []string{a, e.url("b", "/p", "")}
	if n := len(named(tb.cookies(urls...), "_pk_")) + len(named(tb.cookies(urls...), "trk")); n != 3 {
		t.Fatalf("the tracker's cookies were not set back: %s", describe(tb.cookies(urls...)))
	}
	tb.open(e.url("a", "/p", "track=1")) // the server sets _pk_ref and trk again too
	tb.wait(`events.consent === 1`, "consent at load")
	cs := tb.cookies(urls...)
	if left := append(named(cs, "_pk_"), named(cs, "trk")...); len(left) > 0 {
		t.Errorf("refused cookies left after the next page view: %s", describe(left))
	}
	if len(named(cs, "keep")) != 1 || len(named(cs, consent.CookieName)) != 1 {
		t.Errorf("cookies outside the refused categories were touched: %s", describe(cs))
	}
}

// A choice made in one tab reaches another open tab of the site without
// reload: its gated scripts start, its events fire, its banner goes. A
// forged message alone changes nothing; without BroadcastChannel, coming
// back to the tab is enough.
func TestOtherTabs(t *testing.T) {
	t.Parallel()
	e := signals(t)
	u := e.url("a", "/p", "")
	t.Run("broadcast", func(t *testing.T) {
		t.Parallel()
		one := newTab(t)
		two := one.sibling(t)
		one.open(u)
		two.open(u)
		one.wait(bannerShown, "the banner in tab one")
		two.wait(bannerShown, "the banner in tab two")
		// A message that no cookie backs: a well-formed accept-all value.
		forged := consent.New(e.sites[sigSite], e.sites[sigSite].CategoryIDs(), time.Now()).Value()
		for _, tb := range []*tab{one, two} {
			tb.eval(listen("BroadcastChannel"), nil)
		}
		two.eval(fmt.Sprintf(`new BroadcastChannel('charte:%s').postMessage(%q)`, sigSite, forged), nil)
		for _, tb := range []*tab{one, two} {
			tb.wait(`heard === 1`, "the forged message delivered") // to embed.js first: its channel is older
			tb.idle()
			if tb.bool(`window.statsRuns || events.consent || charte.get()`) {
				t.Fatal("a forged message was taken for a choice")
			}
		}

		one.click("Tout accepter")
		one.wait(`events.change === 1`, "the choice in tab one")
		two.wait(`events.change === 1 && window.statsRuns === 1 && window.thirdRuns === 1`, "the choice in tab two")
		two.wait(`!(`+bannerShown+`)`, "the banner gone in tab two")
		var ids [2]string
		one.eval(`charte.get().id`, &ids[0])
		two.eval(`events.last.id`, &ids[1])
		if ids[0] != ids[1] {
			t.Errorf("tab two applies %s, tab one chose %s", ids[1], ids[0])
		}
		// And back: a refusal in tab two reaches tab one.
		two.eval(`charte.rejectAll()`, nil)
		one.wait(`events.change === 2 && charte.get().refused.includes('statistics')`, "the refusal in tab one")
		if one.bool(`events.consent !== 2`) {
			t.Error("charte:consent did not fire in tab one")
		}
	})
	t.Run("focus", func(t *testing.T) {
		t.Parallel()
		one := newTab(t)
		two := one.sibling(t)
		two.initScript(`window.hiddenChannel = BroadcastChannel; delete window.BroadcastChannel;`)
		one.open(u)
		two.open(u)
		two.wait(`window.charte && typeof BroadcastChannel === 'undefined'`, "tab two without BroadcastChannel")
		one.wait(`window.charte`, "tab one")
		two.eval(listen("hiddenChannel"), nil)
		one.eval(`charte.accept(['statistics'])`, nil)
		one.wait(`events.change === 1`, "the choice in tab one")
		two.wait(`heard === 1`, "the choice announced where tab two could hear it")
		two.idle()
		if two.bool(`events.change`) {
			t.Fatal("tab two heard of the choice without a channel or focus")
		}
		two.eval(`dispatchEvent(new Event('focus'))`, nil)
		two.wait(`events.change === 1 && window.statsRuns === 1 && !window.thirdRuns`, "the choice in tab two on focus")
	})
}

// listen counts in window.heard the messages on the site's channel, through
// the BroadcastChannel constructor named ctor: a probe that hears them after
// embed.js, whose channel is older.
func listen(ctor string) string {
	return fmt.Sprintf(`window.heard = 0; window.probe = new %s('charte:%s'); probe.onmessage = () => heard++;`, ctor, sigSite)
}

// Each choice is posted to the proofEndpoint and its id shown in the
// preferences; an endpoint that fails or hangs holds nothing up.
func TestProof(t *testing.T) {
	t.Parallel()
	e := signals(t)
	tb := newTab(t)
	tb.open(e.url("a", "/p", "secret=1#frag"))
	chooseStatistics(tb)
	ck := named(tb.cookies(e.url("a", "/p", "")), consent.CookieName)
	if len(ck) != 1 {
		t.Fatalf("cookies_preferences: %s", describe(ck))
	}
	choice, err := consent.Decode(ck[0].Value, e.sites[sigSite], time.Now())
	if err != nil {
		t.Fatal(err)
	}
	until(t, "the proof", func() bool { return len(e.proofsOf(choice.ID)) > 0 })
	post := e.proofsOf(choice.ID)[0]
	var got consent.Proof
	if err := json.Unmarshal([]byte(post.Body), &got); err != nil {
		t.Fatalf("proof body %q: %v", post.Body, err)
	}
	want := consent.Proof{
		Site: sigSite, ID: choice.ID, Revision: 1, Time: choice.Time.Format("2006-01-02T15:04:05.000Z"),
		Accepted: []string{"necessary", "statistics"}, Refused: []string{"first-party", "third-party"},
		URL: "http://a.charte.test:" + e.port + "/p", Source: "preferences", Lang: "fr",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("proof\n got %+v\nwant %+v", got, want)
	}
	if !strings.HasPrefix(post.ContentType, "text/plain") || post.Cookie != "" {
		t.Errorf("proof sent as %q with cookies %q", post.ContentType, post.Cookie)
	}

	// The id shows in the preferences opened again.
	tb.eval(`document.getElementById('manage').click()`, nil)
	proof := shadow + `.querySelector('[aria-modal=true] .charte-proof')`
	tb.wait(proof, "the consent id in the preferences")
	if !tb.bool(proof + `.textContent.includes('Votre identifiant de consentement') && ` + proof + `.textContent.includes(` + fmt.Sprintf("%q", choice.ID) + `)`) {
		var text string
		tb.eval(proof+`.textContent`, &text)
		t.Errorf("preferences show %q, want the id %s", text, choice.ID)
	}
	tb.click("Tout refuser")
	tb.wait(`events.change === 2`, "the second choice")
	var second string
	tb.eval(`charte.get().id`, &second)
	until(t, "the second proof", func() bool { return len(e.proofsOf(second)) > 0 })
	if err := json.Unmarshal([]byte(e.proofsOf(second)[0].Body), &got); err != nil || got.ID == choice.ID || len(got.Accepted) != 1 {
		t.Errorf("second proof %+v (%v)", got, err)
	}

	for _, c := range []struct{ site, endpoint string }{{"hang.charte.test", "/hang"}, {"down.charte.test", e.down}} {
		t.Run(c.site, func(t *testing.T) {
			t.Parallel()
			tb := newTab(t)
			u := e.url("a", "/p", "site="+c.site)
			tb.open(u)
			tb.wait(bannerShown, "the banner")
			h := e.hangCount()
			tb.click("Tout accepter")
			tb.wait(`events.change === 1 && window.statsRuns === 1 && !document.querySelector('charte-consent').shadowRoot.querySelector('.charte-banner')`, "the choice applied")
			if c.endpoint == "/hang" {
				until(t, "the proof attempt", func() bool { return e.hangCount() > h })
			} else if len(tb.requested(c.endpoint)) == 0 {
				t.Error("no proof was attempted")
			}
			tb.open(u)
			tb.wait(`events.consent === 1 && window.statsRuns === 1`, "the next page view")
			if tb.bool(`document.querySelector('charte-consent')`) {
				t.Error("the banner came back")
			}
			if errs := tb.consoleErrors(); len(errs) > 0 {
				t.Errorf("console errors: %v", errs)
			}
		})
	}
	t.Run("no endpoint", func(t *testing.T) {
		t.Parallel()
		tb := newTab(t)
		tb.open(e.url("a", "/p", "site=plain.charte.test"))
		tb.wait(`window.charte`, "embed.js")
		tb.eval(`charte.acceptAll()`, nil)
		tb.wait(`events.change === 1`, "the choice")
		var id string
		tb.eval(`charte.get().id`, &id)
		tb.quiet() // a proof would be sent by now
		if len(e.proofsOf(id)) > 0 || len(tb.requested("/proof")) > 0 {
			t.Error("a proof was sent with no proofEndpoint configured")
		}
	})
}
