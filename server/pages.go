package server

import (
	"bytes"
	"html"
	"html/template"

	"github.com/charte/charte/app/ui"
	"github.com/charte/charte/inventory"
	"github.com/charte/charte/policy"
	"github.com/charte/charte/pwa"
)

// The policy page uses only relative URLs, so that it works on any origin
// and under any folder; Up leads from the page to /s/<site>/. The inline
// script registers the worker that keeps the page and the widget offline:
// only this page does it, never embed.js on a host page.
var policyTmpl = template.Must(template.New("policy").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} — {{.Name}}</title>
<meta name="theme-color" content="{{.Theme}}">
<link rel="manifest" href="{{.Up}}manifest.webmanifest">
<link rel="icon" href="{{.Up}}../../charte/static/icon.svg" type="image/svg+xml">
<link rel="apple-touch-icon" href="{{.Up}}../../charte/static/icon-192.png">
{{range .Alternates}}<link rel="alternate" hreflang="{{.Lang}}" href="{{.Href}}">
{{end}}<script src="{{.Up}}embed.js"></script>
<script>
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register({{.Worker}}).catch(function (e) { console.warn('Charte: no offline copy', e); });
  }
</script>
<style>
  body { font: 17px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; max-width: 900px; margin: 0 auto; padding: 24px 16px 120px; }
  a { color: #1a4fa3; }
  nav { text-align: right; }
  nav a { display: inline-block; min-height: 24px; padding: 4px; }
  .charte-table-wrap { overflow-x: auto; }
  .charte-table { border-collapse: collapse; width: 100%; font-size: 15px; }
  .charte-table th, .charte-table td { text-align: left; vertical-align: top; padding: 6px 8px; border: 1px solid #bdbdbd; }
  .charte-table thead th { background: #f0f0f0; }
  .manage { font: inherit; font-weight: 600; min-height: 44px; padding: 8px 16px; color: #fff; background: #1a4fa3; border: 0; border-radius: 6px; cursor: pointer; }
</style>
</head>
<body>
{{if .Alternates}}<nav>{{range .Alternates}}<a href="{{.Href}}" hreflang="{{.Lang}}" lang="{{.Lang}}">{{.Label}}</a> {{end}}</nav>
{{end}}<main>
{{.Policy}}
<p><button type="button" class="manage" data-charte="open">{{.Manage}}</button></p>
</main>
</body>
</html>
`))

var (
	manage    = map[string]string{"fr": "Gérer mes choix de cookies", "en": "Manage my cookie choices"}
	langLabel = map[string]string{"fr": "Version française", "en": "English version"}
)

type alternate struct{ Lang, Href, Label string }

// policyPage is a site's charte in lang, prerendered: readable without
// JavaScript; with it, the button opens the preferences, and a service
// worker keeps the page for offline reading.
func policyPage(s *inventory.Site, lang string) []byte {
	self := pagePath(s, lang)
	up := rel(self, "/s/"+s.ID+"/")
	if up == "./" {
		up = ""
	}
	var alts []alternate
	for _, l := range s.Languages {
		if l != lang {
			label := langLabel[l]
			if label == "" {
				label = l
			}
			alts = append(alts, alternate{l, rel(self, pagePath(s, l)), label})
		}
	}
	var b bytes.Buffer
	err := policyTmpl.Execute(&b, map[string]any{
		"Lang": lang, "Title": policy.TitleIn(lang), "Name": s.Name, "Up": up, "Manage": manage[lang],
		"Theme": pwa.ThemeColor, "Alternates": alts, "Worker": up + "sw.js",
		"Policy": template.HTML(ui.HTML(&ui.Policy{Site: s, Lang: lang, Level: 1})),
	})
	if err != nil {
		panic("policy template: " + err.Error()) // a bug of the template, not of the site
	}
	return withMetaCSP(b.Bytes(), policyCSP(s, b.Bytes()))
}

// withMetaCSP puts the page's policy in the page itself too, so that a
// build served by any static host keeps it. A <meta> cannot carry
// frame-ancestors (browsers ignore it there and say so): headers do.
func withMetaCSP(page []byte, csp string) []byte {
	const after = "<meta charset=\"utf-8\">\n"
	meta := `<meta http-equiv="Content-Security-Policy" content="` + html.EscapeString(metaCSP(csp)) + "\">\n"
	return bytes.Replace(page, []byte(after), []byte(after+meta), 1)
}
