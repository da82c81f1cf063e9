package ui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charte/charte/consent"
	"github.com/charte/charte/inventory"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func loadSite(t *testing.T, src string) *inventory.Site {
	t.Helper()
	s, err := inventory.Load("config/x.org.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

const hostile = `{"name":"<b>Evil</b> & co","url":"https://x.org","cookies":[
 {"provider":"<img src=x onerror=alert(1)>","service":{"fr":"<script>alert(1)</script>","en":"s"},"names":["_ga"],
  "purpose":{"fr":"Mesure","en":"Measure"},"category":"statistics","link":"https://x.org/p"}]}`

func TestBannerText(t *testing.T) {
	s := loadSite(t, hostile)
	for lang, want := range map[string][]string{
		"fr": {"Tout accepter", "Tout refuser", "Personnaliser", "Lire la charte cookies", `aria-label="Fermer et tout refuser"`},
		"en": {"Accept all", "Reject all", "Customize", "Read the cookie policy"},
	} {
		html := HTML(&Widget{Site: s, Lang: lang, ShowBanner: true})
		for _, w := range want {
			if !strings.Contains(html, w) {
				t.Errorf("%s banner lacks %q", lang, w)
			}
		}
		if !strings.Contains(html, `lang="`+lang+`"`) {
			t.Errorf("%s banner has no lang", lang)
		}
		if strings.Contains(html, "<b>Evil") {
			t.Error("site name rendered as HTML")
		}
	}
}

func TestInventoryIsText(t *testing.T) {
	s := loadSite(t, hostile)
	w := &Widget{Site: s, Lang: "fr", Modal: PrefsModal}
	w.resetToggles()
	html := HTML(w)
	for _, bad := range []string{"<script>alert", "<img src=x"} {
		if strings.Contains(html, bad) {
			t.Errorf("inventory text rendered as HTML: %q", bad)
		}
	}
	if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("inventory text missing from the preferences")
	}
}

func TestPreferences(t *testing.T) {
	s := loadSite(t, `{"name":"x","url":"https://x.org"}`)
	c := consent.New(s, []string{"statistics"}, consentTime)
	w := &Widget{Site: s, Lang: "fr", Modal: PrefsModal, Current: &c}
	w.resetToggles()
	html := HTML(w)
	for _, want := range []string{
		`role="dialog"`, `aria-modal="true"`, "Enregistrer mes choix", "Votre identifiant de consentement : ", c.ID,
		"Toujours actif",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("preferences lack %q", want)
		}
	}
	// The switches follow the choice: statistics on, the rest off, the
	// necessary one on and disabled.
	matchSwitches(t, w, map[string]bool{"necessary": true, "statistics": true})
	// No pre-ticked box on a first visit.
	w = &Widget{Site: s, Lang: "fr", Modal: PrefsModal}
	w.resetToggles()
	matchSwitches(t, w, map[string]bool{"necessary": true})
}

// matchSwitches checks each category's switch in the preferences, an
// element of go-app's tree matched by go-app: a category's block holds its
// head, whose second child is the switch.
func matchSwitches(t *testing.T, w *Widget, on map[string]bool) {
	t.Helper()
	lw := wordsFor(w.Lang)
	for _, c := range w.Site.Categories {
		id := "charte-cat-" + c.ID
		want := app.Button().Type("button").Class("charte-switch").Attr("role", "switch").
			Aria("checked", fmt.Sprint(on[c.ID])).Aria("labelledby", id).Aria("describedby", id+"-state").
			DataSet("category", c.ID).OnClick(func(app.Context, app.Event) {})
		if c.Required {
			want = want.Disabled(true)
		}
		if err := app.Match(want, w.category(lw, c), 0, 1); err != nil {
			t.Errorf("%s switch: %v", c.ID, err)
		}
	}
}

func TestChoices(t *testing.T) {
	s := loadSite(t, `{"name":"x","url":"https://x.org"}`)
	var saved []string
	w := &Widget{Site: s, Lang: "fr", ShowBanner: true, Save: func(acc []string, _ string) consent.Choice {
		saved = acc
		return consent.New(s, acc, consentTime)
	}}
	w.resetToggles()
	w.toggles["third-party"] = true
	w.saveToggles(app.Context{}, app.Event{})
	if strings.Join(saved, ",") != "necessary,third-party" || w.ShowBanner || w.Current == nil || !w.Current.Allows("third-party") {
		t.Errorf("save: %v, banner %v", saved, w.ShowBanner)
	}
	w.rejectAll(app.Context{}, app.Event{})
	if len(saved) != 0 || w.Current.Allows("third-party") {
		t.Errorf("reject all saved %v", saved)
	}
	w.acceptAll(app.Context{}, app.Event{})
	if len(saved) != 4 {
		t.Errorf("accept all saved %v", saved)
	}
}

var consentTime = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// Prerendered HTML is the same bytes each time, whatever go-app's map order.
func TestHTMLStable(t *testing.T) {
	s, err := inventory.LoadFile("../../config/herault-data.fr.json")
	if err != nil {
		t.Fatal(err)
	}
	first := HTML(&Policy{Site: s, Lang: "fr", Level: 1})
	for i := 0; i < 20; i++ {
		if got := HTML(&Policy{Site: s, Lang: "fr", Level: 1}); got != first {
			t.Fatal("two renders of the same charte differ")
		}
	}
	if !strings.Contains(first, `<a href="https://www.herault-data.fr" rel="noopener noreferrer" target="_blank">`) {
		t.Errorf("attributes not in order:\n%s", first[:min(len(first), 600)])
	}
}

// The shell is the widget's own first render: same text, same actions.
func TestShell(t *testing.T) {
	s := loadSite(t, hostile)
	for _, lang := range []string{"fr", "en"} {
		for _, gpc := range []bool{false, true} {
			shell := Shell(s, lang, gpc)
			full := HTML(&Widget{Site: s, Lang: lang, GPC: gpc, ShowBanner: true})
			if text(shell) != text(full) {
				t.Errorf("%s gpc=%v: shell text differs from the widget's:\n%s\n%s", lang, gpc, text(shell), text(full))
			}
			first := regexp.MustCompile(`<[a-z][^<>]*>`).FindString(shell)
			if !strings.HasPrefix(shell, "<div ") || !strings.Contains(first, `class="charte"`) || !strings.Contains(first, `lang="`+lang+`"`) || strings.Contains(shell, "\n") {
				t.Errorf("%s shell is not one compact root element: %.80q", lang, shell)
			}
			for _, a := range []string{"charte", "reject", "prefs", "accept"} {
				if !strings.Contains(shell, `data-charte-action="`+a+`"`) {
					t.Errorf("%s shell lacks the %s action", lang, a)
				}
			}
			if strings.Contains(shell, `class="charte-gpc"`) != gpc {
				t.Errorf("%s shell: GPC note shown %v, want %v", lang, !gpc, gpc)
			}
		}
	}
}

// text is the visible words of HTML: tags and whitespace runs dropped.
func text(html string) string {
	html = regexp.MustCompile(`(?s)<style>.*?</style>|<[^>]*>`).ReplaceAllString(html, " ")
	return strings.Join(strings.Fields(html), " ")
}

// The theme's values become the fallbacks of the page's properties, with
// the dark variant under prefers-color-scheme: dark; the layout shows as a
// class of the widget's root.
func TestPalette(t *testing.T) {
	s := loadSite(t, `{"name":"X","url":"https://x.org","layout":"bar","theme":{"accent":"#7a1f00","text":"#202020","dark":"auto"}}`)
	html := HTML(&Widget{Site: s, Lang: "fr", ShowBanner: true})
	for _, want := range []string{
		`class="charte charte-bar"`,
		`.charte{--_accent:var(--charte-accent,#7a1f00);--_accent-text:var(--charte-accent-text,#ffffff);`,
		`--_link:var(--charte-text,#202020);`,
		`@media (prefers-color-scheme: dark){.charte{--_accent:var(--charte-accent,#8ab4f8);`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("widget lacks %s", want)
		}
	}
	plain := HTML(&Widget{Site: loadSite(t, `{"name":"X","url":"https://x.org"}`), Lang: "fr", ShowBanner: true})
	if strings.Contains(plain, "prefers-color-scheme") || !strings.Contains(plain, `--_accent:var(--charte-accent,#1a4fa3)`) || !strings.Contains(plain, `class="charte"`) {
		t.Error("a site without theme does not get Charte's own look")
	}
}

// An opened dialog's first frame leaves the closed tables out when the
// glue can draw them after a paint; the prerender draws them at once.
func TestPreferencesTablesLater(t *testing.T) {
	s := loadSite(t, hostile)
	w := &Widget{Site: s, Lang: "fr", Modal: PrefsModal}
	w.resetToggles()
	if html := HTML(w); !strings.Contains(html, `class="charte-table"`) || !strings.Contains(html, "<summary>") {
		t.Fatalf("the prerender lacks the tables:\n%s", html)
	}
	var later []func()
	w.Later = func(f func()) { later = append(later, f) }
	html := HTML(w)
	if strings.Contains(html, `class="charte-table"`) || !strings.Contains(html, "<summary>") {
		t.Errorf("the first frame draws the tables, or lacks the summaries:\n%s", html)
	}
	w.rest = true
	if html := HTML(w); !strings.Contains(html, `class="charte-table"`) {
		t.Errorf("the tables are not drawn once the frame is painted")
	}
}
