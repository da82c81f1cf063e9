package server

import (
	"github.com/charte/charte/app/ui"
	"github.com/charte/charte/inventory"
)

// PlaceholderFiles are a site's click-to-load placeholders by file name,
// placeholder.<lang>.html: prerendered from the widget's go-app component,
// fetched by embed.js only when a page holds gated content that may not
// load yet, so that a returning visitor who refused needs no wasm.
func PlaceholderFiles(s *inventory.Site) map[string][]byte {
	out := map[string][]byte{}
	for _, lang := range s.Languages {
		out["placeholder."+lang+".html"] = []byte(ui.PlaceholderHTML(s, lang))
	}
	return out
}
