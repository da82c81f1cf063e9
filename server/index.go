package server

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/charte/charte/inventory"
)

// The index page lists the sites. serve's links are absolute and lead to
// the demo pages too; a build's are relative, so the tree moves as is, and
// its policy is in a <meta> for static hosts.
var indexTmpl = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
{{with .CSP}}<meta http-equiv="Content-Security-Policy" content="{{.}}">
{{end}}<title>Charte</title><link rel="icon" href="{{.Root}}charte/static/icon.svg"></head>
<body style="font:17px/1.5 system-ui,sans-serif;max-width:760px;margin:0 auto;padding:24px 16px">
<h1>Charte</h1><p>Sites{{if .Served}} servis{{end}} :</p><ul>
{{range .Sites}}<li><strong>{{.Name}}</strong> — <a href="{{$.Root}}s/{{.ID}}/">charte cookies</a> · {{if $.Served}}<a href="/demo/{{.ID}}/">page de démonstration</a> · {{end}}<code>&lt;script src="{{$.Base}}/s/{{.ID}}/embed.js"&gt;&lt;/script&gt;</code></li>
{{end}}</ul></body></html>
`))

// indexPage is the index of the sites, as served or as built; base is the
// URL of a build's snippets.
func indexPage(sites []*inventory.Site, served bool, base string) []byte {
	data := map[string]any{"Sites": sites, "Served": served, "Base": base, "Root": "", "CSP": metaCSP(indexCSP)}
	if served {
		data["Root"], data["CSP"] = "/", ""
	}
	var b bytes.Buffer
	if err := indexTmpl.Execute(&b, data); err != nil {
		panic(fmt.Sprintf("index template: %v", err)) // a bug of the template, not of a site
	}
	return b.Bytes()
}
