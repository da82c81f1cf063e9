package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charte/charte/consent"
)

// first visit: the banner shows and nothing gated has run.
func firstVisit(t *testing.T, q string) *tab {
	tb := newTab(t)
	tb.open(page(q))
	tb.wait(bannerShown, "the banner")
	if tb.bool(`window.statsRuns || window.thirdRuns || window.gatedSrcRuns || document.getElementById('frame').src`) {
		t.Fatal("a gated script or frame ran before consent")
	}
	return tb
}

func TestChoices(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name         string
		clicks       []string
		stats, third bool
		accepted     string
	}{
		{"accept all", []string{"Tout accepter"}, true, true, "necessary.statistics.first-party.third-party"},
		{"reject all", []string{"Tout refuser"}, false, false, "necessary"},
		{"close", []string{"×"}, false, false, "necessary"},
		{"customize", []string{"Personnaliser", "switch:statistics", "Enregistrer mes choix"}, true, false, "necessary.statistics"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			tb := firstVisit(t, "")
			// A tracker cookie set before: it must go when statistics are refused.
			tb.eval(`document.cookie = '_pk_ses.1.abcd=old; Path=/'; document.cookie = 'VISITOR_INFO1_LIVE=x; Path=/'`, nil)
			for _, k := range c.clicks {
				if cat, ok := strings.CutPrefix(k, "switch:"); ok {
					tb.wait(shadow+`.querySelector('[role=switch][data-category="`+cat+`"]')`, "switch")
					tb.eval(shadow+`.querySelector('[role=switch][data-category="`+cat+`"]').click()`, nil)
					tb.wait(shadow+`.querySelector('[role=switch][data-category="`+cat+`"]').getAttribute('aria-checked') === 'true'`, "switch on")
					continue
				}
				tb.click(k)
			}
			tb.wait(`events.change === 1`, "charte:change")
			ck := tb.cookie(consent.CookieName)
			if ck == nil {
				t.Fatal("no cookies_preferences cookie")
			}
			got, err := consent.Decode(ck.Value, sites["exemple.fr"], time.Now())
			if err != nil {
				t.Fatalf("cookie %q: %v", ck.Value, err)
			}
			if strings.Join(got.Accepted, ".") != c.accepted {
				t.Errorf("accepted %v, want %s", got.Accepted, c.accepted)
			}
			if ck.Path != "/" || ck.SameSite != "Lax" || ck.Secure || ck.HTTPOnly {
				t.Errorf("attributes: path %q samesite %q secure %v", ck.Path, ck.SameSite, ck.Secure)
			}
			if days := time.Until(time.Unix(int64(ck.Expires), 0)).Hours() / 24; days < 181 || days > 182.1 {
				t.Errorf("cookie lasts %.1f days, want 182", days)
			}
			if ck.Domain != "localhost" {
				t.Errorf("cookie domain %q, want the host only", ck.Domain)
			}
			tb.quiet() // anything that would wrongly run has run
			var runs struct{ Stats, Src, Third, Consent, Change int }
			tb.eval(`({Stats: window.statsRuns||0, Src: window.gatedSrcRuns||0, Third: window.thirdRuns||0, Consent: events.consent, Change: events.change})`, &runs)
			want := func(b bool) int {
				if b {
					return 1
				}
				return 0
			}
			if runs.Stats != want(c.stats) || runs.Src != want(c.stats) || runs.Third != want(c.third) {
				t.Errorf("gated scripts ran %+v, want statistics %v third-party %v", runs, c.stats, c.third)
			}
			if runs.Consent != 1 || runs.Change != 1 {
				t.Errorf("events fired consent=%d change=%d, want once each", runs.Consent, runs.Change)
			}
			if framed := tb.bool(`document.getElementById('frame').src`); framed != c.third {
				t.Errorf("third-party frame loaded: %v", framed)
			}
			if (tb.cookie("_pk_ses.1.abcd") != nil) == !c.stats {
				t.Errorf("statistics cookie present: %v with statistics %v", tb.cookie("_pk_ses.1.abcd") != nil, c.stats)
			}
			if (tb.cookie("VISITOR_INFO1_LIVE") != nil) == !c.third {
				t.Errorf("third-party cookie present with third-party %v", c.third)
			}
			if tb.bool(bannerShown) {
				t.Error("the banner is still there")
			}
			var detail struct{ ID string }
			tb.eval(`events.last`, &detail)
			if detail.ID != got.ID {
				t.Errorf("event detail id %q, cookie id %q", detail.ID, got.ID)
			}

			// Next page view: no banner, no wasm, accepted scripts run.
			n := len(tb.requested("/charte/"))
			tb.open(page(""))
			tb.wait(`window.charte && events.consent === 1`, "consent at load")
			tb.quiet()
			if tb.bool(`document.querySelector('charte-consent')`) {
				t.Error("widget mounted for a returning visitor")
			}
			if r := tb.requested("/charte/"); len(r) != n {
				t.Errorf("returning visit fetched %v", r[n:])
			}
			if tb.bool(`window.statsRuns`) != c.stats || tb.bool(`window.thirdRuns`) != c.third || tb.bool(`events.change`) {
				t.Error("returning visit did not apply the choice as saved")
			}
			if len(tb.consoleErrors()) > 0 {
				t.Errorf("console errors: %v", tb.consoleErrors())
			}
		})
	}
}

// Values that must bring the banner back.
func TestAskAgain(t *testing.T) {
	t.Parallel()
	s := *sites["exemple.fr"]
	old := s
	old.Revision = s.Revision + 1 // a choice made for another revision
	expired := consent.New(&s, []string{"statistics"}, time.Now().Add(-183*24*time.Hour))
	cases := map[string]string{
		"new revision": func() string {
			c := consent.New(&s, []string{"statistics"}, time.Now())
			c.Revision = s.Revision + 1
			return c.Value()
		}(),
		"expired":  expired.Value(),
		"garbled":  "v=1&id=zz&acc=necessary.statistics",
		"tampered": strings.Replace(consent.New(&s, nil, time.Now()).Value(), "acc=necessary", "acc=necessary.statistics.ads", 1),
	}
	for name, v := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tb := newTab(t)
			tb.setCookie(host+"/", consent.CookieName, v, "", "/")
			tb.open(page(""))
			tb.wait(bannerShown, "the banner")
			if tb.bool(`window.statsRuns`) {
				t.Error("statistics ran on an invalid choice")
			}
		})
	}
}

func TestHostUntouched(t *testing.T) {
	t.Parallel()
	// slow: the shell is put in before the parser has the body's content.
	for _, q := range []string{"", "slow=1"} {
		t.Run("q="+q, func(t *testing.T) {
			t.Parallel()
			hostUntouched(t, q)
		})
	}
}

func hostUntouched(t *testing.T, q string) {
	tb := firstVisit(t, q)
	// The frame's placeholder is drawn (its script has taken its hand-over global).
	tb.wait(`document.querySelector('charte-placeholder')`, "the frame's placeholder")
	var after struct {
		New     []string
		Body    []string
		Storage []string
		OnClick bool
	}
	tb.eval(`({
		New: Object.keys(window).filter(k => !before.includes(k)),
		Body: [...document.body.children].map(e => e.tagName + (e.id ? '#' + e.id : '')),
		Storage: Object.keys(localStorage),
		OnClick: window.onclick !== null || window.onpopstate !== null,
	})`, &after)
	for _, k := range after.New {
		// dataLayer: Consent Mode's queue, created when the site maps it (exemple.fr does).
		if k != "charte" && k != "before" && k != "dataLayer" && strings.Trim(k, "0123456789") != "" { // frame indexes are the host's
			t.Errorf("new global on the host: %s", k)
		}
	}
	for _, bad := range []string{"Go", "fs", "process", "goappNav", "goappGetenv"} {
		if tb.bool(fmt.Sprintf("%q in window", bad)) {
			t.Errorf("global %s leaked", bad)
		}
	}
	if after.OnClick {
		t.Error("window.onclick or onpopstate set")
	}
	if after.Body[0] != "H1#first" || after.Body[len(after.Body)-1] != "CHARTE-CONSENT" {
		t.Errorf("host body changed: %v", after.Body)
	}
	// Moved or not, the banner keeps the focus it was given.
	if !tb.bool(`document.activeElement.tagName === 'CHARTE-CONSENT' && ` + shadow + `.activeElement.classList.contains('charte-banner')`) {
		t.Error("the banner lost its focus")
	}
	for _, k := range after.Storage {
		if k != "host-key" && !strings.HasPrefix(k, "charte:") {
			t.Errorf("localStorage key %q written", k)
		}
	}
	if !tb.bool(`localStorage.getItem('host-key') === 'host-value'`) {
		t.Error("host localStorage changed")
	}
	// A host link still navigates.
	tb.eval(`document.getElementById('nav').click()`, nil)
	tb.wait(`location.pathname === '/other' && document.querySelector('h1') && document.querySelector('h1').textContent === 'Other page'`, "navigation to /other")
}

func TestHostileCSS(t *testing.T) {
	t.Parallel()
	tb := firstVisit(t, "hostile=1")
	var buttons []struct {
		Text          string
		W, H          float64
		Display, Font string
	}
	tb.eval(`[...`+shadow+`.querySelectorAll('.charte-banner button')].map(b => {
		const r = b.getBoundingClientRect(), s = getComputedStyle(b);
		return {Text: b.textContent.trim(), W: r.width, H: r.height, Display: s.display, Font: s.fontSize};
	})`, &buttons)
	if len(buttons) != 5 {
		t.Fatalf("buttons: %+v", buttons)
	}
	for _, b := range buttons {
		if b.W < 24 || b.H < 24 || b.Display == "none" || b.Font == "40px" {
			t.Errorf("button %q broken by host CSS: %+v", b.Text, b)
		}
	}
	tb.click("Tout refuser")
	tb.wait(`events.change === 1`, "the choice")
}

func TestEnglish(t *testing.T) {
	t.Parallel()
	tb := firstVisit(t, "lang=en")
	for _, label := range []string{"Accept all", "Reject all", "Customize"} {
		if !tb.bool(fmt.Sprintf(`[...%s.querySelectorAll('button')].some(b => b.textContent.trim() === %q)`, shadow, label)) {
			t.Errorf("no %q button", label)
		}
	}
	tb.click("Customize")
	tb.wait(`[...`+shadow+`.querySelectorAll('button')].some(b => b.textContent.trim() === 'Save my choices')`, "English preferences")
}

// Keyboard alone: Tab reaches every control of the banner, the charte opens
// and Esc closes it, focus comes back, Tab stays in the dialog.
func TestKeyboard(t *testing.T) {
	t.Parallel()
	tb := firstVisit(t, "")
	active := shadow + `.activeElement`
	tb.wait(active+` && `+active+`.classList.contains('charte-banner')`, "focus in the banner")
	var seen []string
	for i := 0; i < 6; i++ {
		tb.key("Tab")
		var label string
		tb.eval(`(`+active+` && (`+active+`.getAttribute('aria-label') || `+active+`.textContent.trim())) || document.activeElement.tagName`, &label)
		seen = append(seen, label)
	}
	for _, want := range []string{"Lire la charte cookies", "Tout refuser", "Personnaliser", "Tout accepter", "Fermer et tout refuser"} {
		if !slices.Contains(seen, want) {
			t.Errorf("Tab never reached %q (reached %v)", want, seen)
		}
	}
	// Open the charte from the keyboard.
	tb.eval(shadow+`.querySelector('.charte-link').focus()`, nil)
	tb.key("Enter")
	tb.wait(active+` && `+active+`.getAttribute('role') === 'dialog'`, "focus in the charte dialog")
	if !tb.bool(shadow + `.querySelector('[aria-modal=true]').textContent.includes('Qu\'est ce qu\'un cookie ?')`) {
		t.Error("the charte dialog lacks the charte text")
	}
	for i := 0; i < 12; i++ {
		tb.key("Tab")
		if !tb.bool(active + ` && ` + active + `.closest('[aria-modal=true]')`) {
			t.Fatalf("Tab left the dialog after %d presses", i+1)
		}
	}
	tb.key("Escape")
	tb.wait(`!`+shadow+`.querySelector('[aria-modal=true]')`, "Esc closes the charte")
	tb.wait(active+` && `+active+`.classList.contains('charte-link')`, "focus back on the link")
	// Esc does not close the banner.
	tb.key("Escape")
	if !tb.bool(bannerShown) {
		t.Error("Esc closed the banner")
	}
	// The host's manage link opens the preferences and gets focus back.
	tb.click("Tout refuser")
	tb.wait(`events.change === 1`, "the choice")
	tb.eval(`document.getElementById('manage').focus()`, nil)
	tb.key("Enter")
	tb.wait(active+` && `+active+`.getAttribute('role') === 'dialog'`, "preferences open")
	tb.key("Escape")
	tb.wait(`document.activeElement.id === 'manage'`, "focus back on the host link")
}

// The widget cannot load: nothing gated runs, the page works, one error.
func TestFailsClosed(t *testing.T) {
	t.Parallel()
	for name, q := range map[string]string{
		"missing wasm":      "prefix=/broken-wasm",
		"missing inventory": "prefix=/broken-inventory",
		"CSP blocks wasm":   "csp=1",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tb := newTab(t)
			tb.open(page(q))
			tb.wait(`window.charte`, "embed.js")
			until(t, "a console error", func() bool { return len(tb.consoleErrors()) > 0 })
			tb.quiet() // a second error would be out by now
			errs := tb.consoleErrors()
			n := 0
			for _, e := range errs {
				if strings.Contains(e, "Charte") {
					n++
				}
			}
			if n != 1 {
				t.Errorf("want one clear Charte console error, got %q", errs)
			}
			if tb.bool(`window.statsRuns || window.thirdRuns || document.getElementById('frame').src`) {
				t.Error("a gated script ran")
			}
			if tb.bool(`document.querySelector('charte-consent')`) {
				t.Error("a broken widget stays in the page")
			}
			tb.eval(`document.getElementById('nav').click()`, nil)
			tb.wait(`location.pathname === '/other'`, "the host page still works")
		})
	}
}

// A site that lists only necessary cookies asks nothing when the page gates
// nothing, yet its preferences open on demand.
func TestNothingToAsk(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.open(widget + "/s/data.tco.re/")
	tb.wait(`window.charte`, "embed.js")
	tb.quiet()
	if tb.bool(`document.querySelector('charte-consent')`) || len(tb.requested("app.wasm")) > 0 {
		t.Error("widget loaded with nothing to consent to")
	}
	tb.eval(`document.querySelector('[data-charte=open]').click()`, nil)
	tb.wait(shadow+` && `+shadow+`.querySelector('[aria-modal=true]')`, "preferences on demand")
	tb.click("Enregistrer mes choix")
	tb.wait(`document.cookie.includes('cookies_preferences=v=1')`, "choice saved")
}

// A choice made through the API while the page is still parsed holds: the
// banner does not come back when the page is ready. With a cookie store the
// choice comes before its answer; without one, after embed.js's read.
func TestChoiceBeforeParsed(t *testing.T) {
	t.Parallel()
	for _, store := range []bool{true, false} {
		t.Run(fmt.Sprintf("cookie store %v", store), func(t *testing.T) {
			t.Parallel()
			tb := newTab(t)
			if !store {
				tb.initScript(noCookieStore)
			}
			tb.open(page("early=1"))
			tb.wait(`document.readyState === 'complete' && window.statsRuns === 1`, "the choice applied")
			tb.quiet()
			var got struct{ Accepted []string }
			tb.eval(`charte.get()`, &got)
			if strings.Join(got.Accepted, " ") != "necessary statistics" || tb.bool(bannerShown) || tb.bool(`events.change !== 1`) {
				t.Errorf("after an early choice: accepted %v, banner %v, %v change events", got.Accepted, tb.bool(bannerShown), tb.number(`events.change`))
			}
			if ck := tb.cookie(consent.CookieName); ck == nil || !strings.Contains(ck.Value, "acc=necessary.statistics&") {
				t.Errorf("cookie %+v", ck)
			}
		})
	}
}

// noCookieStore hides the Cookie Store API, as a browser without it: embed.js
// reads document.cookie.
const noCookieStore = `Object.defineProperty(window, 'cookieStore', { configurable: true, value: undefined });`

// The preferences' first frame has the switches; the cookie tables of
// the closed <details> follow, each with the rows of its category.
func TestPreferencesTables(t *testing.T) {
	t.Parallel()
	tb := firstVisit(t, "")
	tb.click("Personnaliser")
	tb.wait(shadow+`.querySelector('[aria-modal=true] .charte-switch')`, "the preferences")
	tb.wait(`[...`+shadow+`.querySelectorAll('[aria-modal=true] details')].every(d => d.querySelector('.charte-table tbody tr'))`, "every category's table")
	var names []string
	tb.eval(`[...`+shadow+`.querySelectorAll('[aria-modal=true] details .charte-table tbody td')].map(td => td.textContent)`, &names)
	if !slices.ContainsFunc(names, func(n string) bool { return strings.Contains(n, "cookies_preferences") }) || !slices.ContainsFunc(names, func(n string) bool { return strings.Contains(n, "_pk_") }) {
		t.Errorf("the tables name %q", names)
	}
}
