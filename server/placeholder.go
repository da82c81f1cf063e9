package server

import (
	"bytes"
	"encoding/json"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/charte/charte/app/ui"
	"github.com/charte/charte/inventory"
	"github.com/charte/charte/web"
)

// placeholderSlot is where placeholder.js takes its markup.
const placeholderSlot = "__CHARTE_PLACEHOLDER__"

var placeholderSource = minifiedOnce(web.PlaceholderJS, api.ES2017)

// placeholderFiles are a site's click-to-load placeholders by file name,
// placeholder.<lang>.js: the script that draws them with the markup
// prerendered from the widget's go-app component. embed.js loads it only
// when a page holds gated content that may not load yet, so a returning
// visitor who refused needs neither it nor the wasm.
func placeholderFiles(s *inventory.Site) map[string][]byte {
	out := map[string][]byte{}
	for _, lang := range s.Languages {
		// A JavaScript string: no HTML escaping needed, none wanted (size).
		var markup bytes.Buffer
		enc := json.NewEncoder(&markup)
		enc.SetEscapeHTML(false)
		enc.Encode(ui.PlaceholderHTML(s, lang))
		out["placeholder."+lang+".js"] = bytes.Replace(placeholderSource(), []byte(placeholderSlot), bytes.TrimSpace(markup.Bytes()), 1)
	}
	return out
}
