package e2e

import (
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/charte/charte/consent"
)

// fitPage is a host page with click-to-load content: a third-party video
// iframe and a first-party map that a script builds once allowed. It is
// served on host's name with another port: the same cookies.
var fitTmpl = template.Must(template.New("fit").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<title>Host page</title>
<style>
{{if .Hostile}}* { display: block !important; font-size: 40px !important; color: red !important } button { display: none !important }{{end}}
{{if .Vars}}:root { {{.Vars}} }{{end}}
</style>
<script src="{{.Embed}}"></script>
</head>
<body>
<main>
<h1 id="first">Host</h1>
<p><a id="manage" href="#" data-charte="open">Cookies</a></p>
<p><a id="to-video" href="#video">Vidéo</a></p>
<iframe id="video" width="480" height="270" title="Présentation du portail" data-provider="Vidéo tierce" data-category="third-party" data-src="{{.Widget}}/demo/frame/"></iframe>
<div id="map" data-category="first-party" data-charte-placeholder title="Carte des jeux de données" style="width: 400px; height: 220px"></div>
<script>
  window.mapBuilt = 0;
  document.getElementById('map').addEventListener('charte:allowed', e => { e.target.textContent = 'Carte'; mapBuilt++; });
</script>
</main>
</body>
</html>`))

// fitHost serves the fit pages: one server for the package's tests, that
// ends with the process.
var fitHost = sync.OnceValue(func() string {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		site, lang := cmp.Or(q.Get("site"), "exemple.fr"), cmp.Or(q.Get("lang"), "fr")
		fitTmpl.Execute(w, map[string]any{
			"Lang": lang, "Hostile": q.Get("hostile") != "", "Widget": widget,
			"Embed": template.URL(cmp.Or(q.Get("embed"), widget) + "/s/" + site + "/embed.js"), "Vars": template.CSS(q.Get("vars")),
		})
	}))
	return strings.Replace(s.URL, "127.0.0.1", "localhost", 1)
})

func fitPage(q string) string { return fitHost() + "/?" + q }

// ph is a JS expression of the placeholder shown for the element with id.
func ph(id string) string {
	return fmt.Sprintf(`(() => { const el = document.getElementById(%q), h = el && el.previousElementSibling;
		return h && h.tagName === 'CHARTE-PLACEHOLDER' && h.shadowRoot && h.shadowRoot.querySelector('.charte-ph') ? h : null; })()`, id)
}

// refusedView is a page view of a visitor who refused everything before.
func refusedView(t *testing.T, q string) *tab {
	t.Helper()
	tb := newTab(t)
	tb.setCookie(host+"/", consent.CookieName, consent.New(sites["exemple.fr"], nil, time.Now()).Value(), "", "/")
	tb.open(fitPage(q))
	return tb
}

// A returning visitor who refused sees, in place of the video, a
// placeholder of its size that says what it is; "Autoriser et afficher"
// accepts third-party alone and loads it, all without the wasm.
func TestPlaceholderReturningVisitor(t *testing.T) {
	t.Parallel()
	tb := refusedView(t, "hostile=1")
	tb.wait(ph("video")+` && `+ph("map"), "the placeholders")
	var box struct {
		W, H       float64
		Text       string
		Button     string
		Display    string
		FrameShown bool
	}
	tb.eval(`(() => { const h = `+ph("video")+`, r = h.getBoundingClientRect(), b = h.shadowRoot.querySelector('[data-charte-action=allow]');
		return {W: r.width, H: r.height, Text: h.shadowRoot.textContent, Button: b.textContent, Display: getComputedStyle(b).display,
			FrameShown: document.getElementById('video').getClientRects().length > 0}; })()`, &box)
	if box.W != 484 || box.H != 274 { // 480×270 and the iframe's 2 px border
		t.Errorf("placeholder is %vx%v, the iframe's box 484x274", box.W, box.H)
	}
	for _, want := range []string{"Présentation du portail", "Vidéo tierce", "Cookies tiers (third party)", "Gérer mes préférences"} {
		if !strings.Contains(box.Text, want) {
			t.Errorf("placeholder lacks %q: %q", want, box.Text)
		}
	}
	if box.Button != "Autoriser et afficher" || box.Display == "none" || box.FrameShown {
		t.Errorf("placeholder broken by host CSS, or the empty frame still shows: %+v", box)
	}
	if tb.bool(`document.getElementById('video').src || mapBuilt`) {
		t.Fatal("gated content loaded before it was allowed")
	}

	// From the keyboard: Tab reaches the button, Enter allows.
	// From the link after "Cookies": focus on that one is the intent to
	// open the preferences, which starts the widget.
	tb.eval(`document.getElementById('to-video').focus()`, nil)
	tb.key("Tab")
	tb.wait(ph("video")+`.shadowRoot.activeElement && `+ph("video")+`.shadowRoot.activeElement.dataset.charteAction === 'allow'`, "Tab to the allow button")
	tb.key("Enter")
	tb.wait(`document.getElementById('video').src && !`+ph("video"), "the video loaded in place")
	c := tb.cookie(consent.CookieName)
	v, err := consent.Decode(c.Value, sites["exemple.fr"], time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(v.Accepted, " "); got != "necessary third-party" {
		t.Errorf("accepted %q after allowing the video; want necessary third-party", got)
	}
	if !tb.bool(`document.activeElement.id === 'video'`) {
		t.Error("focus did not move to the loaded video")
	}
	if !tb.bool(ph("map")) || tb.bool(`mapBuilt`) {
		t.Error("allowing third-party touched the first-party map")
	}

	// The map: the page builds it on charte:allowed.
	tb.eval(ph("map")+`.shadowRoot.querySelector('[data-charte-action=allow]').click()`, nil)
	tb.wait(`mapBuilt === 1 && !`+ph("map")+` && getComputedStyle(document.getElementById('map')).display !== 'none'`, "the map built")
	v, _ = consent.Decode(tb.cookie(consent.CookieName).Value, sites["exemple.fr"], time.Now())
	if got := strings.Join(v.Accepted, " "); got != "necessary first-party third-party" {
		t.Errorf("accepted %q after allowing the map", got)
	}
	if r := tb.requested(".wasm"); len(r) > 0 || tb.bool(`document.querySelector('charte-consent')`) {
		t.Errorf("the placeholders needed the widget: %v", r)
	}
	if e := tb.consoleErrors(); len(e) > 0 {
		t.Errorf("console errors: %v", e)
	}

	// Next page view: both load at once, no placeholder file is fetched.
	n := len(tb.requested("placeholder."))
	tb.open(fitPage(""))
	tb.wait(`mapBuilt === 1 && document.getElementById('video').src`, "both allowed at load")
	if len(tb.requested("placeholder.")) != n || tb.bool(`document.querySelector('charte-placeholder')`) {
		t.Error("placeholders fetched or shown once allowed")
	}
}

// On a first visit the placeholder shows beside the banner; its preferences
// link opens the widget's preferences.
func TestPlaceholderFirstVisit(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.open(fitPage("lang=en"))
	tb.wait(ph("video")+` && `+bannerShown, "the placeholder and the banner")
	if !tb.bool(ph("video") + `.shadowRoot.textContent.includes('Allow and show')`) {
		t.Error("the English page has no English placeholder")
	}
	if v := tb.axe(); len(v) > 0 {
		t.Errorf("axe: %v", v)
	}
	tb.eval(ph("video")+`.shadowRoot.querySelector('.charte-link').click()`, nil)
	tb.wait(shadow+` && `+shadow+`.querySelector('[aria-modal=true]')`, "the preferences")
}

// An allowed-by-API choice removes the placeholders of what it allows.
func TestPlaceholderFollowsChoice(t *testing.T) {
	t.Parallel()
	tb := refusedView(t, "")
	tb.wait(ph("video"), "the placeholder")
	tb.run(chromedp.Evaluate(`charte.accept(['third-party'])`, nil))
	tb.wait(`!`+ph("video")+` && document.getElementById('video').src && `+ph("map"), "the video allowed by the API")
	// The page takes the map away: its placeholder goes with it.
	tb.eval(`document.getElementById('map').remove()`, nil)
	tb.wait(`!document.querySelector('charte-placeholder')`, "the map's placeholder gone with it")
}

// The accessibility check sees inside shadow roots: a nameless button put
// in a placeholder is reported.
func TestAxeSeesShadowRoots(t *testing.T) {
	t.Parallel()
	tb := refusedView(t, "")
	tb.wait(ph("video"), "the placeholder")
	tb.eval(ph("video")+`.shadowRoot.querySelector('.charte-ph').appendChild(document.createElement('button'))`, nil)
	v := tb.axe()
	if len(v) != 1 || !strings.HasPrefix(v[0], "button-name:") || !strings.Contains(v[0], "charte-placeholder") {
		t.Errorf("axe found %v; want the nameless button in the placeholder", v)
	}
}

// A first visit whose wasm has not come yet: allowing the frame answers
// the banner at once, and the widget, when it comes, does not ask again.
func TestPlaceholderBeforeWasm(t *testing.T) {
	t.Parallel()
	tb, release := heldFirstVisit(t, "")
	tb.wait(ph("frame"), "the frame's placeholder")
	tb.eval(ph("frame")+`.shadowRoot.querySelector('[data-charte-action=allow]').click()`, nil)
	tb.wait(`document.getElementById('frame').src && events.change === 1`, "the frame allowed")
	if tb.bool(shellShown) {
		t.Error("the shell banner stays after the placeholder's choice")
	}
	v, err := consent.Decode(tb.cookie(consent.CookieName).Value, sites["exemple.fr"], time.Now())
	if err != nil || strings.Join(v.Accepted, " ") != "necessary third-party" {
		t.Fatalf("choice %+v, %v", v, err)
	}
	release()
	// The widget, started when the visitor asks for it, follows the choice.
	tb.eval(`void charte.show()`, nil)
	tb.wait(takenOver+` && `+shadow+`.querySelector('[aria-modal=true]')`, "the widget's preferences")
	if tb.bool(bannerShown) {
		t.Error("the widget asks again after the placeholder's choice")
	}
}
