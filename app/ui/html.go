package ui

import (
	"regexp"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// bareARIA finds ARIA attributes that go-app wrote without a value: it
// prints an attribute set to "true" as a boolean one, which ARIA reads as
// empty, not true.
var (
	startTag = regexp.MustCompile(`<[a-z][^<>]*>`)
	bareARIA = regexp.MustCompile(`( aria-[a-z]+)([ >])`)
)

// HTML renders a component for the server (the policy page and the banner
// shown before the wasm runs) with valid ARIA.
func HTML(u app.UI) string {
	return startTag.ReplaceAllStringFunc(app.HTMLString(u), func(tag string) string {
		return bareARIA.ReplaceAllString(tag, `$1="true"$2`)
	})
}
