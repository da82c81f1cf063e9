package server

import (
	"bytes"
	"encoding/json"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/charte/charte/inventory"
	"github.com/charte/charte/web"
)

// configSlot is where embed.js takes its site's settings: a free global
// name, which minifying keeps as it is.
const configSlot = "__CHARTE_CONFIG__"

// embedSource is embed.js as sent, its modules bundled into one minified
// script: every returning page view downloads and compiles it, so each
// byte counts. ES2015 is the oldest syntax esbuild lowers the modules to
// (it cannot lower let and const to ES5); every browser with the fetch,
// Promise and URL that embed.js needs has it.
var embedSource = madeOnce(func() ([]byte, error) {
	return bundleJS(web.Embed, "embed/main.js", api.ES2015)
})

// embedConfig is what embed.js needs to decide alone: no texts, so the
// returning visitor downloads little.
type embedConfig struct {
	Site string `json:"site"`
	inventory.Settings
	NeedsConsent bool            `json:"needsConsent"`
	Categories   []embedCategory `json:"categories"`
	Cookies      []embedCookie   `json:"cookies"`
	Proofs       string          `json:"proofs,omitempty"` // Charte's receiver, relative to embed.js
	Loader       string          `json:"loader"`
	Wasm         string          `json:"wasm"`
	Inventory    string          `json:"inventory"`
	// Shell is the start of the first-visit banner's URL: embed.js adds
	// <lang>.html, or <lang>.gpc.html under Global Privacy Control.
	Shell string `json:"shell"`
	// Reopen: the site wants the reopen button, drawn by the placeholders'
	// script (placeholder.<lang>.js, beside the shell).
	Reopen bool `json:"reopen,omitempty"`
}

type embedCategory struct {
	ID       string `json:"id"`
	Required bool   `json:"required,omitempty"`
}

type embedCookie struct {
	Category string   `json:"category"`
	Names    []string `json:"names,omitempty"`
	Pattern  string   `json:"pattern,omitempty"`
}

// embedJS renders a site's embed.js. The asset URLs in its config are
// relative to embed.js itself, so one file works from any origin.
func embedJS(s *inventory.Site, a assets) []byte {
	self := "/s/" + s.ID + "/embed.js"
	c := embedConfig{
		Site: s.ID, Settings: s.Settings, NeedsConsent: s.NeedsConsent(),
		Loader: rel(self, a.Loader), Wasm: rel(self, a.Wasm),
		Inventory: rel(self, "/s/"+s.ID+"/inventory.json"),
		Shell:     rel(self, "/s/"+s.ID+"/shell."),
		// Lists, never null: a site may list no cookie.
		Categories: []embedCategory{}, Cookies: []embedCookie{},
		Reopen: s.ReopenButton,
	}
	if s.Proofs {
		c.Proofs = rel(self, "/s/"+s.ID+"/proofs")
	}
	for _, cat := range s.Categories {
		c.Categories = append(c.Categories, embedCategory{cat.ID, cat.Required})
	}
	for _, ck := range s.Cookies {
		c.Cookies = append(c.Cookies, embedCookie{ck.Category, ck.Names, ck.Pattern})
	}
	js, _ := json.Marshal(c)
	return bytes.Replace(embedSource(), []byte(configSlot), js, 1)
}
