package server

import (
	"bytes"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/charte/charte/inventory"
)

// Server answers Charte's URLs for a set of sites: the files of their
// tree, and the development pages (the index, the demo pages).
type Server struct {
	sites map[string]*inventory.Site
	order []*inventory.Site
	tree  *Tree
}

// New serves the sites with the given widget build.
func New(sites []*inventory.Site, wasm *Wasm, loader []byte) *Server {
	s := &Server{sites: map[string]*inventory.Site{}, order: sites, tree: newTree(sites, wasm, loader, serveAssets(wasm, loader))}
	for _, site := range sites {
		s.sites[site.ID] = site
	}
	return s
}

// ServeHTTP answers GET and HEAD: a file of the tree, a development page,
// a redirect from a page's path without its slash, or a 404.
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
	name, f := s.tree.at(p)
	_, page := s.tree.at(p + "/")
	if f != nil && f.csp != "" {
		pageHeaders(w, f.csp)
	}
	switch {
	case p == "/":
		s.index(w, r)
	case p == framePath:
		serveFrame(w, r)
	case f != nil:
		if path.Base(name) == "embed.js" {
			w.Header().Set("Cache-Control", EmbedCache)
		}
		serveFile(w, r, f, contentType(name))
	case page != nil:
		http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
	case strings.HasPrefix(p, "/s/"), strings.HasPrefix(p, "/demo/"):
		s.site(w, r)
	default:
		http.NotFound(w, r)
	}
}

// serveFile sends a file of the tree compressed as the browser accepts
// (brotli, else gzip) when it is worth it, each form made once.
func serveFile(w http.ResponseWriter, r *http.Request, f *file, ctype string) {
	body, enc := f.body, encoding(w, r)
	if enc != "" && (f.given || len(f.body) >= 512) { // small files are not worth it
		body = f.packed(enc)
		w.Header().Set("Content-Encoding", enc)
	} else {
		enc = ""
	}
	w.Header().Set("ETag", `"`+f.hash+enc+`"`)
	serveBytes(w, r, ctype, body)
}

// serveBytes answers with b, revalidated on each use (no-cache, unless
// the caller set another Cache-Control, and an ETag): the dev server's
// files change as one edits them.
func serveBytes(w http.ResponseWriter, r *http.Request, ctype string, b []byte) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	if h.Get("ETag") == "" {
		h.Set("ETag", `"`+hash12(b)+`"`)
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
}
