package ui

import (
	"strings"

	"github.com/charte/charte/internal/lazyre"
	"github.com/charte/charte/inventory"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Palette is the widget's second stylesheet: the site's colours, corners
// and font (see paletteCSS).
func Palette(s *inventory.Site) app.UI {
	return app.Raw("<style>" + paletteCSS(s, ".charte") + "</style>")
}

// rootClass is the widget root's class: with the layout the site chose.
func rootClass(s *inventory.Site) string {
	if s.Layout == "bar" {
		return "charte charte-bar"
	}
	return "charte"
}

// paletteCSS defines, on sel, the private custom properties the
// stylesheets use (--_accent, …): each takes the page's --charte-* property
// when the page sets one (custom properties inherit into the shadow root),
// else the site's theme, else Charte's own value. The site's dark variant
// applies under prefers-color-scheme: dark. Theme values are checked by
// the inventory (colours, lengths, font names), so they go in as they are.
func paletteCSS(s *inventory.Site, sel string) string {
	var b strings.Builder
	b.WriteString(sel + "{" + paletteVars(s.Light(), s.Theme != nil && s.Theme.Text != "") + "}")
	if d := s.DarkVariant(); d != nil {
		b.WriteString("@media (prefers-color-scheme: dark){" + sel + "{" + paletteVars(*d, true) + "}}")
	}
	return b.String()
}

// paletteVars are the declarations of one palette. Links take the text's
// colour once a theme names it (an accent need not be readable on the
// background), else Charte's blue.
func paletteVars(p inventory.Palette, linkIsText bool) string {
	link := "#1a4fa3"
	if linkIsText {
		link = p.Text
	}
	return "--_accent:var(--charte-accent," + p.Accent + ");" +
		"--_accent-text:var(--charte-accent-text," + p.AccentText + ");" +
		"--_bg:var(--charte-background," + p.Background + ");" +
		"--_text:var(--charte-text," + p.Text + ");" +
		"--_link:var(--charte-text," + link + ");" +
		"--_radius:var(--charte-radius," + p.Radius + ");" +
		"--_font:var(--charte-font," + p.Font + ");"
}

var (
	cssComment = &lazyre.Regexp{Src: `(?s)/\*.*?\*/`}
	cssSpace   = &lazyre.Regexp{Src: `\s+`}
)

// compactCSS drops a stylesheet's comments and runs of white space: it is
// sent with every placeholder file.
func compactCSS(css string) string {
	return strings.TrimSpace(cssSpace.ReplaceAllString(cssComment.ReplaceAllString(css, ""), " "))
}
