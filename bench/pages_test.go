package bench

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/charte/charte/inventory"
	"github.com/charte/charte/policy"
	"github.com/charte/charte/server"
)

// A variant is one way to serve the same host page.
type variant struct {
	Name string
	// Floor marks the pages without a widget, the baselines.
	Floor bool
	// Label names the variant in the report, if not Name.
	Label string
	// Head and Tail are what the widget adds to the page, per its docs.
	Head, Tail template.HTML
	// Banner finds the widget's banner element in the page (JS).
	Banner string
	// Accept gives consent to everything, as a visitor clicking (JS).
	Accept string
	// Gated is the widget's markup for a statistics script.
	Gated template.HTML
}

func variants(widget string) []variant {
	return []variant{
		{
			Name:   "none",
			Floor:  true,
			Label:  "no widget",
			Banner: `document.getElementById('first')`,
			// The page's own statistics script runs, ungated.
			Gated: `<script>window.statsRuns = 1;</script>`,
		},
		{
			// The least a one-script widget can cost: an external script
			// tag in <head>, served like embed.js, that does nothing.
			Name:   "empty-script",
			Floor:  true,
			Label:  "empty script tag",
			Head:   template.HTML(`<script src="` + widget + emptyScriptPath + `"></script>`),
			Banner: `document.getElementById('first')`,
			Gated:  `<script>window.statsRuns = 1;</script>`,
		},
		{
			Name:   "charte",
			Head:   template.HTML(`<script src="` + widget + `/s/exemple.fr/embed.js"></script>`),
			Banner: `(() => { const h = document.querySelector('charte-consent'); return h && h.shadowRoot && h.shadowRoot.querySelector('.charte-banner'); })()`,
			Accept: `document.querySelector('charte-consent').shadowRoot.querySelector('[data-charte-action=accept]').click()`,
			Gated:  `<script type="text/plain" data-category="statistics">window.statsRuns = 1;</script>`,
		},
		{
			Name: "vanilla-cookieconsent",
			Head: template.HTML(`<link rel="stylesheet" href="` + widget + `/vendor/vanilla-cookieconsent/dist/cookieconsent.css">
<script defer src="` + widget + `/vendor/vanilla-cookieconsent/dist/cookieconsent.umd.js"></script>
<script defer src="/config/vanilla-cookieconsent.js"></script>`),
			Banner: `document.querySelector('#cc-main .cm')`,
			Accept: `document.querySelector('#cc-main .cm__btn[data-role=all]').click()`,
			Gated:  `<script type="text/plain" data-category="statistics">window.statsRuns = 1;</script>`,
		},
		{
			Name: "klaro",
			Head: template.HTML(`<script defer src="/config/klaro.js"></script>
<script defer data-config="klaroConfig" src="` + widget + `/vendor/klaro/dist/klaro.js"></script>`),
			Banner: `document.querySelector('.klaro .cookie-notice')`,
			Accept: `document.querySelector('.klaro .cookie-notice .cm-btn-success').click()`,
			Gated:  `<script type="text/plain" data-type="text/javascript" data-name="matomo">window.statsRuns = 1;</script>`,
		},
	}
}

// emptyScriptPath is served as Charte's server serves embed.js (its
// Cache-Control, an ETag, http.ServeContent answering the revalidation
// with 304), with a body that does nothing.
const emptyScriptPath = "/bench/empty.js"

func serveEmptyScript(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", server.EmbedCache)
	w.Header().Set("ETag", `"empty1"`)
	http.ServeContent(w, r, "", time.Time{}, strings.NewReader("window.emptyScript = 1;\n"))
}

// hostTmpl is the host page: the same for every variant but the widget.
var hostTmpl = template.Must(template.New("host").Parse(`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Portail de données</title>
<style>body { font: 17px/1.5 Georgia, serif; max-width: 760px; margin: 0 auto; padding: 24px 16px; color: #222; }</style>
{{.Head}}
</head>
<body>
<h1 id="first">Portail de données ouvertes</h1>
{{range .Paragraphs}}<p>{{.}}</p>
{{end}}
{{.Gated}}
{{.Tail}}
</body>
</html>`))

// paragraphs is n paragraphs of a data portal's text, the host page's body.
func paragraphs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("Jeu de données n° %d : description, licence, producteur, fréquence de mise à jour et ressources téléchargeables au format CSV, JSON et GeoJSON.", i+1)
	}
	return out
}

func hostPage(vs []variant, site *inventory.Site) http.Handler {
	byName := map[string]variant{}
	for _, v := range vs {
		byName[v.Name] = v
	}
	paras := paragraphs(12)
	configs := map[string][]byte{
		"vanilla-cookieconsent.js": vanillaConfig(site),
		"klaro.js":                 klaroConfig(site),
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if name, ok := strings.CutPrefix(r.URL.Path, "/config/"); ok && configs[name] != nil {
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			w.Write(configs[name])
			return
		}
		v, ok := byName[strings.Trim(r.URL.Path, "/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		writePage(w, hostTmpl, v, paras)
	})
}

// writePage answers with a host page: t filled with variant v's widget and
// paras, never cached, so each load asks again.
func writePage(w http.ResponseWriter, t *template.Template, v variant, paras []string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	t.Execute(w, map[string]any{"Head": v.Head, "Tail": v.Tail, "Gated": v.Gated, "Paragraphs": paras, "Size": heroSize})
}

// The banner's words, like Charte's, so that every widget shows as much.
const (
	bannerTitle = "Vos choix sur les cookies"
	bannerText  = "Avec votre accord, Exemple de portail et ses partenaires utilisent des cookies pour mesurer l'audience et proposer des services tiers. Vous pouvez tout accepter, tout refuser ou choisir par finalité, et changer d'avis à tout moment."
)

// pattern turns an inventory pattern (a * wildcard) into a RegExp source.
func pattern(p string) string {
	parts := strings.Split(p, "*")
	for i := range parts {
		parts[i] = regexp.QuoteMeta(parts[i])
	}
	return "^" + strings.Join(parts, ".*") + "$"
}

// jsRegexps writes {"$re":"src"} values as RegExp objects.
func jsRegexps(b []byte) []byte {
	return regexp.MustCompile(`\{"\$re":("(?:[^"\\]|\\.)*")\}`).ReplaceAll(b, []byte("new RegExp($1)"))
}

type re struct {
	Src string `json:"$re"`
}

// cookieNames lists a category's cookies as vanilla-cookieconsent and klaro
// want them: names, and patterns as regular expressions.
func cookieNames(s *inventory.Site, cat string) []any {
	var out []any
	for _, c := range s.CookiesIn(cat) {
		for _, n := range c.Names {
			out = append(out, n)
		}
		if c.Pattern != "" {
			out = append(out, re{pattern(c.Pattern)})
		}
	}
	return out
}

// vanillaConfig is vanilla-cookieconsent 3's configuration of the site's
// inventory: the same categories, cookie tables and clean-up.
func vanillaConfig(s *inventory.Site) []byte {
	cats := map[string]any{}
	var sections []any
	sections = append(sections, map[string]any{"title": "Utilisation des cookies", "description": bannerText})
	header := policy.Header("fr")
	for _, c := range s.Categories {
		cat := map[string]any{}
		if c.Required {
			cat["enabled"], cat["readOnly"] = true, true
		} else if names := cookieNames(s, c.ID); len(names) > 0 {
			var list []any
			for _, n := range names {
				list = append(list, map[string]any{"name": n})
			}
			cat["autoClear"] = map[string]any{"cookies": list}
		}
		cats[c.ID] = cat
		sec := map[string]any{"title": c.Title.Get("fr"), "description": c.Description.Get("fr"), "linkedCategory": c.ID}
		if rows := policy.Rows(s, c.ID, "fr"); len(rows) > 0 {
			headers := map[string]string{}
			var body []map[string]string
			for i, h := range header {
				headers[fmt.Sprint("c", i)] = h
			}
			for _, r := range rows {
				row := map[string]string{}
				for i, v := range r {
					row[fmt.Sprint("c", i)] = v
				}
				body = append(body, row)
			}
			sec["cookieTable"] = map[string]any{"headers": headers, "body": body}
		}
		sections = append(sections, sec)
	}
	conf := map[string]any{
		"revision": s.Revision,
		// Its default hides the banner from headless browsers.
		"hideFromBots": false,
		"cookie":       map[string]any{"name": "cc_cookie", "expiresAfterDays": s.LifetimeDays},
		"categories":   cats,
		"language": map[string]any{"default": "fr", "translations": map[string]any{"fr": map[string]any{
			"consentModal": map[string]any{
				"title": bannerTitle, "description": bannerText,
				"acceptAllBtn": "Tout accepter", "acceptNecessaryBtn": "Tout refuser", "showPreferencesBtn": "Personnaliser",
			},
			"preferencesModal": map[string]any{
				"title": "Préférences de cookies", "acceptAllBtn": "Tout accepter", "acceptNecessaryBtn": "Tout refuser",
				"savePreferencesBtn": "Enregistrer mes choix", "closeIconLabel": "Fermer", "sections": sections,
			},
		}}},
	}
	b, _ := json.Marshal(conf)
	return append(append([]byte("CookieConsent.run("), jsRegexps(b)...), ");\n"...)
}

// klaroConfig is klaro 0.7's configuration of the same inventory: one
// service per category that has cookies, purposes named by category.
func klaroConfig(s *inventory.Site) []byte {
	purposes := map[string]any{}
	var services []any
	fr := map[string]any{"consentNotice": map[string]any{"description": bannerText}, "purposes": purposes}
	for _, c := range s.Categories {
		purposes[c.ID] = map[string]any{"title": c.Title.Get("fr"), "description": c.Description.Get("fr")}
		names := cookieNames(s, c.ID)
		if len(names) == 0 {
			continue
		}
		name := map[string]string{"statistics": "matomo", "third-party": "video"}[c.ID]
		if name == "" {
			name = c.ID
		}
		services = append(services, map[string]any{
			"name": name, "title": c.Title.Get("fr"), "purposes": []string{c.ID},
			"cookies": names, "required": c.Required, "default": false,
		})
		fr[name] = map[string]any{"description": c.Description.Get("fr")}
	}
	conf := map[string]any{
		"version": 1, "elementID": "klaro", "storageMethod": "cookie", "cookieName": "klaro",
		"cookieExpiresAfterDays": s.LifetimeDays, "default": false, "mustConsent": false,
		"acceptAll": true, "hideDeclineAll": false, "lang": "fr",
		"translations": map[string]any{"fr": fr}, "services": services,
	}
	b, _ := json.Marshal(conf)
	return append(append([]byte("var klaroConfig = "), jsRegexps(b)...), ";\n"...)
}
