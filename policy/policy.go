// Package policy writes a site's charte cookies: Charte's own text about
// cookies followed by the site's inventory, as a document that the go-app
// components render to HTML and that tests render to plain text.
package policy

import (
	"strings"

	"github.com/charte/charte/inventory"
)

// Kind of a block.
type Kind int

const (
	Title      Kind = iota // the document's title (h1)
	Heading                // a section (h2)
	Subheading             // a category's table heading (h3)
	Paragraph              // a paragraph of text
	Table                  // a category's table of cookies
)

// Span is a run of text, or a link when Href is set.
type Span struct {
	Text string
	Href string
}

// Block is one paragraph, heading or table.
type Block struct {
	Kind     Kind
	Spans    []Span
	Category string // for Subheading and Table: the category id
	Header   []string
	Rows     [][]string
}

// Text joins the spans' text.
func (b Block) Text() string {
	var s strings.Builder
	for _, sp := range b.Spans {
		s.WriteString(sp.Text)
	}
	return s.String()
}

// Document is a charte in one language.
type Document struct {
	Lang   string
	Blocks []Block
}

func text(k Kind, s string) Block { return Block{Kind: k, Spans: []Span{{Text: s}}} }

// Build writes the charte of site s in lang ("fr" or "en").
func Build(s *inventory.Site, lang string) Document {
	lang, w := wordsIn(lang)
	d := Document{Lang: lang}
	d.Blocks = append(d.Blocks,
		text(Title, w.title),
		text(Paragraph, w.intro),
		text(Heading, w.whatIs),
		text(Paragraph, w.definition),
		text(Paragraph, w.kinds),
		text(Paragraph, w.necessary),
		text(Paragraph, w.statistics),
		text(Paragraph, w.firstParty),
		text(Paragraph, w.thirdParty),
		Block{Kind: Heading, Spans: []Span{{Text: w.usedOn}, {Text: s.URL, Href: s.URL}}},
	)
	for _, cat := range s.Categories {
		rows := Rows(s, cat.ID, lang)
		if len(rows) == 0 {
			continue
		}
		d.Blocks = append(d.Blocks,
			Block{Kind: Subheading, Category: cat.ID, Spans: []Span{{Text: cat.Title.Get(lang)}}},
			Block{Kind: Table, Category: cat.ID, Header: Header(lang), Rows: rows})
	}
	return d
}

// Header is the four columns of a category's table.
func Header(lang string) []string {
	_, w := wordsIn(lang)
	return []string{w.colProvider, w.colService, w.colNames, w.colPurpose}
}

// Rows is the table of one category: provider, service and location,
// cookie names, purposes.
func Rows(s *inventory.Site, category, lang string) [][]string {
	_, w := wordsIn(lang)
	var rows [][]string
	for _, c := range s.CookiesIn(category) {
		names := strings.Join(c.Names, ", ")
		if c.Pattern != "" {
			names = strings.TrimPrefix(names+", "+c.Pattern, ", ")
		}
		purpose := c.Purpose.Get(lang)
		if d := c.Duration.Get(lang); d != "" {
			purpose += " (" + w.duration + d + ")"
		}
		rows = append(rows, []string{c.Provider, c.Service.Get(lang), names, purpose})
	}
	return rows
}

// PlainText renders the document as text: a line per heading or paragraph,
// links as <URL>, a table as tab-separated rows after its header.
func (d Document) PlainText() string {
	var b strings.Builder
	for _, bl := range d.Blocks {
		if bl.Kind == Table {
			b.WriteString(strings.Join(bl.Header, "\t") + "\n")
			for _, r := range bl.Rows {
				b.WriteString(strings.Join(r, "\t") + "\n")
			}
			b.WriteString("\n")
			continue
		}
		for _, sp := range bl.Spans {
			if sp.Href != "" {
				b.WriteString("<" + sp.Href + ">")
			} else {
				b.WriteString(sp.Text)
			}
		}
		b.WriteString("\n\n")
	}
	return b.String()
}

// TitleIn is the charte's title in lang: "Charte cookies", "Cookie policy"…
// The policy page, its manifest and the widget's dialog all name it so.
func TitleIn(lang string) string {
	_, w := wordsIn(lang)
	return w.title
}

// wordsIn is Charte's words in lang, or in French when Charte has none
// in lang, and the language it is in.
func wordsIn(lang string) (string, *words) {
	if w := allWords[lang]; w != nil {
		return lang, w
	}
	return "fr", allWords["fr"]
}
