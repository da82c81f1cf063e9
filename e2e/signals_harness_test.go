package e2e

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/charte/charte/inventory"
	"github.com/charte/charte/server"
)

// sigEnv serves the consent-signal tests: host pages reachable as
// a.charte.test and b.charte.test (Chromium maps *.charte.test to
// loopback), a proof endpoint, and a widget server with sites of their own.
type sigEnv struct {
	port   string // of the host server, on every *.charte.test name
	widget string // origin serving embed.js for the sites below
	down   string // a proof endpoint nobody listens on
	sites  map[string]*inventory.Site

	mu     sync.Mutex
	proofs []proofPost
	hangs  int
}

type proofPost struct {
	Body, ContentType, Cookie string
}

var (
	sigOnce sync.Once
	sig     *sigEnv
	sigErr  error
)

// sigSite is a site whose choice is shared by every *.charte.test host.
const sigSite = "signals.charte.test"

const sigConfig = `{
  "name": "Signaux", "url": "https://a.charte.test", "revision": 1,
  %s
  "cookies": [
    {"provider": "Mesure", "service": {"fr": "Mesure d'audience", "en": "Audience"}, "names": [], "pattern": "_pk_*",
     "purpose": {"fr": "Compter les visites", "en": "Count visits"}, "category": "statistics"},
    {"provider": "Tiers", "service": {"fr": "Vidéo", "en": "Video"}, "names": ["trk"],
     "purpose": {"fr": "Suivre", "en": "Track"}, "category": "third-party"}
  ]
}`

const sigConsentMode = `"consentMode": {
    "analytics_storage": ["statistics"],
    "ad_storage": ["third-party"], "ad_user_data": ["third-party"], "ad_personalization": ["third-party"],
    "functionality_storage": ["necessary"],
    "personalization_storage": ["first-party", "third-party"]
  },`

func signals(t *testing.T) *sigEnv {
	t.Helper()
	sigOnce.Do(func() {
		e := &sigEnv{}
		h := httptest.NewServer(http.HandlerFunc(e.serve))
		e.port = h.URL[strings.LastIndex(h.URL, ":")+1:]
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			sigErr = err
			return
		}
		e.down = "http://" + l.Addr().String() + "/proof"
		l.Close()

		extra := map[string]string{
			sigSite:             `"cookieDomain": ".charte.test", ` + sigConsentMode + `"proofEndpoint": "` + h.URL + `/proof",`,
			"plain.charte.test": ``,
			"hang.charte.test":  `"proofEndpoint": "` + h.URL + `/hang",`,
			"down.charte.test":  `"proofEndpoint": "` + e.down + `",`,
		}
		var list []*inventory.Site
		e.sites = map[string]*inventory.Site{}
		for id, x := range extra {
			s, err := inventory.Load("config/"+id+".json", []byte(fmt.Sprintf(sigConfig, x)))
			if err != nil {
				sigErr = err
				return
			}
			list = append(list, s)
			e.sites[id] = s
		}
		e.widget = httptest.NewServer(server.New(list, wasm, loader)).URL
		sig = e
	})
	if sig == nil {
		t.Fatalf("no signal test servers: %v", sigErr)
	}
	return sig
}

// url is a host page on sub.charte.test; q tunes it (site, gtag, track).
func (e *sigEnv) url(sub, path, q string) string {
	return "http://" + sub + ".charte.test:" + e.port + path + "?" + q
}

var sigTmpl = template.Must(template.New("sig").Parse(`<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Signaux</title>
{{if eq .Gtag "before"}}<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', 'start'); gtag('set', 'page', 'before');</script>{{end}}
<script>
  window.events = { consent: 0, change: 0, last: null };
  addEventListener('charte:consent', e => { events.consent++; events.last = e.detail; });
  addEventListener('charte:change', e => { events.change++; });
  // layer describes dataLayer: each entry's arguments, and whether it is
  // an Arguments object as gtag() pushes.
  window.layer = () => window.dataLayer ? Array.from(window.dataLayer, a => ({
    args: Object.prototype.toString.call(a) === '[object Arguments]', v: Array.from(a) })) : null;
</script>
<script src="{{.Embed}}"></script>
<script>window.afterEmbed = { gtag: typeof window.gtag, layer: layer(), ref: window.dataLayer };</script>
{{if eq .Gtag "after"}}<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', 'start'); gtag('config', 'G-TEST');</script>{{end}}
</head>
<body>
<h1>Signaux</h1>
<p><a id="manage" href="#" data-charte="open">Gérer les cookies</a></p>
<script type="text/plain" data-category="statistics">window.statsRuns = (window.statsRuns || 0) + 1;</script>
<script type="text/plain" data-category="third-party">window.thirdRuns = (window.thirdRuns || 0) + 1;</script>
</body></html>`))

func (e *sigEnv) serve(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/proof":
		b, _ := io.ReadAll(r.Body)
		e.mu.Lock()
		e.proofs = append(e.proofs, proofPost{string(b), r.Header.Get("Content-Type"), r.Header.Get("Cookie")})
		e.mu.Unlock()
		return
	case "/hang":
		e.mu.Lock()
		e.hangs++
		e.mu.Unlock()
		select { // until the browser gives up
		case <-r.Context().Done():
		case <-time.After(2 * time.Minute):
		}
		return
	}
	if !strings.HasPrefix(r.URL.Path, "/p") {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	site := q.Get("site")
	if site == "" {
		site = sigSite
	}
	if q.Get("track") != "" {
		// A tracker answering with its cookies again, host-wide and shared.
		w.Header().Add("Set-Cookie", "_pk_ref.9.z=srv; Path=/; Domain=charte.test")
		w.Header().Add("Set-Cookie", "trk=srv; Path=/")
	}
	sigTmpl.Execute(w, map[string]any{
		"Gtag":  q.Get("gtag"),
		"Embed": template.URL(e.widget + "/s/" + site + "/embed.js"),
	})
}

func (e *sigEnv) proofList() []proofPost {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]proofPost(nil), e.proofs...)
}

func (e *sigEnv) hangCount() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.hangs
}

// until polls a condition on the Go side.
func until(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// initScript runs src in every document of the tab before its own scripts.
func (tb *tab) initScript(src string) {
	tb.t.Helper()
	tb.run(chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := cdppage.AddScriptToEvaluateOnNewDocument(src).Do(ctx)
		return err
	}))
}

// cookiesAt lists the cookies the browser would send to any of the URLs.
func (tb *tab) cookiesAt(urls ...string) []*network.Cookie {
	tb.t.Helper()
	var cs []*network.Cookie
	tb.run(chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		cs, err = network.GetCookies().WithURLs(urls).Do(ctx)
		return err
	}))
	return cs
}

// named keeps the cookies whose name starts with prefix.
func named(cs []*network.Cookie, prefix string) []*network.Cookie {
	var out []*network.Cookie
	for _, c := range cs {
		if strings.HasPrefix(c.Name, prefix) {
			out = append(out, c)
		}
	}
	return out
}

// setCookieAt stores a cookie for url; domain "" makes it host-only.
func (tb *tab) setCookieAt(url, name, value, domain, path string) {
	tb.t.Helper()
	tb.run(chromedp.ActionFunc(func(ctx context.Context) error {
		p := network.SetCookie(name, value).WithURL(url).WithPath(path)
		if domain != "" {
			p = p.WithDomain(domain)
		}
		return p.Do(ctx)
	}))
}

func describe(cs []*network.Cookie) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("%s=%s (domain %s, path %s)", c.Name, c.Value, c.Domain, c.Path))
	}
	return "[" + strings.Join(parts, "; ") + "]"
}
