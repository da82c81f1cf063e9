package server

import (
	"bytes"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"strings"

	"github.com/charte/charte/inventory"
	"github.com/charte/charte/web"
)

// The development pages, which only serve has: the index with the command
// to scan a demo page, the demo host pages, and their third-party frame.
// They depend on the request, so they are made for each one.

// index lists the sites, with how to scan one of their demo pages.
func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	page := indexPage(s.order, true, "")
	pageHeaders(w, indexCSP)
	if hint := s.scanHint(r); hint != nil {
		page = bytes.Replace(page, []byte("</body>"), append(hint, "</body>"...), 1)
	}
	serveBytes(w, r, "text/html; charset=utf-8", page)
}

var scanHintTmpl = template.Must(template.New("scan").Parse(`<p>Vérifier une page de démonstration contre son inventaire, cookie par cookie, avant tout choix, après « Tout refuser » et après « Tout accepter » :<br><code>go run ./cmd/charte scan -config config/{{.ID}}.json {{.URL}}</code></p>
`))

// scanHint says how to run charte scan on a demo page of this server
// (exemple.fr's when it is served).
func (s *Server) scanHint(r *http.Request) []byte {
	if len(s.order) == 0 {
		return nil
	}
	site := s.order[0]
	if ex := s.sites["exemple.fr"]; ex != nil {
		site = ex
	}
	// A command line needs an absolute URL: the template escapes Host.
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	var b bytes.Buffer
	scanHintTmpl.Execute(&b, map[string]string{"ID": site.ID, "URL": scheme + "://" + r.Host + "/demo/" + site.ID + "/"})
	return b.Bytes()
}

// site answers the paths under /s/<site>/ and /demo/<site>/ that are not
// files of the tree: the demo page, else a clear 404.
func (s *Server) site(w http.ResponseWriter, r *http.Request) {
	parts := strings.SplitN(r.URL.Path[1:], "/", 3) // s|demo, site, rest
	if len(parts) < 3 {
		http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
		return
	}
	site := s.sites[parts[1]]
	if site == nil {
		http.Error(w, "no site "+parts[1]+" here: see / for the sites served", http.StatusNotFound)
		return
	}
	if parts[0] == "demo" && parts[2] == "" {
		// Relative URLs: the page names no origin from the request's Host.
		page := demoPage(site, rel(r.URL.Path, "/s/"+site.ID+"/embed.js"), frameURL(r))
		pageHeaders(w, demoCSP(site, page, frameURL(r)))
		serveBytes(w, r, "text/html; charset=utf-8", page)
		return
	}
	http.NotFound(w, r)
}

var demoTmpl = template.Must(template.New("demo").Parse(web.DemoHTML))

// demoPage is a host page of the site that embeds the widget and carries
// gated samples.
func demoPage(s *inventory.Site, embed, frame string) []byte {
	var b bytes.Buffer
	if err := demoTmpl.Execute(&b, map[string]string{"Name": s.Name, "ID": s.ID, "Embed": embed, "Frame": frame}); err != nil {
		panic(fmt.Sprintf("demo template: %v", err))
	}
	return b.Bytes()
}

// framePath is the demo's stand-in for a third-party player.
const framePath = "/demo/frame/"

func serveFrame(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.Header().Set("Referrer-Policy", "no-referrer")
	serveBytes(w, r, "text/html; charset=utf-8", []byte(frameHTML))
}

const frameHTML = `<!doctype html><html lang="fr"><meta charset="utf-8"><title>Lecteur tiers</title>
<body style="margin:0;font:15px system-ui,sans-serif;background:#222;color:#fff;display:flex;align-items:center;justify-content:center;height:100vh">
<p id="frame">▶ Lecteur vidéo d'un service tiers (chargé après consentement)</p></body></html>`

// frameURL is the demo's third-party frame: on a loopback name, the same
// port under the other name (another origin), from the address the
// connection really reached, not from what the request's Host says;
// elsewhere, this server's own frame page.
func frameURL(r *http.Request) string {
	local, _ := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if local == nil {
		return framePath
	}
	_, port, err := net.SplitHostPort(local.String())
	if err != nil {
		return framePath
	}
	switch r.Host {
	case "127.0.0.1:" + port:
		return "http://localhost:" + port + framePath
	case "localhost:" + port:
		return "http://127.0.0.1:" + port + framePath
	}
	return framePath
}
