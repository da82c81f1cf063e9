// Package e2e drives Charte in headless Chromium: a host page on one
// loopback origin embeds the widget served from another.
package e2e

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charte/charte/internal/headless"
	"github.com/charte/charte/internal/toolchain"
	"github.com/charte/charte/inventory"
	"github.com/charte/charte/server"
)

var (
	browser context.Context // one Chromium for the package; a browser context per running test
	widget  string          // origin serving embed.js and the wasm
	host    string          // origin of the host pages
	sites   map[string]*inventory.Site
	srv     *server.Server
	wasm    *server.Wasm
	loader  []byte
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	root, err := toolchain.ModuleRoot(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if wasm, loader, err = widgetBuild(root); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	list, errs := inventory.LoadDir(root + "/config")
	if len(errs) > 0 {
		fmt.Fprintln(os.Stderr, errs)
		return 1
	}
	sites = map[string]*inventory.Site{}
	for _, s := range list {
		sites[s.ID] = s
	}
	srv = server.New(list, wasm, loader)
	w := httptest.NewServer(widgetHandler(srv))
	defer w.Close()
	widget = w.URL // 127.0.0.1
	h := httptest.NewServer(http.HandlerFunc(hostPage))
	defer h.Close()
	host = strings.Replace(h.URL, "127.0.0.1", "localhost", 1) // another origin

	ctx, cancel, err := headless.Start()
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e: cannot start Chromium (%v); install Debian's chromium or set CHROMIUM to its path\n", err)
		return 1
	}
	defer cancel()
	browser = ctx
	return m.Run()
}

// widgetBuild is the widget as the toolchain makes it: app.wasm (built
// when missing or stale) and loader.js.
func widgetBuild(root string) (*server.Wasm, []byte, error) {
	w, err := toolchain.EnsureWasm(root, os.Stderr)
	if err != nil {
		return nil, nil, err
	}
	l, err := toolchain.LoaderJS()
	return w, l, err
}

// widgetHandler serves Charte, and breaks on request under /broken-wasm/
// and /broken-inventory/ prefixes to test failures; under /held/<key>/ the
// wasm waits for the gate key's release.
func widgetHandler(s *server.Server) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/broken-wasm/"):
			r.URL.Path = strings.TrimPrefix(r.URL.Path, "/broken-wasm")
			if strings.HasSuffix(r.URL.Path, "embed.js") {
				serveRewritten(s, w, r, "/charte/app.wasm", "/charte/missing.wasm")
				return
			}
		case strings.HasPrefix(r.URL.Path, "/held/"):
			// embed.js finds its assets relative to itself, so all of
			// them come through here; only the wasm waits.
			key, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/held/"), "/")
			r.URL.Path = "/" + rest
			if r.URL.Path == server.WasmPath && !gates.wait(r, key) {
				return
			}
		case strings.HasPrefix(r.URL.Path, "/revalidate/"):
			// Under /revalidate/<key>/ the browser's check of a cached
			// embed.js (If-None-Match) waits for the key's release.
			key, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/revalidate/"), "/")
			r.URL.Path = "/" + rest
			if strings.HasSuffix(r.URL.Path, "/embed.js") && r.Header.Get("If-None-Match") != "" && !gates.wait(r, key) {
				return
			}
		case strings.HasPrefix(r.URL.Path, "/broken-inventory/"):
			r.URL.Path = strings.TrimPrefix(r.URL.Path, "/broken-inventory")
			if strings.HasSuffix(r.URL.Path, "embed.js") {
				serveRewritten(s, w, r, "/inventory.json", "/missing.json")
				return
			}
		}
		s.ServeHTTP(w, r)
	})
}

// serveRewritten serves r with from replaced by to in the body. It asks
// for the plain body: the server would otherwise compress it.
func serveRewritten(s *server.Server, w http.ResponseWriter, r *http.Request, from, to string) {
	r.Header.Del("Accept-Encoding")
	rw := &rewriter{ResponseWriter: w, from: from, to: to}
	s.ServeHTTP(rw, r)
	rw.flush()
}

// rewriter edits a response body (embed.js) before sending it.
type rewriter struct {
	http.ResponseWriter
	from, to string
	buf      strings.Builder
	code     int
}

func (r *rewriter) WriteHeader(c int)           { r.code = c }
func (r *rewriter) Write(b []byte) (int, error) { return r.buf.Write(b) }
func (r *rewriter) flush() {
	body := strings.ReplaceAll(r.buf.String(), r.from, r.to)
	r.Header().Del("Content-Length")
	if r.code != 0 {
		r.ResponseWriter.WriteHeader(r.code)
	}
	r.ResponseWriter.Write([]byte(body))
}

// gate holds back a response (the wasm under /held/<key>/, a boot page's
// image) until its test releases it.
type gate struct {
	mu   sync.Mutex
	open map[string]chan struct{}
}

var gates = &gate{open: map[string]chan struct{}{}}

// hold makes a key whose responses wait until release is called (at the
// latest when the test ends).
func (g *gate) hold(t *testing.T) (key string, release func()) {
	ch := make(chan struct{})
	g.mu.Lock()
	key = fmt.Sprint("k", len(g.open))
	g.open[key] = ch
	g.mu.Unlock()
	var once sync.Once
	release = func() { once.Do(func() { close(ch) }) }
	t.Cleanup(release)
	return key, release
}

// wait blocks r while key is held; false when the browser gave up.
func (g *gate) wait(r *http.Request, key string) bool {
	g.mu.Lock()
	ch := g.open[key]
	g.mu.Unlock()
	if ch == nil {
		return true
	}
	select {
	case <-ch:
		return true
	case <-r.Context().Done():
		return false
	}
}

// page is a host page's URL; q tunes it (site, lang, hostile, early, prefix,
// embed, csp, policy).
func page(q string) string { return host + "/page?" + q }

var hostTmpl = template.Must(template.New("host").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<title>Host page</title>
{{if .Hostile}}<style>* { display:block !important; font-size:40px !important } button { display:none !important }</style>{{end}}
<script>
  // What the host had before Charte.
  window.hostGlobal = 'mine';
  localStorage.setItem('host-key', 'host-value');
  window.events = { consent: 0, change: 0, last: null };
  addEventListener('charte:consent', e => { events.consent++; events.last = e.detail; });
  addEventListener('charte:change', e => { events.change++; });
  window.before = Object.keys(window);
</script>
<script src="{{.Embed}}"></script>
{{if .Early}}<script>charte.accept(['statistics']);</script>{{end}}
</head>
<body>
<h1 id="first">Host</h1>
<p><a id="nav" href="/other">Other page</a> <a id="manage" href="#" data-charte="open">Gérer les cookies</a></p>
<input id="search" placeholder="search">
<iframe id="frame" title="third-party" data-category="third-party" data-src="{{.Widget}}/demo/frame/"></iframe>
<script type="text/plain" data-category="statistics">
  window.statsRuns = (window.statsRuns || 0) + 1;
  document.cookie = '_pk_id.1.abcd=visitor; Path=/; Max-Age=600';
</script>
<script type="text/plain" data-category="statistics" data-src="/gated.js"></script>
<script type="text/plain" data-category="third-party">window.thirdRuns = (window.thirdRuns || 0) + 1;</script>
</body>
</html>`))

func hostPage(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/other":
		fmt.Fprint(w, `<!doctype html><title>Other</title><h1>Other page</h1>`)
		return
	case "/gated.js":
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `window.gatedSrcRuns = (window.gatedSrcRuns || 0) + 1;`)
		return
	case "/page":
	default:
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	site := q.Get("site")
	if site == "" {
		site = "exemple.fr"
	}
	lang := q.Get("lang")
	if lang == "" {
		lang = "fr"
	}
	if q.Get("csp") != "" {
		// No 'wasm-unsafe-eval': the widget cannot compile.
		w.Header().Set("Content-Security-Policy", "script-src 'self' 'unsafe-inline' "+widget+"; connect-src "+widget)
	}
	if c := q.Get("policy"); c != "" { // a CSP of the test's choosing
		w.Header().Set("Content-Security-Policy", c)
	}
	embed := widget + q.Get("prefix") + "/s/" + site + "/embed.js"
	if e := q.Get("embed"); e != "" { // embed.js from elsewhere (a static build)
		embed = e
	}
	var b strings.Builder
	hostTmpl.Execute(&b, map[string]any{
		"Lang": lang, "Hostile": q.Get("hostile") != "", "Widget": widget, "Early": q.Get("early") != "",
		"Embed": template.URL(embed),
	})
	doc := b.String()
	if q.Get("slow") != "" {
		// The body arrives late: embed.js runs, and the shell goes in,
		// while the parser still waits for the body's content.
		i := strings.Index(doc, "<h1")
		fmt.Fprint(w, doc[:i])
		w.(http.Flusher).Flush()
		time.Sleep(700 * time.Millisecond)
		doc = doc[i:]
	}
	fmt.Fprint(w, doc)
}
