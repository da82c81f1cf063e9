package e2e

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/charte/charte/inventory"
	"github.com/charte/charte/server"
)

// The four buttons in each of Charte's languages.
var buttons = map[string][4]string{
	"fr": {"Tout accepter", "Tout refuser", "Personnaliser", "Enregistrer mes choix"},
	"en": {"Accept all", "Reject all", "Customize", "Save my choices"},
	"de": {"Alle akzeptieren", "Alle ablehnen", "Anpassen", "Auswahl speichern"},
	"es": {"Aceptar todo", "Rechazar todo", "Personalizar", "Guardar mis preferencias"},
	"it": {"Accetta tutto", "Rifiuta tutto", "Personalizza", "Salva le mie scelte"},
	"nl": {"Alles accepteren", "Alles weigeren", "Aanpassen", "Mijn keuzes opslaan"},
}

// shownLang is the lang of the widget's root and the banner's buttons.
func (tb *tab) shownLang() (lang string, labels []string) {
	tb.t.Helper()
	var out struct {
		Lang    string
		Buttons []string
	}
	tb.eval(`({Lang: `+shadow+`.querySelector('.charte').lang,
		Buttons: [...`+shadow+`.querySelectorAll('.charte-banner .charte-btn')].map(b => b.textContent.trim())})`, &out)
	return out.Lang, out.Buttons
}

// bootWidget has go-app take over the prerendered banner, as the
// visitor's pointer over "Customize" does.
func (tb *tab) bootWidget() {
	tb.t.Helper()
	tb.wait(shellShown, "the prerendered banner")
	tb.pointAt(shadow + `.querySelector('[data-charte-shell] [data-charte-action=prefs]')`)
}

// acceptLanguage makes the browser ask for langs (navigator.languages).
func (tb *tab) acceptLanguage(langs string) {
	tb.t.Helper()
	tb.run(chromedp.ActionFunc(func(ctx context.Context) error {
		return emulation.SetUserAgentOverride("Mozilla/5.0 (X11; Linux x86_64) Chrome").WithAcceptLanguage(langs).Do(ctx)
	}))
}

// A German page gets the German widget, its root marked lang="de", and
// German placeholders.
func TestGermanPage(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.open(fitPage("lang=de"))
	tb.bootWidget()
	tb.wait(takenOver+` && `+bannerShown+` && `+ph("video"), "the German banner")
	lang, labels := tb.shownLang()
	if lang != "de" || strings.Join(labels, "|") != "Alle ablehnen|Anpassen|Alle akzeptieren" {
		t.Errorf("lang %q, buttons %q", lang, labels)
	}
	if !tb.bool(ph("video") + `.shadowRoot.textContent.includes('Erlauben und anzeigen')`) {
		t.Error("the placeholder is not in German")
	}
	tb.click("Anpassen")
	tb.wait(`[...`+shadow+`.querySelectorAll('button')].some(b => b.textContent.trim() === 'Auswahl speichern')`, "the German preferences")
	if !tb.bool(shadow + `.querySelector('[aria-modal=true]').textContent.includes('Statistik-Cookies')`) {
		t.Error("the categories are not in German")
	}
}

// The page's lang, then the browser's languages, then the site's default;
// a regional tag falls back to its language.
func TestLanguageChoice(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ page, browser, want string }{
		{"de-AT", "en-US", "de"},
		{"en-GB", "de", "en"},
		{"pt-BR", "pt-BR,es-MX,es", "es"},
		{"pt", "pt,ja", "fr"}, // exemple.fr's default
	} {
		t.Run(c.page, func(t *testing.T) {
			t.Parallel()
			tb := newTab(t)
			tb.acceptLanguage(c.browser)
			tb.open(fitPage("lang=" + url.QueryEscape(c.page)))
			tb.wait(shellShown+` || `+bannerShown, "the banner")
			lang, labels := tb.shownLang()
			b := buttons[c.want]
			if lang != c.want || strings.Join(labels, "|") != b[1]+"|"+b[2]+"|"+b[0] {
				t.Errorf("page %s, browser %s: lang %q, buttons %q; want %s", c.page, c.browser, lang, labels, c.want)
			}
		})
	}
}

// axe passes on the banner, the preferences and the placeholders in every
// language, and in dark mode.
func TestAxeEveryLanguage(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"fr", "en", "de", "es", "it", "nl", "dark"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			tb := newTab(t)
			q := "lang=" + lang
			if lang == "dark" {
				q = "lang=fr"
				tb.run(emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}))
			}
			tb.open(fitPage(q))
			tb.bootWidget()
			tb.wait(takenOver+` && `+bannerShown+` && `+ph("video")+` && `+ph("map"), "the banner and the placeholders")
			if lang == "dark" {
				// exemple.fr's theme has "dark": "auto".
				var bg string
				tb.eval(`getComputedStyle(`+shadow+`.querySelector('.charte-banner')).backgroundColor + ' ' + getComputedStyle(`+ph("video")+`.shadowRoot.querySelector('.charte-ph')).backgroundColor`, &bg)
				if bg != "rgb(30, 31, 34) rgb(30, 31, 34)" {
					t.Errorf("dark mode backgrounds: %s", bg)
				}
				lang = "fr"
			}
			for _, v := range tb.axe() {
				t.Errorf("banner: %s", v)
			}
			tb.click(buttons[lang][2])
			tb.wait(shadow+`.querySelector('[aria-modal=true]')`, "the preferences")
			tb.eval(shadow+`.querySelectorAll('details').forEach(d => d.open = true)`, nil)
			for _, v := range tb.axe() {
				t.Errorf("preferences: %s", v)
			}
		})
	}
}

// CSS custom properties set on the page reach the widget and the
// placeholders.
func TestCustomProperties(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	vars := "--charte-accent: rgb(0, 90, 40); --charte-accent-text: rgb(255, 255, 240); --charte-background: rgb(250, 245, 230); --charte-radius: 0px; --charte-font: Georgia, serif"
	tb.open(fitPage("vars=" + url.QueryEscape(vars)))
	tb.wait(bannerShown+` && `+ph("video"), "the banner and the placeholder")
	var got struct{ Btn, Text, Bg, Radius, Font, PhBtn, PhBg string }
	get := func() {
		tb.eval(`(() => { const b = getComputedStyle(`+shadow+`.querySelector('.charte-banner .charte-btn')), n = getComputedStyle(`+shadow+`.querySelector('.charte-banner'));
			const p = getComputedStyle(`+ph("video")+`.shadowRoot.querySelector('.charte-btn')), q = getComputedStyle(`+ph("video")+`.shadowRoot.querySelector('.charte-ph'));
			return {Btn: b.backgroundColor, Text: b.color, Bg: n.backgroundColor, Radius: n.borderTopLeftRadius, Font: n.fontFamily, PhBtn: p.backgroundColor, PhBg: q.backgroundColor}; })()`, &got)
	}
	want := fmt.Sprint(struct{ Btn, Text, Bg, Radius, Font, PhBtn, PhBg string }{
		"rgb(0, 90, 40)", "rgb(255, 255, 240)", "rgb(250, 245, 230)", "0px", "Georgia, serif", "rgb(0, 90, 40)", "rgb(250, 245, 230)"})
	get()
	if fmt.Sprint(got) != want {
		t.Errorf("shell: got %v, want %v", got, want)
	}
	tb.bootWidget()
	tb.wait(takenOver+` && `+bannerShown, "go-app's banner")
	get()
	if fmt.Sprint(got) != want {
		t.Errorf("widget: got %v, want %v", got, want)
	}
	// Without them, Charte's own blue.
	tb.open(fitPage(""))
	tb.wait(bannerShown, "the banner")
	var btn string
	tb.eval(`getComputedStyle(`+shadow+`.querySelector('.charte-banner .charte-btn')).backgroundColor`, &btn)
	if btn != "rgb(26, 79, 163)" {
		t.Errorf("default accent %s", btn)
	}
}

// themed serves exemple.fr as a site with a bar, the reopen button and a
// dark red theme would have it; the page's URL takes embed= its origin.
var themed = sync.OnceValue(func() string {
	s := *sites["exemple.fr"]
	s.Layout, s.ReopenButton = "bar", true
	s.Theme = &inventory.Theme{Palette: inventory.Palette{Accent: "#7a1f00", AccentText: "#ffffff", Radius: "2px"}}
	// Ends with the test process, like the package's other servers.
	return httptest.NewServer(server.New([]*inventory.Site{&s}, wasm, loader)).URL
})

// The config's theme and layout shape the banner; the page's properties
// still win; after a choice the reopen button opens the preferences, on
// later page views too, without the wasm.
func TestConfigThemeBarAndReopen(t *testing.T) {
	t.Parallel()
	tb := newTab(t)
	tb.open(fitPage("embed=" + url.QueryEscape(themed())))
	tb.bootWidget()
	tb.wait(takenOver+` && `+bannerShown, "the banner")
	var bar struct {
		Left, Right, Bottom, W, H float64
		Btn                       string
	}
	tb.eval(`(() => { const r = `+shadow+`.querySelector('.charte-banner').getBoundingClientRect();
		return {Left: r.left, Right: r.right, Bottom: r.bottom, W: innerWidth, H: innerHeight,
			Btn: getComputedStyle(`+shadow+`.querySelector('.charte-banner .charte-btn')).backgroundColor}; })()`, &bar)
	if bar.Left != 0 || bar.Right != bar.W || bar.Bottom != bar.H {
		t.Errorf("the bar is not across the bottom: %+v", bar)
	}
	if bar.Btn != "rgb(122, 31, 0)" {
		t.Errorf("the config's accent is not used: %s", bar.Btn)
	}
	if tb.bool(`document.querySelector('charte-placeholder[data-reopen]')`) {
		t.Error("reopen button before any choice")
	}
	tb.click("Tout refuser")
	reopen := `document.querySelector('charte-placeholder[data-reopen]') && document.querySelector('charte-placeholder[data-reopen]').shadowRoot.querySelector('.charte-reopen')`
	tb.wait(reopen, "the reopen button")
	var btn struct{ Text, Bg string }
	tb.eval(`({Text: `+reopen+`.textContent, Bg: getComputedStyle(`+reopen+`).backgroundColor})`, &btn)
	if btn.Text != "Gérer les cookies" || btn.Bg != "rgb(122, 31, 0)" {
		t.Errorf("reopen button %+v", btn)
	}
	tb.eval(reopen+`.click()`, nil)
	tb.wait(shadow+`.querySelector('[aria-modal=true]')`, "the preferences from the reopen button")

	// A later page view: the button again, no wasm; the page's accent wins.
	n := len(tb.requested(".wasm"))
	tb.open(fitPage("embed=" + url.QueryEscape(themed()) + "&vars=" + url.QueryEscape("--charte-accent: rgb(0, 90, 40)")))
	tb.wait(reopen, "the reopen button on a returning view")
	tb.eval(`getComputedStyle(`+reopen+`).backgroundColor`, &btn.Bg)
	if btn.Bg != "rgb(0, 90, 40)" {
		t.Errorf("the page's --charte-accent does not win over the config: %s", btn.Bg)
	}
	if len(tb.requested(".wasm")) != n || tb.bool(`document.querySelector('charte-consent')`) {
		t.Error("the reopen button needed the widget")
	}
	for _, v := range tb.axe() {
		t.Errorf("axe: %s", v)
	}
}
