package admin

import (
	"html/template"
	"io"
	"net/http"
)

// The operator pages speak French and English side by side, as the
// operators of a French portal and their contractors do.
var pages = template.Must(template.New("").Parse(`
{{define "head"}}<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Charte · admin</title><style>
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
h1,h2{font-weight:600} table{border-collapse:collapse} td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:left}
.legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem} form.inline{display:inline}
pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem;max-height:20rem;overflow:auto} .error{color:#b00020}
</style></head><body>{{end}}
{{define "logout"}}<form class="inline" method="post" action="/admin/logout"><button>Se déconnecter · Log out</button></form>{{end}}

{{define "login"}}{{template "head"}}<h1>Charte · administration</h1>
{{if .}}{{if .Wrong}}<p class="error" id="wrong">Jeton incorrect · Wrong token</p>{{end}}{{end}}
<form method="post" action="/admin/login"><label>Jeton d'opérateur · Operator token
<input type="password" name="token" id="token" autocomplete="current-password" required></label>
<button id="login">Se connecter · Log in</button></form></body></html>{{end}}

{{define "denied"}}{{template "head"}}<h1>Connexion requise · Login required</h1>
<p><a href="/admin/login">Se connecter · Log in</a></p></body></html>{{end}}

{{define "sites"}}{{template "head"}}<h1>Charte · sites</h1>{{template "logout"}}
<ul>{{range .}}<li><a href="/admin/s/{{.ID}}/">{{.Name}}</a> ({{.ID}}, révision · revision {{.Revision}}{{if not .Proofs}}, sans preuves · no proofs{{end}})</li>{{end}}</ul>
</body></html>{{end}}

{{define "site"}}{{template "head"}}<p><a href="/admin/">← sites</a> {{template "logout"}}</p>
<h1>{{.Site.Name}} <small>({{.Site.ID}})</small></h1>
<p>Révision en service · Revision served: <strong id="revision">{{.Site.Revision}}</strong>.
Choix reçus · Choices received: <strong id="last-day">{{index .Last "day"}}</strong> en 24 h · in 24 h,
<strong id="last-week">{{index .Last "week"}}</strong> en 7 jours · in 7 days.</p>
{{with .Error}}<p class="error">{{.}}</p>{{end}}
<p>Du · From {{.From}} au · to {{.To}} (UTC) — {{range .Windows}} <a href="?days={{.}}">{{.}} j · days</a>{{end}}</p>
{{with .Stats}}
<h2>Choix · Choices (par {{.Query.By}} · by {{.Query.By}})</h2>
<p class="legend">choix · choices · <span style="background:#2e7d32"></span>tout accepté · accepted all
<span style="background:#f9a825"></span>personnalisé · customised <span style="background:#c62828"></span>tout refusé · refused all</p>
<figure id="choices">{{$.Choices}}</figure>
<h2>Acceptation par catégorie · Acceptance by category</h2><figure id="rates">{{$.Rates}}</figure>
{{end}}
{{with .ByRevision}}<h2>Par révision · By revision</h2><figure id="by-revision">{{.}}</figure>{{end}}
<p>Un groupe de moins de 5 choix s'affiche « &lt; 5 » · A group of fewer than 5 choices shows "&lt; 5".</p>
<h2>Révisions · Revisions</h2><table><tr><th>révision · revision</th><th>en service depuis · served since</th><th>sha256</th></tr>
{{range .Revisions}}<tr><td>{{.Revision}}</td><td>{{.Stored.Format "2006-01-02 15:04"}}</td><td><code>{{.Hash}}</code></td></tr>{{end}}</table>
<h2>Un consentement · One consent</h2>
<form method="get"><label>Identifiant de consentement · Consent id <input name="id" id="consent-id" size="34"></label>
<input type="hidden" name="days" value="{{.Days}}"><button id="lookup">Chercher · Look up</button></form>
{{with .Lookup}}<section id="consent">{{if .Found}}
<p>{{.ID}}: révision · revision {{.Record.Revision}}, {{.Record.Source}}, {{.Record.Lang}}, reçu · received {{.Record.Received.Format "2006-01-02 15:04:05"}} UTC, page {{.Record.Origin}}{{.Record.Path}}</p>
<table>{{range .Categories}}<tr><td>{{.ID}}</td><td>{{.Title}}</td><td>{{if .Accepted}}accepté · accepted{{else}}refusé · refused{{end}}</td></tr>{{end}}</table>
<p>{{if .Intact}}Les textes conservés correspondent à l'empreinte · The stored texts match the record's hash.{{else}}<strong class="error">Les textes conservés ne correspondent pas · The stored texts do not match the record's hash.</strong>{{end}}</p>
<details><summary>La charte montrée · The charte shown</summary><pre>{{.Charte}}</pre></details>
{{else}}<p class="error">Aucun consentement {{.ID}} pour ce site · No consent {{.ID}} for this site.</p>{{end}}</section>{{end}}
</body></html>{{end}}
`))

func render(w io.Writer, name string, data any) {
	if rw, ok := w.(http.ResponseWriter); ok {
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	}
	pages.ExecuteTemplate(w, name, data)
}
