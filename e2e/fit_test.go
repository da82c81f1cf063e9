package e2e

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
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
	tb := newTab(t)
	tb.open(fitPage("lang=de"))
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
	for _, c := range []struct{ page, browser, want string }{
		{"de-AT", "en-US", "de"},
		{"en-GB", "de", "en"},
		{"pt-BR", "pt-BR,es-MX,es", "es"},
		{"pt", "pt,ja", "fr"}, // exemple.fr's default
	} {
		t.Run(c.page, func(t *testing.T) {
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
	for _, lang := range []string{"fr", "en", "de", "es", "it", "nl", "dark"} {
		t.Run(lang, func(t *testing.T) {
			tb := newTab(t)
			q := "lang=" + lang
			if lang == "dark" {
				q = "lang=fr"
				tb.run(emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}))
			}
			tb.open(fitPage(q))
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
