package e2e

import (
	"fmt"
	"os"
	"testing"
	"time"
)

// An engine is one tab of a browser other than the package's Chromium,
// driven over WebDriver, with a fresh profile.
type engine interface {
	// name is "firefox" or "webkit", for messages.
	name() string
	// open loads url in the tab and returns once its load event has fired.
	open(url string) error
	// eval evaluates a JavaScript expression in the page; a Promise is
	// awaited. The JSON of its value is decoded into out (nil: dropped).
	eval(expr string, out any) error
	// click sends a real pointer click (move, down, up) at viewport CSS
	// pixels x, y: what the page's hit testing gives a visitor.
	click(x, y float64) error
	// clearCookies deletes the cookies of the page's site and of the
	// widget's, so that the next open is a first visit.
	clearCookies() error
	// close ends the session and the browser.
	close() error
}

// needEngine skips a test without the browser, except in CI (CI=true),
// which must run every engine.
func needEngine(t *testing.T, what string, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s: %v (CI installs it: see .ci/run)", what, err)
	}
	t.Skipf("%s: %v", what, err)
}

func TestFirefox(t *testing.T) {
	t.Parallel()
	engineChecks(t, startFirefox(t))
}

func TestWebKit(t *testing.T) {
	t.Parallel()
	engineChecks(t, startWebKit(t))
}

// ew is an engine with the test's failures.
type ew struct {
	t *testing.T
	e engine
}

func (w ew) open(url string) {
	w.t.Helper()
	if err := w.e.open(url); err != nil {
		w.t.Fatalf("%s: open %s: %v", w.e.name(), url, err)
	}
}

func (w ew) eval(expr string, out any) {
	w.t.Helper()
	if err := w.e.eval(expr, out); err != nil {
		w.t.Fatalf("%s: %s: %v", w.e.name(), expr, err)
	}
}

func (w ew) bool(expr string) bool {
	w.t.Helper()
	var b bool
	w.eval(`!!(`+expr+`)`, &b)
	return b
}

// wait polls cond until it holds; what names it when it never does.
func (w ew) wait(cond, what string) {
	w.t.Helper()
	deadline := time.Now().Add(patience)
	for {
		var ok bool
		err := w.e.eval(`(() => { try { return !!(`+cond+`); } catch (e) { return false; } })()`, &ok)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			var cookie string
			w.e.eval(`document.cookie`, &cookie)
			w.t.Fatalf("%s: %s never came (%v; cookies %q)", w.e.name(), what, err, cookie)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// clickOn clicks at the centre of the element of expr, as a visitor would:
// whatever covers it takes the click.
func (w ew) clickOn(expr, what string) {
	w.t.Helper()
	w.wait(expr, what)
	var r struct{ X, Y float64 }
	w.eval(`(() => { const el = `+expr+`; el.scrollIntoView({block: 'center'}); const r = el.getBoundingClientRect(); return {X: r.x + r.width / 2, Y: r.y + r.height / 2}; })()`, &r)
	if err := w.e.click(r.X, r.Y); err != nil {
		w.t.Fatalf("%s: click on %s: %v", w.e.name(), what, err)
	}
}

// button is the widget's button whose text is text.
func button(text string) string {
	return fmt.Sprintf(`%s && [...%s.querySelectorAll('button')].find(b => b.textContent.trim() === %q && b.getClientRects().length)`, shadow, shadow, text)
}

// hitTest reports what a visitor's click at the centre of the host's
// element id lands on.
func (w ew) hitTest(id string) string {
	w.t.Helper()
	var tag string
	w.eval(`(() => { const r = document.getElementById(`+jsString(id)+`).getBoundingClientRect(); const el = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2); return el ? el.tagName + (el.id ? '#' + el.id : '') : ''; })()`, &tag)
	return tag
}

// engineChecks runs what a visitor does with Charte in e: the banner, both
// choices, the preferences from the banner and from data-charte="open",
// gated scripts and frames, a returning view without the wasm, and the
// host's own controls before and after a choice.
func engineChecks(t *testing.T, e engine) {
	w := ew{t, e}
	noWasm := `!performance.getEntriesByType('resource').some(r => r.name.includes('app.wasm'))`

	// A first visit: the banner, nothing gated, the frame's placeholder.
	w.open(page(""))
	w.wait(bannerShown, "the banner")
	if w.bool(`window.statsRuns || window.thirdRuns || window.gatedSrcRuns || document.getElementById('frame').src`) {
		t.Fatalf("%s: a gated script or frame ran before consent", e.name())
	}
	w.wait(`document.querySelector('charte-placeholder') && document.querySelector('charte-placeholder').shadowRoot.querySelector('button')`, "the frame's placeholder")
	// The host's own controls take a visitor's click while the banner shows.
	if got := w.hitTest("search"); got != "INPUT#search" {
		t.Errorf("%s: a click on the host's search field lands on %s", e.name(), got)
	}
	w.clickOn(`document.getElementById('search')`, "the host's search field")
	w.wait(`document.activeElement && document.activeElement.id === 'search'`, "the host's field focused by a click")

	// Refuse all on the banner.
	w.clickOn(button("Tout refuser"), "Tout refuser")
	w.wait(`document.cookie.includes('cookies_preferences=') && events.change === 1`, "the refusal")
	w.wait(`!(`+bannerShown+`)`, "the banner gone")
	if w.bool(`window.statsRuns || window.thirdRuns`) {
		t.Errorf("%s: a gated script ran after refusing all", e.name())
	}
	// After the choice the host's link takes the click.
	if got := w.hitTest("nav"); got != "A#nav" {
		t.Errorf("%s: after a choice, a click on the host's link lands on %s", e.name(), got)
	}
	w.clickOn(`document.getElementById('nav')`, "the host's link")
	w.wait(`location.pathname === '/other'`, "the host's link followed")

	// The returning view: the choice holds, no banner, no wasm.
	w.open(page(""))
	w.wait(`window.charte && events.consent === 1`, "consent at load")
	if w.bool(bannerShown) || !w.bool(noWasm) || w.bool(`window.statsRuns`) {
		t.Errorf("%s: the returning view shows the banner, fetched the wasm or ran statistics", e.name())
	}

	// The preferences from the page's own link: statistics on, saved.
	w.clickOn(`document.getElementById('manage')`, "the page's Gérer les cookies link")
	stats := shadow + ` && ` + shadow + `.querySelector('[aria-modal=true] .charte-switch[data-category=statistics]')`
	w.wait(stats, "the preferences from data-charte=open")
	w.clickOn(stats, "the statistics switch")
	w.wait(stats+`.getAttribute('aria-checked') === 'true'`, "the switch on")
	w.clickOn(button("Enregistrer mes choix"), "Enregistrer mes choix")
	w.wait(`window.statsRuns === 1 && window.gatedSrcRuns === 1 && document.cookie.includes('_pk_id')`, "statistics after saving")
	if w.bool(`window.thirdRuns`) {
		t.Errorf("%s: third-party ran with statistics alone", e.name())
	}

	// A new first visit: the preferences from the banner, then accept all.
	if err := e.clearCookies(); err != nil {
		t.Fatalf("%s: clear cookies: %v", e.name(), err)
	}
	w.open(page(""))
	w.wait(bannerShown, "the banner after clearing cookies")
	w.clickOn(button("Personnaliser"), "Personnaliser")
	w.wait(shadow+`.querySelector('[aria-modal=true] .charte-switch')`, "the preferences from the banner")
	w.clickOn(`[...`+shadow+`.querySelectorAll('[aria-modal=true] button')].find(b => b.textContent.trim() === 'Tout accepter')`, "Tout accepter in the preferences")
	w.wait(`window.statsRuns === 1 && window.thirdRuns === 1 && document.getElementById('frame').src.includes('/demo/frame/')`, "every gated script and the frame")
	w.wait(`!document.querySelector('charte-placeholder')`, "the placeholder gone")
	if got := w.hitTest("nav"); got != "A#nav" {
		t.Errorf("%s: after accepting, a click on the host's link lands on %s", e.name(), got)
	}

	// The demo page, whose links sit where the banner was: once the
	// choice is saved in the preferences, each takes its own click.
	w.open(widget + "/demo/exemple.fr/")
	w.wait(bannerShown, "the demo's banner")
	w.clickOn(button("Personnaliser"), "Personnaliser on the demo")
	w.wait(shadow+`.querySelector('[aria-modal=true] .charte-switch')`, "the demo's preferences")
	w.clickOn(button("Enregistrer mes choix"), "Enregistrer mes choix on the demo")
	w.wait(`document.cookie.includes('cookies_preferences=') && !`+shadow+`.querySelector('[aria-modal=true], .charte-banner')`, "the demo's choice")
	var covered []string
	w.eval(`[...document.links].filter(a => a.getClientRects().length).map(a => { a.scrollIntoView({block: 'center'}); const r = a.getBoundingClientRect(), el = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2); return el && a.contains(el) ? '' : a.textContent.trim() + ' → ' + (el ? el.tagName : 'nothing'); }).filter(Boolean)`, &covered)
	if len(covered) > 0 {
		t.Errorf("%s: after a choice, the demo's links are covered: %q", e.name(), covered)
	}
}
