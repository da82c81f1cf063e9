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

	"github.com/chromedp/cdproto/network"
	cdpage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/charte/charte/internal/headless"
	"github.com/charte/charte/internal/toolchain"
	"github.com/charte/charte/inventory"
	"github.com/charte/charte/server"
)

var (
	browser context.Context // one Chromium for the package, a tab per test
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
	if wasm, err = toolchain.EnsureWasm(root, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if loader, err = toolchain.LoaderJS(); err != nil {
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

// widgetHandler serves Charte, and breaks on request under /broken-wasm/
// and /broken-inventory/ prefixes to test failures; under /held/ the wasm
// waits for holdWasm's release.
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
			r.URL.Path = strings.TrimPrefix(r.URL.Path, "/held")
			if r.URL.Path == server.WasmPath && !waitHeld(r) {
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

// tab is one page under test, with what it logged and requested.
type tab struct {
	t        *testing.T
	ctx      context.Context
	mu       sync.Mutex
	errors   []string
	requests []string
	ids      map[network.RequestID]string
	// received is the bytes each URL's last load took off the network.
	received map[string]float64
}

func newTab(t *testing.T) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	ctx, tcancel := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(tcancel)
	tb := &tab{t: t, ctx: ctx, ids: map[network.RequestID]string{}, received: map[string]float64{}}
	chromedp.ListenTarget(ctx, func(ev any) {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.APITypeError {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
				}
				tb.errors = append(tb.errors, strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			tb.errors = append(tb.errors, "exception: "+e.ExceptionDetails.Error())
		case *network.EventRequestWillBeSent:
			tb.requests = append(tb.requests, e.Request.URL)
			tb.ids[e.RequestID] = e.Request.URL
		case *network.EventLoadingFinished:
			tb.received[tb.ids[e.RequestID]] = e.EncodedDataLength
		}
	})
	// In front, as a visitor's tab: a background tab gets no frames and
	// throttled timers.
	tb.run(network.Enable(), network.ClearBrowserCookies(), cdpage.BringToFront())
	return tb
}

func (tb *tab) run(actions ...chromedp.Action) {
	tb.t.Helper()
	if err := chromedp.Run(tb.ctx, actions...); err != nil {
		tb.t.Fatal(err)
	}
}

// eval runs JS in the page and decodes its result into out (may be nil).
func (tb *tab) eval(js string, out any) {
	tb.t.Helper()
	tb.run(chromedp.Evaluate(js, out, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
		return p.WithAwaitPromise(true)
	}))
}

func (tb *tab) bool(js string) bool {
	tb.t.Helper()
	var b bool
	tb.eval("!!("+js+")", &b)
	return b
}

// wait polls a JS condition, across page loads.
func (tb *tab) wait(js, what string) {
	tb.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var ok bool
		err := chromedp.Run(tb.ctx, chromedp.Evaluate("!!("+js+")", &ok))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) || tb.ctx.Err() != nil {
			tb.t.Fatalf("waiting for %s: %v\nconsole errors: %v", what, err, tb.consoleErrors())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (tb *tab) consoleErrors() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.errors...)
}

func (tb *tab) requested(substr string) []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	var out []string
	for _, u := range tb.requests {
		if strings.Contains(u, substr) {
			out = append(out, u)
		}
	}
	return out
}

// receivedBytes is what url's last load took off the network, headers
// included; -1 while it has not finished.
func (tb *tab) receivedBytes(url string) float64 {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if n, ok := tb.received[url]; ok {
		return n
	}
	return -1
}

func (tb *tab) open(url string) {
	tb.t.Helper()
	tb.run(chromedp.Navigate(url))
}

// shadow is a JS expression of the widget's shadow root.
const shadow = `(document.querySelector('charte-consent') && document.querySelector('charte-consent').shadowRoot)`

const bannerShown = shadow + ` && ` + shadow + `.querySelector('.charte-banner')`

// click clicks the widget's button whose text is text.
func (tb *tab) click(text string) {
	tb.t.Helper()
	tb.wait(fmt.Sprintf(`%s && [...%s.querySelectorAll('button')].some(b => b.textContent.trim() === %q)`, shadow, shadow, text), "button "+text)
	tb.eval(fmt.Sprintf(`[...%s.querySelectorAll('button')].find(b => b.textContent.trim() === %q).click()`, shadow, text), nil)
}

// cookie returns a cookie of the host page as the browser stores it.
func (tb *tab) cookie(name string) *network.Cookie {
	tb.t.Helper()
	var cs []*network.Cookie
	tb.run(chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		cs, err = network.GetCookies().WithURLs([]string{host + "/"}).Do(ctx)
		return err
	}))
	for _, c := range cs {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func (tb *tab) setCookie(name, value string) {
	tb.t.Helper()
	tb.run(chromedp.ActionFunc(func(ctx context.Context) error {
		return network.SetCookie(name, value).WithURL(host + "/").WithPath("/").Do(ctx)
	}))
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
	hostTmpl.Execute(w, map[string]any{
		"Lang": lang, "Hostile": q.Get("hostile") != "", "Widget": widget, "Early": q.Get("early") != "",
		"Embed": template.URL(embed),
	})
}

// key presses a key in the page (trusted input, as a person would).
func (tb *tab) key(k string) {
	tb.t.Helper()
	tb.run(chromedp.KeyEvent(keys[k]))
}

var keys = map[string]string{"Tab": "\t", "Enter": "\r", "Escape": "\u001b"}
