package ui

import (
	"sort"
	"strings"

	"github.com/charte/charte/internal/lazyre"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// bareARIA finds ARIA attributes that go-app wrote without a value: it
// prints an attribute set to "true" as a boolean one, which ARIA reads as
// empty, not true.
var (
	startTag = &lazyre.Regexp{Src: `<[a-z][^<>]*>`}
	bareARIA = &lazyre.Regexp{Src: `( aria-[a-z]+)([ >])`}
	tagParts = &lazyre.Regexp{Src: `^(<[a-z][a-z0-9-]*)((?: [^ ="<>]+(?:="[^"]*")?)*)(\s*/?>)$`}
	attr     = &lazyre.Regexp{Src: ` [^ ="<>]+(?:="[^"]*")?`}
)

// HTML renders a component for the server (the policy page and the banner
// shown before the wasm runs) with valid ARIA, and with the attributes of
// each tag sorted: go-app writes them in map order, and a build must give
// the same bytes each time.
func HTML(u app.UI) string {
	return startTag.ReplaceAllStringFunc(app.HTMLString(u), func(tag string) string {
		tag = bareARIA.ReplaceAllString(tag, `$1="true"$2`)
		m := tagParts.FindStringSubmatch(tag)
		if m == nil {
			return tag
		}
		attrs := attr.FindAllString(m[2], -1)
		sort.Strings(attrs)
		return m[1] + strings.Join(attrs, "") + m[3]
	})
}
