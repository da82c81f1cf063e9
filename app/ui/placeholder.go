package ui

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/charte/charte/inventory"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// PlaceholderCSS styles the click-to-load placeholder, in its own shadow
// root.
//
//go:embed placeholder.css
var PlaceholderCSS string

// Placeholder stands in place of a gated iframe, or an element marked
// data-charte-placeholder, whose category the visitor has not accepted: it
// says what the content is and which category it needs, and offers to
// allow that category alone, or to open the preferences. embed.js fills the
// slots with the element's title and data-provider, as text, and acts on
// the buttons' data-charte-action without the wasm.
type Placeholder struct {
	app.Compo
	Site     *inventory.Site
	Lang     string
	Category string
}

func (p *Placeholder) Render() app.UI {
	t := placeholderWordsFor(p.Lang)
	title := p.Category
	if c := p.Site.Category(p.Category); c != nil {
		title = c.Title.Get(p.Lang)
	}
	return app.Div().Class("charte-ph").Lang(p.Lang).DataSet("category", p.Category).
		Attr("role", "group").Aria("labelledby", "charte-ph-what").Body(
		app.P().ID("charte-ph-what").Class("charte-ph-what").Body(
			app.Span().DataSet("charte-slot", "title").Text(t.content),
			app.Span().DataSet("charte-slot", "provider"),
		),
		app.P().ID("charte-ph-why").Text(fmt.Sprintf(t.needs, title)),
		app.Div().Class("charte-ph-actions").Body(
			app.Button().Type("button").Class("charte-btn").DataSet("charte-action", "allow").
				Aria("describedby", "charte-ph-what").Text(t.allow),
			app.Button().Type("button").Class("charte-link").DataSet("charte-action", PrefsModal).Text(t.prefs),
		),
	)
}

// Reopen is the small fixed button a site may ask for (reopenButton):
// shown after a choice, it opens the preferences. embed.js draws it with
// the placeholders' script, without the wasm.
type Reopen struct {
	app.Compo
	Lang string
}

func (r *Reopen) Render() app.UI {
	return app.Button().Type("button").Class("charte-reopen").Lang(r.Lang).DataSet("charte-action", PrefsModal).
		Text(placeholderWordsFor(r.Lang).reopen)
}

// PlaceholderHTML is the placeholders of a site in one language, as the
// server serves them to embed.js: the stylesheet (with the site's theme)
// then one placeholder per optional category, and the reopen button when
// the site wants one. embed.js fetches it only when
// a page holds content that may not load yet.
func PlaceholderHTML(s *inventory.Site, lang string) string {
	var b strings.Builder
	for _, c := range s.Categories {
		if !c.Required {
			b.WriteString(HTML(&Placeholder{Site: s, Lang: lang, Category: c.ID}))
		}
	}
	if s.ReopenButton {
		b.WriteString(HTML(&Reopen{Lang: lang}))
	}
	return "<style>" + compactCSS(PlaceholderCSS+paletteCSS(s, ".charte-ph, .charte-reopen")) + "</style>" + indent.ReplaceAllString(b.String(), "")
}
