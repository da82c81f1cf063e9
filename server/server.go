package server

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/charte/charte/inventory"
	"github.com/charte/charte/web"
)

// Server answers Charte's URLs for a set of sites.
type Server struct {
	sites  map[string]*inventory.Site
	order  []*inventory.Site
	wasm   *Wasm
	loader []byte
	files  map[string][]byte // what does not depend on the request
	csp    map[string]string // policy page path → its Content-Security-Policy
	packed sync.Map          // "br:" or "gzip:" + path → *packed
}

// New serves the sites with the given widget build.
func New(sites []*inventory.Site, wasm *Wasm, loader []byte) *Server {
	s := &Server{sites: map[string]*inventory.Site{}, order: sites, wasm: wasm, loader: loader, files: StaticFiles(), csp: map[string]string{}}
	a := ServeAssets(wasm, loader)
	for _, site := range sites {
		s.sites[site.ID] = site
		for p, b := range SiteFiles(site, a) {
			s.files[p] = b
			if strings.HasSuffix(p, "/") {
				s.csp[p] = policyCSP(site, b)
			}
		}
	}
	return s
}

func cors(w http.ResponseWriter) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cross-Origin-Resource-Policy", "cross-origin")
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed: Charte's files answer GET and HEAD", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if (strings.HasPrefix(p, "/charte/") || strings.HasPrefix(p, "/s/")) && !strings.HasSuffix(p, "/") {
		cors(w) // so that even a 404 reaches the widget as a status; pages are not read cross-origin
	}
	if csp := s.csp[p]; csp != "" {
		pageHeaders(w, csp)
	}
	switch {
	case p == "/":
		s.index(w, r)
	case p == LoaderPath:
		s.serveFile(w, r, p, "text/javascript; charset=utf-8", s.loader)
	case p == WasmPath:
		s.serveWasm(w, r)
	case p == "/demo/frame/":
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
		w.Header().Set("Referrer-Policy", "no-referrer")
		serveBytes(w, r, "text/html; charset=utf-8", []byte(frameHTML))
	case s.files[p] != nil:
		s.serveFile(w, r, p, contentType(p), s.files[p])
	case s.files[p+"/"] != nil:
		http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
	case strings.HasPrefix(p, "/s/"), strings.HasPrefix(p, "/demo/"):
		s.site(w, r)
	default:
		http.NotFound(w, r)
	}
}

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
		page := DemoPage(site, rel(r.URL.Path, "/s/"+site.ID+"/embed.js"), frameURL(r))
		pageHeaders(w, demoCSP(site, page, frameURL(r)))
		serveBytes(w, r, "text/html; charset=utf-8", page)
		return
	}
	http.NotFound(w, r)
}

// serveWasm sends the precompressed form the browser accepts.
func (s *Server) serveWasm(w http.ResponseWriter, r *http.Request) {
	body, enc := s.wasm.Raw, encoding(w, r)
	switch enc {
	case "br":
		body = s.wasm.Br
	case "gzip":
		body = s.wasm.Gz
	}
	if enc != "" {
		w.Header().Set("Content-Encoding", enc)
	}
	w.Header().Set("ETag", `"`+s.wasm.Hash+enc+`"`)
	serveBytes(w, r, "application/wasm", body)
}

// serveFile sends one of the server's fixed files, compressed as the
// browser accepts (brotli, else gzip), each form made once.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, p, ctype string, b []byte) {
	enc := encoding(w, r)
	if enc == "" || len(b) < 512 { // small files are not worth it
		serveBytes(w, r, ctype, b)
		return
	}
	v, _ := s.packed.LoadOrStore(enc+":"+p, &packed{})
	pk := v.(*packed)
	// One compression per file and encoding: concurrent first requests
	// wait for it instead of each compressing again.
	pk.once.Do(func() {
		if enc == "gzip" {
			pk.b = gzipBytes(b)
		} else {
			pk.b = brotliBytes(b)
		}
	})
	w.Header().Set("Content-Encoding", enc)
	w.Header().Set("ETag", `"`+hash12(b)+enc+`"`)
	serveBytes(w, r, ctype, pk.b)
}

// packed is a file's compressed form, made once.
type packed struct {
	once sync.Once
	b    []byte
}

// encoding is the compression to send r: "br", else "gzip", else "" when
// the browser accepts neither. The answer varies with Accept-Encoding, as
// w's caches are told.
func encoding(w http.ResponseWriter, r *http.Request) string {
	w.Header().Set("Vary", "Accept-Encoding")
	ae := r.Header.Get("Accept-Encoding")
	switch {
	case acceptsEncoding(ae, "br"):
		return "br"
	case acceptsEncoding(ae, "gzip"):
		return "gzip"
	}
	return ""
}

// acceptsEncoding reads Accept-Encoding; q=0 refuses.
func acceptsEncoding(header, enc string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), enc) {
			continue
		}
		_, q, ok := strings.Cut(strings.ReplaceAll(params, " ", ""), "q=")
		return !ok || strings.Trim(q, "0.") != ""
	}
	return false
}

// serveBytes answers with b, revalidated on each use (no-cache and an
// ETag): the dev server's files change as one edits them.
func serveBytes(w http.ResponseWriter, r *http.Request, ctype string, b []byte) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-cache")
	if h.Get("ETag") == "" {
		h.Set("ETag", `"`+hash12(b)+`"`)
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
}

// contentType is the media type of a path of Charte's URL tree.
func contentType(p string) string {
	switch {
	case strings.HasSuffix(p, "/"), strings.HasSuffix(p, ".html"):
		return "text/html; charset=utf-8"
	case strings.HasSuffix(p, ".wasm"):
		return "application/wasm"
	case strings.HasSuffix(p, ".webmanifest"):
		return "application/manifest+json"
	case strings.HasSuffix(p, ".json"):
		return "application/json"
	case strings.HasSuffix(p, ".svg"):
		return "image/svg+xml"
	case strings.HasSuffix(p, ".png"):
		return "image/png"
	case strings.HasSuffix(p, ".js"):
		return "text/javascript; charset=utf-8"
	}
	return "application/octet-stream"
}

var indexTmpl = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Charte</title><link rel="icon" href="/charte/static/icon.svg"></head>
<body style="font:17px/1.5 system-ui,sans-serif;max-width:760px;margin:0 auto;padding:24px 16px">
<h1>Charte</h1><p>Sites servis :</p><ul>
{{range .}}<li><strong>{{.Name}}</strong> — <a href="/s/{{.ID}}/">charte cookies</a> · <a href="/demo/{{.ID}}/">page de démonstration</a> · <code>&lt;script src="/s/{{.ID}}/embed.js"&gt;&lt;/script&gt;</code></li>
{{end}}</ul></body></html>`))

func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	var b bytes.Buffer
	if err := indexTmpl.Execute(&b, s.order); err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	pageHeaders(w, indexCSP)
	if hint := s.scanHint(r); hint != nil {
		b = *bytes.NewBuffer(bytes.Replace(b.Bytes(), []byte("</body>"), append(hint, "</body>"...), 1))
	}
	serveBytes(w, r, "text/html; charset=utf-8", b.Bytes())
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

const frameHTML = `<!doctype html><html lang="fr"><meta charset="utf-8"><title>Lecteur tiers</title>
<body style="margin:0;font:15px system-ui,sans-serif;background:#222;color:#fff;display:flex;align-items:center;justify-content:center;height:100vh">
<p id="frame">▶ Lecteur vidéo d'un service tiers (chargé après consentement)</p></body></html>`

var demoTmpl = template.Must(template.New("demo").Parse(web.DemoHTML))

// DemoPage is a host page of the site that embeds the widget and carries
// gated samples.
func DemoPage(s *inventory.Site, embed, frame string) []byte {
	var b bytes.Buffer
	if err := demoTmpl.Execute(&b, map[string]string{"Name": s.Name, "ID": s.ID, "Embed": embed, "Frame": frame}); err != nil {
		panic(fmt.Sprintf("demo template: %v", err))
	}
	return b.Bytes()
}
