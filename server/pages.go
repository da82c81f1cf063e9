package server

import (
	"bytes"
	"html/template"

	"github.com/charte/charte/app/ui"
	"github.com/charte/charte/inventory"
)

var policyTmpl = template.Must(template.New("policy").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} — {{.Name}}</title>
<link rel="icon" href="/charte/static/icon.svg">
<script src="{{.Embed}}"></script>
<style>
  body { font: 17px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; max-width: 900px; margin: 0 auto; padding: 24px 16px 120px; }
  a { color: #1a4fa3; }
  .charte-table-wrap { overflow-x: auto; }
  .charte-table { border-collapse: collapse; width: 100%; font-size: 15px; }
  .charte-table th, .charte-table td { text-align: left; vertical-align: top; padding: 6px 8px; border: 1px solid #bdbdbd; }
  .charte-table thead th { background: #f0f0f0; }
  .manage { font: inherit; font-weight: 600; min-height: 44px; padding: 8px 16px; color: #fff; background: #1a4fa3; border: 0; border-radius: 6px; cursor: pointer; }
</style>
</head>
<body>
<main>
{{.Charte}}
<p><button type="button" class="manage" data-charte="open">{{.Manage}}</button></p>
</main>
</body>
</html>
`))

var manage = map[string]string{"fr": "Gérer mes choix de cookies", "en": "Manage my cookie choices"}

// PolicyPage is a site's charte, prerendered: readable without JavaScript;
// with it, the button opens the preferences.
func PolicyPage(s *inventory.Site, lang, embed string) []byte {
	var b bytes.Buffer
	title := map[string]string{"fr": "Charte cookies", "en": "Cookie policy"}[lang]
	policyTmpl.Execute(&b, map[string]any{
		"Lang": lang, "Title": title, "Name": s.Name, "Embed": embed, "Manage": manage[lang],
		"Charte": template.HTML(ui.HTML(&ui.Charte{Site: s, Lang: lang, Level: 1})),
	})
	return b.Bytes()
}
