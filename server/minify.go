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
var embedSource = minifiedOnce(web.EmbedJS, api.ES5)

// minifiedOnce is Charte's own script src minified for target, made on
// first use. src ships with Charte and its tests build it, so a failure is
// a bug of Charte's, not of a site.
func minifiedOnce(src []byte, target api.Target) func() []byte {
	return sync.OnceValue(func() []byte {
		out, err := minifyJS(src, target)
		if err != nil {
			panic(err)
		}
		return out
	})
}

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
