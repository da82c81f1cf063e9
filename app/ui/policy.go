package ui

import (
	"strconv"

	"github.com/charte/charte/inventory"
	"github.com/charte/charte/policy"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Policy renders a site's cookie policy, its "charte cookies": Charte's
// text and the cookie tables. Level is the heading level of the document's title: 1 on the policy page;
// in a dialog, whose own heading names it, the title is left out and
// sections start one level below Level.
type Policy struct {
	app.Compo
	Site  *inventory.Site
	Lang  string
	Level int
}

func (c *Policy) Render() app.UI {
	doc := policy.Build(c.Site, c.Lang)
	var body []app.UI
	for _, b := range doc.Blocks {
		switch b.Kind {
		case policy.Title:
			if c.Level == 1 {
				body = append(body, app.H1().Body(spans(b)...))
			}
		case policy.Heading:
			body = append(body, heading(c.Level+1, spans(b)...))
		case policy.Subheading:
			body = append(body, heading(c.Level+2, spans(b)...).ID("charte-table-"+b.Category))
		case policy.Paragraph:
			body = append(body, app.P().Body(spans(b)...))
		case policy.Table:
			body = append(body, table(b.Header, b.Rows, "charte-table-"+b.Category))
		}
	}
	return app.Div().Class("charte-doc").Lang(doc.Lang).Body(body...)
}

// spans renders text as text and links as links; links are http(s) by
// the inventory's checks, and open outside the host page.
func spans(b policy.Block) []app.UI {
	out := make([]app.UI, len(b.Spans))
	for i, s := range b.Spans {
		if s.Href != "" {
			out[i] = app.A().Href(s.Href).Rel("noopener noreferrer").Target("_blank").Text(s.Text)
		} else {
			out[i] = app.Text(s.Text)
		}
	}
	return out
}

// heading is an h2…h6 element; the level follows the document's place.
func heading(level int, body ...app.UI) app.HTMLElem {
	return app.Elem("h" + strconv.Itoa(min(max(level, 2), 6))).Body(body...)
}

// cookieRows is the table of one category, or nil when it lists no cookie.
func cookieRows(s *inventory.Site, category, lang string) app.UI {
	rows := policy.Rows(s, category, lang)
	if len(rows) == 0 {
		return nil
	}
	return table(policy.Header(lang), rows, "")
}

func table(header []string, rows [][]string, labelledBy string) app.UI {
	t := app.Table().Class("charte-table")
	if labelledBy != "" {
		t = t.Aria("labelledby", labelledBy)
	}
	return app.Div().Class("charte-table-wrap").Body(t.Body(
		app.THead().Body(app.Tr().Body(app.Range(header).Slice(func(i int) app.UI {
			return app.Th().Scope("col").Text(header[i])
		}))),
		app.TBody().Body(app.Range(rows).Slice(func(i int) app.UI {
			r := rows[i]
			return app.Tr().Body(app.Range(r).Slice(func(j int) app.UI {
				if j == 0 {
					return app.Th().Scope("row").Text(r[j])
				}
				return app.Td().Text(r[j])
			}))
		})),
	))
}
