package scan

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/charte/charte/internal/toolchain"
	"github.com/charte/charte/inventory"
	"github.com/charte/charte/server"
)

// fixtureConfig is the inventory of the fixture site: what it declares,
// including a row (chat_id) the site never sets.
const fixtureConfig = `{
  "name": "Fixture", "url": "https://fixture.example", "revision": 1,
  "cookies": [
    {"provider": "Fixture", "service": {"fr": "Session", "en": "Session"}, "names": ["sessionid"],
     "purpose": {"fr": "Session", "en": "Session"}, "category": "necessary"},
    {"provider": "Fixture", "service": {"fr": "Choix", "en": "Choice"}, "names": ["cookies_preferences"],
     "purpose": {"fr": "Choix", "en": "Choice"}, "category": "necessary"},
    {"provider": "Fixture", "service": {"fr": "Thème", "en": "Theme"}, "names": ["theme"],
     "purpose": {"fr": "Thème", "en": "Theme"}, "category": "necessary"},
    {"provider": "Matomo", "service": {"fr": "Mesure", "en": "Audience"}, "names": [], "pattern": "_pk_*",
     "purpose": {"fr": "Mesure", "en": "Audience"}, "category": "statistics"},
    {"provider": "Vidéo", "service": {"fr": "Vidéo", "en": "Video"}, "names": ["yt_pref", "vid", "pl"],
     "purpose": {"fr": "Vidéo", "en": "Video"}, "category": "third-party"},
    {"provider": "Chat", "service": {"fr": "Discussion", "en": "Chat"}, "names": ["chat_id"],
     "purpose": {"fr": "Discussion", "en": "Chat"}, "category": "first-party"}
  ]
}`

// widgetServer serves Charte's embed.js for sites; the wasm is a stub, as
// window.charte's choices work without it.
func widgetServer(t *testing.T, sites ...*inventory.Site) http.Handler {
	t.Helper()
	loader, err := toolchain.LoaderJS()
	if err != nil {
		t.Fatal(err)
	}
	return server.New(sites, &server.Wasm{Hash: "000000000000"}, loader)
}

type fixture struct {
	site     *inventory.Site
	host     string // the site, on 127.0.0.1
	other    string // the third party (widget, video), on localhost
	tracker  string // a tracker's host, mapped to loopback
	closed   string // a URL nothing answers
	browser  []chromedp.ExecAllocatorOption
	released chan struct{}
	offsite  atomic.Int32 // requests that reached the other site's /elsewhere
}

// newFixture serves the site on 127.0.0.1 and a third party on localhost:
// two sites for the browser.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	site, err := inventory.Load("fixture.json", []byte(fixtureConfig))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{site: site, released: make(chan struct{})}
	charte := widgetServer(t, site)
	widget := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ga.js": // a tracker's script writes a first-party _ga for two years
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, `document.cookie = '_ga=GA1.1.42.42; Path=/; Max-Age=63072000; SameSite=Lax';`)
		case "/player.html": // a gated third-party frame: its own cookie, and a host of its own
			w.Header().Set("Set-Cookie", "pl=1; Path=/; Max-Age=3600; SameSite=None; Secure")
			fmt.Fprint(w, `<!doctype html><title>player</title><script src="http://cdn.charte.test:`+r.Host[strings.LastIndex(r.Host, ":")+1:]+`/p.js"></script>`)
		case "/p.js":
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, "// player")
		case "/elsewhere": // where /away redirects: the scan must not go
			f.offsite.Add(1)
			fmt.Fprint(w, "<!doctype html><title>elsewhere</title>")
		case "/video.js": // a gated third-party player, declared
			w.Header().Set("Content-Type", "text/javascript")
			// Its own cookie, in a third-party context: SameSite=None needs
			// Secure, which http://localhost may set.
			w.Header().Set("Set-Cookie", "vid=7; Path=/; Max-Age=3600; SameSite=None; Secure")
			fmt.Fprint(w, `document.cookie = 'yt_pref=1; Path=/; Max-Age=63072000; SameSite=Lax';`)
		default:
			charte.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(widget.Close)
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(widget.URL, "http://"))
	f.other = "http://localhost:" + port
	f.tracker = "http://js.adscale.de:" + port
	f.browser = []chromedp.ExecAllocatorOption{chromedp.Flag("host-resolver-rules", "MAP js.adscale.de 127.0.0.1, MAP *.charte.test 127.0.0.1")}

	page := `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Fixture</title>
<script src="` + f.other + `/s/fixture/embed.js"></script>
<script src="` + f.tracker + `/ga.js"></script>
<script>document.cookie = 'theme=dark; Path=/; Max-Age=86400; SameSite=Strict'; localStorage.setItem('_hjid', '1');</script>
</head><body><h1>Fixture</h1>
<a href="/about">about</a> <a href="/data.json">data</a> <a href="/slow">slow</a> <a href="/loop">loop</a>
<a href="/away">away</a> <a href="/huge">huge</a> <a href="/export">export</a> <a href="` + f.other + `/elsewhere">another site</a> <a href="/about#top">same</a>
<script type="text/plain" data-category="statistics">document.cookie = '_pk_id.1.ab=v; Path=/; Max-Age=33696000; SameSite=Lax';</script>
<script type="text/plain" data-category="third-party" data-src="` + f.other + `/video.js"></script>
<iframe data-category="third-party" data-src="` + f.other + `/player.html" title="player"></iframe>
</body></html>`
	about := `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>About</title>
<script src="` + f.other + `/s/fixture/embed.js"></script></head><body><a href="/">home</a></body></html>`
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/", "/about":
			http.SetCookie(w, &http.Cookie{Name: "sessionid", Value: "s1", Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			if r.URL.Path == "/" {
				fmt.Fprint(w, page)
			} else {
				fmt.Fprint(w, about)
			}
		case "/data.json":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"not": "a page"}`)
		case "/slow": // starts, never ends
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<!doctype html><title>slow</title><p>")
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-f.released:
			}
		case "/export":
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Header().Set("Content-Disposition", `attachment; filename="export.bin"`)
			fmt.Fprint(w, "binary")
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/away":
			http.Redirect(w, r, f.other+"/elsewhere", http.StatusFound)
		case "/huge":
			w.Header().Set("Content-Type", "text/html")
			chunk := strings.Repeat("<p>filler</p>\n", 4096)
			for i := 0; i < 3<<20/len(chunk)+1; i++ {
				if _, err := fmt.Fprint(w, chunk); err != nil {
					return
				}
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(host.Close)
	t.Cleanup(func() { close(f.released) })
	f.host = host.URL
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.closed = "http://" + l.Addr().String() + "/"
	l.Close()
	return f
}

func (f *fixture) options() Options {
	// The per-page timeout leaves room for a busy CI machine; /slow waits it out.
	return Options{Site: f.site, Config: "fixture.json", PageTimeout: 10 * time.Second, MaxPageBytes: 1 << 20,
		Settle: 250 * time.Millisecond, Browser: f.browser, Progress: testWriter{}}
}

type testWriter struct{}

func (testWriter) Write(b []byte) (int, error) {
	if testing.Verbose() {
		os.Stderr.Write(b)
	}
	return len(b), nil
}

// summary is a finding as the test states it.
func summary(f Finding) string {
	return f.Severity + " " + f.Kind + " " + f.Name + " [" + strings.Join(f.Passes, ",") + "]"
}

func TestFixtureSite(t *testing.T) {
	f := newFixture(t)
	r, err := Run(context.Background(), []string{f.host + "/", f.closed}, f.options())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, fd := range r.Findings {
		got = append(got, summary(fd))
	}
	want := []string{
		"violation cookie _ga [no-choice,refuse-all]",
		"violation storage _hjid [no-choice,refuse-all]",
		"violation request js.adscale.de [no-choice,refuse-all]",
		"undeclared cookie _ga [no-choice,refuse-all,accept-all]",
		"lifetime cookie _ga [no-choice,refuse-all,accept-all]",
		"lifetime cookie yt_pref [accept-all]",
		"stale inventory chat_id []",
	}
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	if r.Summary.Exit != 1 {
		t.Errorf("exit %d, want 1", r.Summary.Exit)
	}

	// What each pass holds, first-party cookies on the site's host.
	names := func(p Pass) string {
		var n []string
		for _, c := range p.Cookies {
			n = append(n, c.Name)
		}
		sort.Strings(n)
		return strings.Join(n, " ")
	}
	wantCookies := map[string]string{
		PassNoChoice:  "_ga sessionid theme",
		PassRefuseAll: "_ga cookies_preferences sessionid theme",
		PassAcceptAll: "_ga _pk_id.1.ab cookies_preferences pl sessionid theme vid yt_pref",
	}
	for _, p := range r.Passes {
		if p.Skipped != "" {
			t.Errorf("pass %s skipped: %s", p.Name, p.Skipped)
		}
		if got := names(p); got != wantCookies[p.Name] {
			t.Errorf("pass %s: cookies %q, want %q", p.Name, got, wantCookies[p.Name])
		}
	}

	// Attributes and origins.
	cookie := func(pass, name string) Cookie {
		for _, p := range r.Passes {
			if p.Name != pass {
				continue
			}
			for _, c := range p.Cookies {
				if c.Name == name {
					return c
				}
			}
		}
		t.Fatalf("no %s in %s", name, pass)
		return Cookie{}
	}
	s := cookie(PassNoChoice, "sessionid")
	if s.SetBy != "header" || s.SetFrom != f.host+"/" || !s.HTTPOnly || s.SameSite != "Lax" || s.Expires != nil || s.ThirdParty ||
		s.Class.Source != "inventory" || s.Domain != "127.0.0.1" || s.Path != "/" || s.Page != f.host+"/" {
		t.Errorf("sessionid: %+v", s)
	}
	g := cookie(PassNoChoice, "_ga")
	if g.SetBy != "script" || g.SetFrom != f.tracker+"/ga.js" || g.HTTPOnly || g.Days < 399 || g.Days > 401 /* Chromium keeps a cookie 400 days at most */ || g.Asked != 730 ||
		g.Class.Source != "database" || g.Class.Category != "statistics" || g.Class.Known.Platform != "Google Analytics" {
		t.Errorf("_ga: %+v", g)
	}
	if th := cookie(PassNoChoice, "theme"); th.SetBy != "script" || th.SetFrom != f.host+"/" || th.SameSite != "Strict" {
		t.Errorf("theme: %+v", th)
	}
	if y := cookie(PassAcceptAll, "yt_pref"); y.SetFrom != f.other+"/video.js" || y.Class.Category != "third-party" {
		t.Errorf("yt_pref: %+v", y)
	}
	if v := cookie(PassAcceptAll, "vid"); !v.ThirdParty || v.Domain != "localhost" || v.SetBy != "header" || v.SetFrom != f.other+"/video.js" ||
		!v.Secure || v.SameSite != "None" || v.Class.Category != "third-party" {
		t.Errorf("vid, a third party's own cookie: %+v", v)
	}
	if pl := cookie(PassAcceptAll, "pl"); !pl.ThirdParty || pl.SetBy != "header" || pl.SetFrom != f.other+"/player.html" {
		t.Errorf("pl, set by a third-party frame: %+v", pl)
	}
	accepted := map[string]bool{}
	for _, q := range r.Passes[2].Requests {
		accepted[q.Host] = true
	}
	if !accepted["cdn.charte.test"] || !accepted["localhost"] {
		t.Errorf("third parties after accepting, the frame's own included: %v", accepted)
	}
	if pk := cookie(PassAcceptAll, "_pk_id.1.ab"); pk.SetBy != "script" || pk.SetFrom != "inline script run by "+f.other+"/s/fixture/embed.js" || pk.Class.Category != "statistics" || pk.Days > LifetimeDays {
		t.Errorf("_pk_id: %+v", pk)
	}
	for _, p := range r.Passes[1:] {
		if !p.Pages[0].Choice {
			t.Errorf("pass %s: the choice was not made on the first page: %+v", p.Name, p.Pages)
		}
	}
	hosts := map[string]bool{}
	for _, q := range r.Passes[0].Requests {
		hosts[q.Host] = q.Tracker
	}
	if tr, ok := hosts["js.adscale.de"]; !ok || !tr || hosts["localhost"] {
		t.Errorf("third parties of the no-choice pass: %v", hosts)
	}

	// Bad input: each page gets its line, and the scan went on.
	problems := map[string]string{}
	for _, p := range r.Pages {
		if p.Error != "" {
			problems[strings.TrimPrefix(p.URL, f.host)] = p.Error
		}
	}
	wantProblems := map[string]string{
		"/data.json": "not an HTML page (application/json)",
		"/slow":      "did not finish loading within 10s",
		"/loop":      "redirect loop",
		"/away":      "redirected off-site to " + f.other + "/elsewhere",
		"/huge":      "larger than 1 MB",
		"/export":    "a download, not a page",
		f.closed:     "unreachable",
	}
	for u, w := range wantProblems {
		if !strings.Contains(problems[u], w) {
			t.Errorf("%s: problem %q, want it to say %q", u, problems[u], w)
		}
	}
	if n := f.offsite.Load(); n != 0 {
		t.Errorf("the off-site redirect was followed %d times", n)
	}
	if len(problems) != len(wantProblems) || r.Summary.Pages != 9 || r.Summary.Problems != 7 {
		t.Errorf("pages %d, problems %d: %v", r.Summary.Pages, r.Summary.Problems, problems)
	}

	// The draft: the inventory plus _ga from the database, for review.
	draft, err := r.Suggest(f.site, []byte(fixtureConfig))
	if err != nil {
		t.Fatal(err)
	}
	ds, err := inventory.Load("draft.json", draft)
	if err != nil {
		t.Fatalf("the draft does not validate: %v\n%s", err, draft)
	}
	if len(ds.Cookies) != len(f.site.Cookies)+1 {
		t.Fatalf("draft rows: %d\n%s", len(ds.Cookies), draft)
	}
	ga := ds.Cookies[len(ds.Cookies)-1]
	if !ga.MatchName("_ga") || ga.Category != "statistics" || !strings.HasPrefix(ga.Service["fr"], "À vérifier") || ga.Provider != "Google" {
		t.Errorf("draft row for _ga: %+v", ga)
	}

	// The outputs name every finding.
	var text, mdb strings.Builder
	r.WriteText(&text)
	r.WriteMarkdown(&mdb)
	for _, w := range []string{"VIOLATION", "js.adscale.de", "_hjid", "chat_id", "FAIL: 3 violations, 1 undeclared, 2 over 13 months, 1 stale, 7 pages not scanned"} {
		if !strings.Contains(text.String(), w) {
			t.Errorf("stdout lacks %q:\n%s", w, text.String())
		}
	}
	for _, w := range []string{"# Cookie scan of", "| cookie | `_ga` | statistics |", "400 days (asked 730)", "## Pages not scanned", "## Pages scanned\n\n- " + f.host + "/\n- " + f.host + "/about\n\n", "## Cookies after “Tout refuser”"} {
		if !strings.Contains(mdb.String(), w) {
			t.Errorf("Markdown lacks %q:\n%s", w, mdb.String())
		}
	}
}

// A site without Charte gets one pass, and the report says why.
func TestNoCharte(t *testing.T) {
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "_fbp", Value: "fb.1", Path: "/", MaxAge: 86400})
		fmt.Fprint(w, `<!doctype html><title>plain</title><p>No widget here.`)
	}))
	defer host.Close()
	r, err := Run(context.Background(), []string{host.URL}, Options{Settle: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Passes) != 3 || r.Passes[1].Skipped == "" || r.Passes[2].Skipped == "" || r.Passes[0].Skipped != "" {
		t.Fatalf("passes: %+v", r.Passes)
	}
	var got []string
	for _, fd := range r.Findings {
		got = append(got, summary(fd))
	}
	want := []string{"violation cookie _fbp [no-choice]", "undeclared cookie _fbp [no-choice]"}
	if !slices.Equal(got, want) || r.Summary.Exit != 1 {
		t.Errorf("findings %q (exit %d), want %q", got, r.Summary.Exit, want)
	}
	if c := r.Passes[0].Cookies[0]; c.Class.Category != "first-party" || c.SetBy != "header" {
		t.Errorf("_fbp, set by the site itself: %+v", c)
	}
	draft, err := r.Suggest(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := inventory.Load(filepath.Join(t.TempDir(), "draft.json"), draft); err != nil {
		t.Errorf("the draft without a config does not validate: %v\n%s", err, draft)
	}
}

func TestNoChromium(t *testing.T) {
	t.Setenv("CHROMIUM", filepath.Join(t.TempDir(), "no-chromium"))
	_, err := Run(context.Background(), []string{"http://127.0.0.1:1/"}, Options{})
	if err != ErrNoChromium || !strings.Contains(err.Error(), "apt-get install chromium") {
		t.Errorf("err %v", err)
	}
}

func TestDatabase(t *testing.T) {
	d, err := loadDB()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ks := range d.exact {
		n += len(ks)
	}
	if n+len(d.prefixes) < 2000 {
		t.Errorf("%d rows", n+len(d.prefixes))
	}
	for _, c := range []struct{ name, domain, platform, category string }{
		{"_ga", "example.org", "Google Analytics", "statistics"},
		{"_ga_ABC123", "example.org", "Google Analytics", "statistics"}, // a prefix row
		{"_pk_id.1.ab", "example.org", "Piwik", "statistics"},           // the longest prefix, _pk_id.
		{"sessionid", "instagram.com", "Instagram", "first-party"},      // Marketing, set first-party
		{"sessionid", "example.org", "", ""},                            // Instagram's only on instagram.com
	} {
		k := d.Lookup(c.name, c.domain)
		switch {
		case c.platform == "" && k != nil:
			t.Errorf("%s on %s: %s, want unknown", c.name, c.domain, k.Platform)
		case c.platform != "" && (k == nil || k.Platform != c.platform || charteCategory(k.Category, false) != c.category):
			t.Errorf("%s on %s: %+v, want %s/%s", c.name, c.domain, k, c.platform, c.category)
		}
	}
	if !d.Tracker("js.adscale.de") || !d.Tracker("www.google-analytics.com") || !d.Tracker("connect.facebook.net") || d.Tracker("localhost") || d.Tracker("example.org") {
		t.Error("tracker hosts")
	}
}

// A draft adds Charte's own category when the config lists its own
// categories without the one the database names.
func TestSuggestAddsCategory(t *testing.T) {
	config := []byte(`{
  "name": "Vidéos", "url": "https://videos.example", "languages": ["fr", "en"],
  "categories": [
    {"id": "necessary", "required": true},
    {"id": "videos", "title": {"fr": "Vidéos", "en": "Videos"}, "description": {"fr": "Lecteurs", "en": "Players"}}
  ],
  "cookies": [
    {"provider": "V", "service": {"fr": "Lecteur", "en": "Player"}, "names": ["vp"], "purpose": {"fr": "Lire", "en": "Play"}, "category": "videos"}
  ]
}`)
	site, err := inventory.Load("videos.example.json", config)
	if err != nil {
		t.Fatal(err)
	}
	d, err := loadDB()
	if err != nil {
		t.Fatal(err)
	}
	s := &scanner{o: &Options{Site: site}, db: d}
	r := &Report{URLs: []string{"https://videos.example/"}, Passes: []Pass{{Name: PassNoChoice, Cookies: []Cookie{
		{Name: "_ga", Domain: "videos.example", Class: s.classify("_ga", "videos.example", false)},
		{Name: "_ga_XYZ", Domain: "videos.example", Class: s.classify("_ga_XYZ", "videos.example", false)},
		{Name: "mystery", Domain: ".cdn.example", ThirdParty: true, SetBy: "header", SetFrom: "https://cdn.example/x", Page: "https://videos.example/", Class: s.classify("mystery", "cdn.example", true)},
		{Name: "vp", Domain: "videos.example", Class: s.classify("vp", "videos.example", false)},
	}}}}
	draft, err := r.Suggest(site, config)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := inventory.Load("videos.example.json", draft)
	if err != nil {
		t.Fatalf("%v\n%s", err, draft)
	}
	if got := strings.Join(ds.CategoryIDs(), " "); got != "necessary videos statistics third-party" {
		t.Errorf("categories %q\n%s", got, draft)
	}
	var rows []string
	for _, c := range ds.Cookies {
		rows = append(rows, c.Category+":"+strings.Join(c.Names, ",")+c.Pattern)
	}
	if got := strings.Join(rows, " "); got != "videos:vp statistics:_ga statistics:_ga_* third-party:mystery" {
		t.Errorf("rows %q\n%s", got, draft)
	}
	if m := ds.Cookies[3]; !strings.HasPrefix(m.Purpose["fr"], "À compléter") || m.Provider != "cdn.example" {
		t.Errorf("unknown cookie's row: %+v", m)
	}
}
