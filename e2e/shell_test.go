package e2e

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"

	"github.com/charte/charte/consent"
)

// heldFirstVisit opens a first visit whose wasm is held back, once the
// shell's banner shows; release lets the wasm come.
func heldFirstVisit(t *testing.T, q string) (tb *tab, release func()) {
	t.Helper()
	key, release := gates.hold(t)
	tb = newTab(t)
	tb.open(page("prefix=/held/" + key + "&" + q))
	tb.wait(shellShown, "the shell banner")
	return tb, release
}

const (
	shellShown = shadow + ` && ` + shadow + `.querySelector('[data-charte-shell] .charte-banner')`
	// takenOver: go-app's tree replaced the shell.
	takenOver = shadow + ` && !` + shadow + `.querySelector('[data-charte-shell]') && ` + shadow + `.querySelector('.charte')`
	// looks is what a visitor sees of the widget: its words and where its
	// buttons are.
	looks = `(() => { const r = ` + shadow + `;
		const text = [...r.querySelectorAll('.charte > :not(style)')].map(e => e.textContent).join(' ').replace(/\s+/g, ' ').trim();
		const buttons = [...r.querySelectorAll('button')].map(b => { const x = b.getBoundingClientRect(); return [b.textContent.trim(), x.x, x.y, x.width, x.height].join(' '); });
		return {Text: text, Buttons: buttons}; })()`
)

type look struct {
	Text    string
	Buttons []string
}

// The banner shows before the wasm has arrived, and go-app takes over with
// the same text at the same place.
func TestShellTakeover(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"fr", "en"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			tb, release := heldFirstVisit(t, "lang="+lang)
			// Fetched once the page is idle, run when the visitor asks.
			until(t, "the wasm requested while the shell shows", func() bool { return len(tb.requested("app.wasm")) > 0 })
			var before, after look
			tb.eval(looks, &before)
			if len(before.Buttons) != 5 || !strings.Contains(before.Text, "Exemple de portail") {
				t.Fatalf("shell: %+v", before)
			}
			release()
			customize := map[string]string{"fr": "Personnaliser", "en": "Customize"}[lang]
			tb.pointAt(shellButton(customize))
			tb.wait(takenOver+` && `+bannerShown, "go-app's banner")
			tb.eval(looks, &after)
			if before.Text != after.Text {
				t.Errorf("text changed when the wasm took over:\n%s\n%s", before.Text, after.Text)
			}
			if strings.Join(before.Buttons, "\n") != strings.Join(after.Buttons, "\n") {
				t.Errorf("buttons moved when the wasm took over:\n%v\n%v", before.Buttons, after.Buttons)
			}
			if n := tb.number(`document.querySelectorAll('charte-consent').length`); n != 1 {
				t.Errorf("%v charte-consent elements", n)
			}
			// The widget is live.
			tb.click(customize)
			tb.wait(shadow+`.querySelector('[aria-modal=true]')`, "the preferences")
		})
	}
}

// A click on the shell, before the wasm is there, is not lost.
func TestClickBeforeWasm(t *testing.T) {
	t.Parallel()
	t.Run("accept all", func(t *testing.T) {
		t.Parallel()
		tb, release := heldFirstVisit(t, "")
		tb.click("Tout accepter")
		tb.wait(`events.change === 1 && window.statsRuns === 1`, "the choice applied before the wasm")
		if tb.bool(bannerShown) {
			t.Error("the banner stays after the choice")
		}
		ck := tb.cookie(consent.CookieName)
		if ck == nil {
			t.Fatal("no cookie")
		}
		if c, err := consent.Decode(ck.Value, sites["exemple.fr"], time.Now()); err != nil || len(c.Refused) != 0 {
			t.Fatalf("cookie %q: %v", ck.Value, err)
		}
		release()
		// The widget, started later, follows the choice: no banner, and
		// the preferences show it.
		tb.eval(`void charte.show()`, nil)
		tb.wait(takenOver+` && `+shadow+`.querySelector('[role=switch][data-category=statistics][aria-checked=true]')`, "preferences with statistics on")
		if tb.bool(bannerShown) || tb.bool(`events.change !== 1`) {
			t.Error("the widget asked again after a choice made on the shell")
		}

		// Next page view: embed.js only (the frame is the consented third party).
		n, w := len(tb.requested(widget+"/s/")), len(tb.requested("/charte/"))
		tb.open(page(""))
		tb.wait(`window.charte && events.consent === 1`, "consent at load")
		tb.quiet()
		if r := tb.requested("/charte/")[w:]; len(r) != 0 {
			t.Errorf("the returning view fetched the widget: %v", r)
		}
		// embed.js runs from the cache; the browser may check it behind the page.
		if r := tb.requested(widget + "/s/")[n:]; len(r) == 0 || slices.ContainsFunc(r, func(u string) bool { return !strings.HasSuffix(u, "/embed.js") }) {
			t.Errorf("returning view requested %v, want embed.js alone", r)
		}
	})
	t.Run("customize", func(t *testing.T) {
		t.Parallel()
		tb, release := heldFirstVisit(t, "")
		tb.click("Personnaliser")
		if !tb.bool(shellButton("Personnaliser") + `.getAttribute('aria-busy') === 'true'`) {
			t.Error("the button shows no feedback while the widget starts")
		}
		tb.quiet("/charte/app.wasm") // the start waits for the held wasm alone
		if tb.bool(shadow + `.querySelector('[aria-modal=true]')`) {
			t.Fatal("a dialog opened without the wasm")
		}
		release()
		tb.wait(takenOver+` && `+shadow+`.querySelector('[aria-modal=true]')`, "the preferences once the widget is ready")
		tb.click("Enregistrer mes choix")
		tb.wait(`events.change === 1`, "the choice")
	})
}

// app.wasm stays within its budget: every first visitor downloads it.
func TestWasmBudget(t *testing.T) {
	t.Parallel()
	if n := len(wasm.Br); n > 1_500_000 {
		t.Errorf("app.wasm is %d bytes brotli, over 1.5 MB", n)
	}
}

// A returning visitor pays for no wasm, and when a later page view needs it
// (the visitor opens the preferences), the browser's copy is reused: the
// server confirms it (304) instead of sending it again.
func TestWasmCachedForLaterView(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.run(network.ClearBrowserCache()) // browser contexts serve test after test
	tb.open(page(""))
	tb.wait(bannerShown, "the banner")
	// The idle page fetches the wasm before any choice.
	until(t, "the wasm fetched", func() bool {
		u := tb.requested("/charte/app.wasm")
		return len(u) > 0 && tb.receivedBytes(u[0]) > 0
	})
	tb.click("Tout accepter")
	tb.wait(`events.change === 1`, "the choice")
	wasmURL := tb.requested("/charte/app.wasm")
	if len(wasmURL) != 1 {
		t.Fatalf("first visit requested the wasm %d times", len(wasmURL))
	}
	if n := tb.receivedBytes(wasmURL[0]); n < 1_000_000 {
		t.Fatalf("first visit received %v bytes of wasm", n)
	}

	tb.open(page(""))
	tb.wait(`window.charte && events.consent === 1`, "consent at load")
	if n := len(tb.requested("/charte/app.wasm")); n != 1 {
		t.Fatalf("the returning view requested the wasm (%d requests in all)", n)
	}
	tb.eval(`charte.show()`, nil)
	tb.wait(shadow+`.querySelector('[aria-modal=true]')`, "the preferences")
	if n := len(tb.requested("/charte/app.wasm")); n != 2 {
		t.Fatalf("%d wasm requests after opening the preferences, want 2", n)
	}
	if n := tb.receivedBytes(wasmURL[0]); n < 0 || n > 10_000 {
		t.Errorf("the later view received %v bytes of wasm, want the cached copy", n)
	}
}

// A returning view runs embed.js from the browser's cache without waiting
// for the server: the choice applies (the accepted gated script runs)
// while any check of embed.js the browser sends is held. Served no-cache,
// embed.js would wait for that check, and the view with it.
func TestReturningViewRunsCachedEmbed(t *testing.T) {
	t.Parallel()
	key, release := gates.hold(t)
	tb := newTab(t)
	tb.open(page("prefix=/revalidate/" + key))
	tb.wait(shellShown, "the shell banner")
	tb.eval(`void charte.acceptAll()`, nil)
	tb.wait(`window.statsRuns === 1`, "the gated script after accepting")
	tb.start(page("prefix=/revalidate/" + key + "&again=1"))
	tb.wait(`window.charte && events.consent === 1 && window.statsRuns === 1`, "the choice applied on the returning view")
	release()
}
