package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/charte/charte/internal/headless"
	"github.com/charte/charte/internal/vectors"
)

// embed.js reads the shared cookie vectors as Go does: the page gives it
// each case's cookies and clock, and charte.get() must be the expected
// choice; when several values were read, the one written back must be it.
// Each case runs twice: through the Cookie Store API, then, without one,
// through document.cookie.
func TestEmbedJSCookieVectors(t *testing.T) {
	v, err := vectors.Load()
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	for i, g := range v.Groups {
		js := embedJS(g.SiteOf(), serveAssets(fakeWasm(), nil))
		mux.HandleFunc(fmt.Sprintf("/g/%d/embed.js", i), func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/javascript")
			w.Write(js)
		})
	}
	// /case?g=…&now=…&cookie=…&store=…: a page whose cookies (document.cookie,
	// and cookieStore when store is true) and clock are the case's.
	mux.HandleFunc("/case", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		raw, _ := json.Marshal(q.Get("cookie"))
		fmt.Fprintf(w, `<!doctype html><html lang="fr"><head><script>
(function () {
  var raw = %s, now = %s * 1000;
  window.writes = []; window.errors = [];
  window.addEventListener('error', function (e) { window.errors.push(e.message); });
  Object.defineProperty(document, 'cookie', { configurable: true,
    get: function () { return raw; }, set: function (v) { window.writes.push(v); } });
  var store = %t ? { getAll: function () {
    return Promise.resolve(raw ? raw.split('; ').map(function (p) {
      var i = p.indexOf('=');
      return i < 0 ? { name: '', value: p } : { name: p.slice(0, i), value: p.slice(i + 1) };
    }) : []);
  } } : undefined;
  Object.defineProperty(window, 'cookieStore', { configurable: true, value: store });
  Date.now = function () { return now; };
})();
</script><script src="/g/%s/embed.js"></script></head><body></body></html>`, raw, q.Get("now"), q.Get("store") == "true", q.Get("g"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	ctx, cancel, err := headless.Start()
	if err != nil {
		t.Fatalf("Chromium: %v", err)
	}
	defer cancel()

	hexID := regexp.MustCompile(`^[0-9a-f]{32}$`)
	n := 0
	for _, store := range []bool{true, false} {
		for gi, g := range v.Groups {
			for _, c := range g.Cases {
				n++
				name := fmt.Sprintf("cookie store %v: %s: %s", store, g.Name, c.Name)
				u := fmt.Sprintf("%s/case?g=%d&now=%d&cookie=%s&store=%t", srv.URL, gi, g.Now, url.QueryEscape(c.Cookie), store)
				var out struct {
					Choice *struct {
						ID                string
						Time              string
						Accepted, Refused []string
					}
					Writes []string
				}
				err := chromedp.Run(ctx, chromedp.Navigate(u), chromedp.Evaluate(
					`charte.ready.then(function () { return { choice: charte.get(), writes: window.writes }; })`,
					&out, withAwait))
				if err != nil {
					var errs []string
					chromedp.Run(ctx, chromedp.Evaluate(`window.errors`, &errs))
					t.Fatalf("%s: %v (page errors: %q)", name, err, errs)
				}
				e := c.Expect
				if (out.Choice != nil) != e.OK {
					t.Errorf("%s: embed.js read %+v, want ok=%v", name, out.Choice, e.OK)
					continue
				}
				if !e.OK {
					continue
				}
				got := out.Choice
				switch {
				case e.ID == "new":
					if !hexID.MatchString(got.ID) || strings.Contains(c.Cookie, got.ID) || got.Time != time.Unix(e.Time, 0).UTC().Format("2006-01-02T15:04:05.000Z") {
						t.Errorf("%s: want a new choice dated %d, got %s at %s", name, e.Time, got.ID, got.Time)
					}
				case got.ID != e.ID:
					t.Errorf("%s: id %s, want %s", name, got.ID, e.ID)
				}
				if !slices.Equal(got.Accepted, e.Accepted) || !slices.Equal(got.Refused, e.Refused) {
					t.Errorf("%s: accepted %v refused %v, want %v and %v", name, got.Accepted, got.Refused, e.Accepted, e.Refused)
				}
				if strings.Count(c.Cookie, "cookies_preferences=") > 1 {
					var last string
					for _, w := range out.Writes {
						if strings.HasPrefix(w, "cookies_preferences=v=1&") {
							last = w
						}
					}
					if !strings.Contains(last, "id="+got.ID+"&") || !strings.Contains(last, "&acc="+strings.Join(got.Accepted, ".")+"&") {
						t.Errorf("%s: wrote back %q, not the merged choice", name, last)
					}
				}
			}
		}
	}
	if n < 60 {
		t.Fatalf("only %d vectors", n)
	}
}

func withAwait(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }
