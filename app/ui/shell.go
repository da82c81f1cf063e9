package ui

import (
	"github.com/charte/charte/internal/lazyre"
	"github.com/charte/charte/inventory"
)

// indent is the line breaks and indentation go-app puts between tags;
// none of Charte's texts holds a line break, so dropping them changes
// neither the text nor the look.
var indent = &lazyre.Regexp{Src: `\n[ \t]*`}

// Shell is the first-visit banner as HTML: the Widget the wasm renders
// first, prerendered from the same component with its stylesheet, so that
// embed.js shows it before the wasm has loaded and go-app replaces it with
// an identical tree.
func Shell(s *inventory.Site, lang string, gpc bool) string {
	return indent.ReplaceAllString(HTML(&Widget{Site: s, Lang: lang, GPC: gpc, ShowBanner: true}), "")
}
