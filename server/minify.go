package server

import (
	"fmt"
	"strings"
	"sync"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/charte/charte/web"
)

// configSlot is where embed.js takes its site's settings: a free global
// name, which minifying keeps as it is.
const configSlot = "__CHARTE_CONFIG__"

// embedSource is embed.js as sent, minified: every returning page view
// downloads and compiles it, so each byte counts.
var embedSource = sync.OnceValue(func() []byte {
	out, err := minifyJS(web.EmbedJS, api.ES5)
	if err != nil {
		panic(err) // web/embed.js is Charte's own; TestMinify guards it
	}
	return out
})

// minifyJS shortens one of Charte's scripts: whitespace, comments, local
// names, syntax. target is the oldest JavaScript the output must run on.
func minifyJS(src []byte, target api.Target) ([]byte, error) {
	r := api.Transform(string(src), api.TransformOptions{
		Loader:            api.LoaderJS,
		Target:            target,
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		LegalComments:     api.LegalCommentsNone,
		Charset:           api.CharsetUTF8,
	})
	if len(r.Errors) > 0 {
		var msgs []string
		for _, m := range r.Errors {
			pos := ""
			if m.Location != nil {
				pos = fmt.Sprintf("%d:%d: ", m.Location.Line, m.Location.Column)
			}
			msgs = append(msgs, pos+m.Text)
		}
		return nil, fmt.Errorf("minifying JavaScript: %s", strings.Join(msgs, "; "))
	}
	return r.Code, nil
}
