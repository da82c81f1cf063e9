package bench

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"html/template"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/charte/charte/internal/toolchain"
	"github.com/charte/charte/inventory"
	"github.com/charte/charte/server"
)

// A profile is the device a page is loaded on.
type profile struct {
	Name string
	// Mobile: 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up, CPU slowed
	// 4×, a 412×823 touch screen. Otherwise the desktop as is (loopback).
	Mobile bool
}

var profiles = []profile{{Name: "mobile", Mobile: true}, {Name: "desktop"}}

// phoneVariant adds, to a variant of the host page, how to ask for its
// preferences and how to know they are usable.
type phoneVariant struct {
	variant
	Customize string // the banner's "Personnaliser" button (JS)
	Dialog    string // the preferences, once shown (JS)
	Busy      string // the button shows it was taken (JS), if the widget says so
	AcceptAPI string // accept everything through the widget's API (JS)
}

func phoneVariants(widget string) []phoneVariant {
	byName := map[string]variant{}
	for _, v := range variants(widget) {
		byName[v.Name] = v
	}
	const root = `document.querySelector('charte-consent').shadowRoot`
	return []phoneVariant{
		{variant: byName["none"]},
		{variant: byName["empty-script"]},
		{
			variant:   byName["charte"],
			Customize: root + `.querySelector('.charte-banner [data-charte-action=prefs]')`,
			Dialog:    root + `.querySelector('[aria-modal=true] .charte-switch')`,
			Busy:      root + `.querySelector('[aria-busy=true]')`,
			AcceptAPI: `charte.acceptAll()`,
		},
		{
			variant:   byName["vanilla-cookieconsent"],
			Customize: `document.querySelector('#cc-main .cm__btn[data-role=show]')`,
			Dialog:    `document.documentElement.classList.contains('show--preferences') && document.querySelector('#cc-main .pm .pm__btn')`,
			AcceptAPI: `CookieConsent.acceptCategory('all')`,
		},
	}
}

// phoneProbe runs before the page's scripts: paint timings, long tasks,
// and, from a click on the banner, when the click shows and the dialog is
// usable (in a frame, with the main thread free for the next task).
const phoneProbe = `(() => {
  const b = window.__m = { fcp: 0, lcp: 0, long: [], banner: 0, click: 0, feedback: 0, dialog: 0, usable: 0 };
  try {
    new PerformanceObserver(l => { for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') b.fcp = e.startTime; }).observe({ type: 'paint', buffered: true });
    new PerformanceObserver(l => { for (const e of l.getEntries()) if (!b.click) b.lcp = e.startTime; }).observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver(l => { for (const e of l.getEntries()) b.long.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
  } catch (e) {}
  const shown = el => { if (!el || el === true) return !!el; const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && +s.opacity > 0; };
  const q = f => { try { return f(); } catch (e) { return null; } };
  b.tick = function tick() { if (shown(q(window.__banner))) { b.banner = performance.now(); return; } requestAnimationFrame(tick); };
  function watch() {
    const now = performance.now();
    const dialog = shown(q(window.__dialog));
    if (!b.feedback && (dialog || (window.__busy && q(window.__busy)))) b.feedback = now;
    if (dialog) { b.dialog = now; setTimeout(() => { b.usable = performance.now(); }, 0); return; }
    requestAnimationFrame(watch);
  }
  addEventListener('pointerdown', e => { if (e.isTrusted && !b.click) { b.click = e.timeStamp; requestAnimationFrame(watch); } }, true);
})();`

// phoneSample is one cold load on a profile.
type phoneSample struct {
	FCP, LCP, TBT, Banner float64 // ms
	BytesBeforeLoad       int     // transferred by requests sent before the load event (the page excluded)
	BytesAll              int     // until the click, 10 s after load
	Feedback, Dialog      float64 // ms from the click on "Personnaliser"
	RetFCP                float64 // a returning view's FCP, ms
}

func BenchmarkMobile(b *testing.B) {
	loads := 5
	if n, err := strconv.Atoi(os.Getenv("CHARTE_BENCH_LOADS")); err == nil && n > 0 {
		loads = n
	}
	env := setup(b)
	defer env.Close()
	pvs := phoneVariants(env.Widget)
	hs := httptest.NewServer(compress(&encodings{}, phonePage(pvs, env.Site)))
	defer hs.Close()
	host := strings.Replace(hs.URL, "127.0.0.1", "localhost", 1)

	results := map[string][]phoneSample{}
	b.ResetTimer()
	for i := 0; i < loads; i++ {
		for _, p := range profiles {
			for j := range pvs {
				v := pvs[(i+j)%len(pvs)]
				s, err := measurePhone(host+"/"+v.Name+"/", v, p)
				if err != nil {
					b.Fatalf("%s %s, load %d: %v", p.Name, v.Name, i+1, err)
				}
				results[p.Name+"/"+v.Name] = append(results[p.Name+"/"+v.Name], s)
				fmt.Fprintf(os.Stderr, "bench: %-7s %-22s load %d: FCP %5.0f LCP %5.0f TBT %5.0f banner %5.0f bytes<load %6d dialog %5.0f (feedback %4.0f) returning FCP %5.0f\n",
					p.Name, v.Name, i+1, s.FCP, s.LCP, s.TBT, s.Banner, s.BytesBeforeLoad, s.Dialog, s.Feedback, s.RetFCP)
			}
		}
	}
	b.StopTimer()
	inits, err := initTrace(env, host)
	if err != nil {
		b.Fatal(err)
	}
	rep := phoneReport{Loads: loads, Variants: pvs, Results: results, Wasm: env.Wasm, Init: inits}
	md := rep.markdown()
	if err := spliceResults(filepath.Join(env.Root, "bench/RESULTS.md"), mobileMark, md); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(env.Root, "bench/mobile.svg"), rep.svg(), 0o644); err != nil {
		b.Fatal(err)
	}
	fmt.Println(md)
}

// benchEnv is Charte's server, and the vendor widgets, on one origin.
type benchEnv struct {
	Root   string
	Wasm   *server.Wasm
	List   []*inventory.Site
	Site   *inventory.Site // exemple.fr, the one every widget is given
	Widget string          // origin of the widget server
	Close  func()
}

func setup(b *testing.B) *benchEnv {
	root, err := toolchain.ModuleRoot(".")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "bench/_npm/node_modules/klaro/dist/klaro.js")); err != nil {
		b.Fatal("run npm ci in bench/_npm first (make bench does)")
	}
	wasm, err := toolchain.EnsureWasm(root, os.Stderr)
	if err != nil {
		b.Fatal(err)
	}
	loader, err := toolchain.LoaderJS()
	if err != nil {
		b.Fatal(err)
	}
	list, errs := inventory.LoadDir(filepath.Join(root, "config"))
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	env := &benchEnv{Root: root, Wasm: wasm, List: list}
	for _, s := range list {
		if s.ID == "exemple.fr" {
			env.Site = s
		}
	}
	ws := widgetServer(root, server.New(list, wasm, loader))
	env.Widget, env.Close = ws.URL, ws.Close
	return env
}

// widgetServer serves Charte, the vendor widgets from bench/_npm and the
// empty script, compressed as a CDN would.
func widgetServer(root string, srv http.Handler) *httptest.Server {
	vendor := http.StripPrefix("/vendor/", http.FileServer(http.Dir(filepath.Join(root, "bench/_npm/node_modules"))))
	return httptest.NewServer(compress(&encodings{}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == emptyScriptPath {
			serveEmptyScript(w, r)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/vendor/") {
			w.Header().Set("Access-Control-Allow-Origin", "*")
			w.Header().Set("Cache-Control", "max-age=3600")
			vendor.ServeHTTP(w, r)
			return
		}
		srv.ServeHTTP(w, r)
	})))
}

// phoneTmpl is the host page of the mobile profile: a hero image (its
// largest paint), text, a gated script and a button of its own.
var phoneTmpl = template.Must(template.New("phone").Parse(`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Portail de données</title>
<style>body { font: 17px/1.5 Georgia, serif; max-width: 760px; margin: 0 auto; padding: 16px; color: #222; }
.hero { display: block; width: 100%; height: auto; aspect-ratio: 1; } button.own { min-height: 44px; padding: 8px 16px; font: inherit; }</style>
{{.Head}}
</head>
<body>
<h1 id="first">Portail de données ouvertes</h1>
<img class="hero" src="/hero.png" alt="Carte des jeux de données" width="{{.Size}}" height="{{.Size}}">
<p><button class="own" type="button" onclick="this.textContent = 'Recherche…'">Rechercher un jeu de données</button></p>
{{range .Paragraphs}}<p>{{.}}</p>
{{end}}
{{.Gated}}
{{.Tail}}
</body>
</html>`))

const heroSize = 224 // px; 224×224 RGB noise is about 150 KB of PNG

// hero is an image that does not compress: 150 KB, as a photo would be.
func hero() []byte {
	img := image.NewRGBA(image.Rect(0, 0, heroSize, heroSize))
	r := rand.New(rand.NewPCG(1, 2))
	for y := 0; y < heroSize; y++ {
		for x := 0; x < heroSize; x++ {
			img.Set(x, y, color.RGBA{uint8(r.Uint32()), uint8(r.Uint32()), uint8(r.Uint32()), 255})
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}

func phonePage(vs []phoneVariant, site *inventory.Site) http.Handler {
	var plain []variant
	byName := map[string]variant{}
	for _, v := range vs {
		plain = append(plain, v.variant)
		byName[v.Name] = v.variant
	}
	desktop := hostPage(plain, site) // the vendor configs
	img := hero()
	paras := paragraphs(6)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/hero.png" {
			w.Header().Set("Content-Type", "image/png")
			w.Header().Set("Cache-Control", "max-age=3600")
			w.Write(img)
			return
		}
		v, ok := byName[strings.Trim(r.URL.Path, "/")]
		if !ok {
			desktop.ServeHTTP(w, r)
			return
		}
		writePage(w, phoneTmpl, v, paras)
	})
}

// emulate puts a tab on the profile's device and network.
func emulate(p profile) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		if !p.Mobile {
			return nil
		}
		if _, err := network.EmulateNetworkConditionsByRule([]*network.Conditions{{
			Latency: 150, DownloadThroughput: 1.6e6 / 8, UploadThroughput: 750e3 / 8,
		}}).Do(ctx); err != nil {
			return err
		}
		if err := emulation.SetCPUThrottlingRate(4).Do(ctx); err != nil {
			return err
		}
		if err := emulation.SetDeviceMetricsOverride(412, 823, 2.625, true).Do(ctx); err != nil {
			return err
		}
		return emulation.SetTouchEmulationEnabled(true).WithMaxTouchPoints(5).Do(ctx)
	})
}

func mono(t *cdp.MonotonicTime) float64 {
	if t == nil {
		return 0
	}
	return float64(t.Time().UnixNano()) / 1e9
}

// measurePhone makes one cold first visit on a profile, taps "Personnaliser"
// 10 s after the load event, then opens the page again with a choice made.
func measurePhone(url string, v phoneVariant, p profile) (phoneSample, error) {
	var s phoneSample
	ctx, cancel, err := cold(120 * time.Second)
	if err != nil {
		return s, err
	}
	defer cancel()
	nl := newNet(ctx)
	if err := probeTab(ctx, v, p); err != nil {
		return s, err
	}
	if err := chromedp.Run(ctx, chromedp.Navigate(url), waitJS(`window.__m.banner > 0 && document.readyState === 'complete'`)); err != nil {
		return s, fmt.Errorf("banner and load: %w", err)
	}
	// 10 s after the load event: what the page paid, then the tap.
	if err := chromedp.Run(ctx, waitJS(`performance.now() > performance.getEntriesByType('navigation')[0].loadEventEnd + 10000`)); err != nil {
		return s, err
	}
	var m struct {
		FCP, LCP, Banner, Fetched, Load float64
		Long                            [][2]float64
	}
	if err := chromedp.Run(ctx, chromedp.Evaluate(`({FCP: __m.fcp, LCP: __m.lcp, Banner: __m.banner, Long: __m.long, Fetched: (performance.getEntriesByType('resource').find(e => e.name.includes('app.wasm')) || {}).responseEnd || 0, Load: performance.getEntriesByType('navigation')[0].loadEventEnd})`, &m)); err != nil {
		return s, err
	}
	// CHARTE_BENCH_DEBUG=1 prints when each long task ran, against the
	// load event and the wasm's arrival.
	if os.Getenv("CHARTE_BENCH_DEBUG") != "" {
		fmt.Fprintf(os.Stderr, "bench: %s %s: load at %.0f ms, wasm fetched at %.0f ms, long tasks [start, ms] %v\n", p.Name, v.Name, m.Load, m.Fetched, m.Long)
	}
	s.FCP, s.LCP, s.Banner = m.FCP, m.LCP, m.Banner
	for _, l := range m.Long {
		if l[0] >= m.FCP {
			s.TBT += max(l[1]-50, 0)
		}
	}
	s.BytesBeforeLoad, s.BytesAll = nl.loadBytes(url)
	if v.Customize != "" {
		var at struct{ X, Y float64 }
		if err := chromedp.Run(ctx, chromedp.Evaluate(`(() => { const r = (`+v.Customize+`).getBoundingClientRect(); return {X: r.x + r.width / 2, Y: r.y + r.height / 2}; })()`, &at)); err != nil {
			return s, fmt.Errorf("the customize button: %w", err)
		}
		if err := chromedp.Run(ctx, tap(p, at.X, at.Y), waitJS(`window.__m.usable > 0`)); err != nil {
			return s, fmt.Errorf("the preferences after a tap: %w", err)
		}
		var d struct{ Click, Feedback, Usable float64 }
		if err := chromedp.Run(ctx, chromedp.Evaluate(`({Click: __m.click, Feedback: __m.feedback, Usable: __m.usable})`, &d)); err != nil {
			return s, err
		}
		s.Feedback, s.Dialog = d.Feedback-d.Click, d.Usable-d.Click
		if err := chromedp.Run(ctx, chromedp.Evaluate(v.AcceptAPI, nil), waitJS(`window.statsRuns === 1`)); err != nil {
			return s, fmt.Errorf("accept: %w", err)
		}
	}
	// The returning view, in a new tab of the same profile, in front (a
	// background tab does not paint).
	rctx, rcancel := chromedp.NewContext(ctx)
	defer rcancel()
	if err := chromedp.Run(rctx, network.Enable(), page.BringToFront(), emulate(p), chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(phoneProbe).Do(ctx)
		return err
	}), chromedp.Navigate(url), waitJS(`document.readyState === 'complete' && window.__m.fcp > 0`)); err != nil {
		return s, fmt.Errorf("returning view: %w", err)
	}
	if err := chromedp.Run(rctx, chromedp.Evaluate(`__m.fcp`, &s.RetFCP)); err != nil {
		return s, err
	}
	return s, nil
}

// probeTab puts the tab on the profile's device and network, with the
// probe watching for v's banner and dialog in every document it opens.
func probeTab(ctx context.Context, v phoneVariant, p profile) error {
	js := phoneProbe + "\nwindow.__banner = () => " + v.Banner + ";\nrequestAnimationFrame(window.__m.tick);"
	if v.Dialog != "" {
		js += "\nwindow.__dialog = () => " + v.Dialog + ";"
	}
	if v.Busy != "" {
		js += "\nwindow.__busy = () => " + v.Busy + ";"
	}
	return chromedp.Run(ctx, network.Enable(), page.Enable(), emulate(p), chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(js).Do(ctx)
		return err
	}))
}

// tap touches (mobile) or clicks (desktop) at x, y, as a visitor does.
func tap(p profile, x, y float64) chromedp.Action {
	if !p.Mobile {
		return chromedp.Tasks{chromedp.MouseEvent(input.MouseMoved, x, y), chromedp.MouseClickXY(x, y)}
	}
	return chromedp.ActionFunc(func(ctx context.Context) error {
		if err := input.DispatchTouchEvent(input.TouchStart, []*input.TouchPoint{{X: x, Y: y}}).Do(ctx); err != nil {
			return err
		}
		return input.DispatchTouchEvent(input.TouchEnd, []*input.TouchPoint{}).Do(ctx)
	})
}

// initStep is one line of GODEBUG=inittrace=1.
type initStep struct {
	Pkg        string
	At, Clock  float64 // ms
	Bytes, Obj int
}

var initLine = regexp.MustCompile(`init (\S+) @([0-9.]+) ms, ([0-9.]+) ms clock, (\d+) bytes, (\d+) allocs`)

// initTrace starts app.wasm with GODEBUG=inittrace=1 (desktop, three
// times) and returns the package initialisation of the median run.
func initTrace(env *benchEnv, host string) ([]initStep, error) {
	exec, err := toolchain.WasmExecJS()
	if err != nil {
		return nil, err
	}
	traced := bytes.Replace(exec, []byte("this.env = {};"), []byte(`this.env = { GODEBUG: "inittrace=1" };`), 1)
	if bytes.Equal(traced, exec) {
		return nil, fmt.Errorf("wasm_exec.js has no env to set")
	}
	loader, err := server.LoaderWith(traced)
	if err != nil {
		return nil, err
	}
	ws := widgetServer(env.Root, server.New(env.List, env.Wasm, loader))
	defer ws.Close()
	hs := httptest.NewServer(phonePage(phoneVariants(ws.URL), env.Site))
	defer hs.Close()
	url := strings.Replace(hs.URL, "127.0.0.1", "localhost", 1) + "/charte/"
	var runs [][]initStep
	for i := 0; i < 3; i++ {
		steps, err := traceOnce(url)
		if err != nil {
			return nil, err
		}
		runs = append(runs, steps)
	}
	slices.SortFunc(runs, func(a, b []initStep) int { return int(initTotal(a) - initTotal(b)) })
	return runs[1], nil
}

func traceOnce(url string) ([]initStep, error) {
	ctx, cancel, err := cold(60 * time.Second)
	if err != nil {
		return nil, err
	}
	defer cancel()
	var mu sync.Mutex
	var steps []initStep
	chromedp.ListenTarget(ctx, func(ev any) {
		e, ok := ev.(*runtime.EventConsoleAPICalled)
		if !ok {
			return
		}
		for _, a := range e.Args {
			s, _ := strconv.Unquote(string(a.Value))
			for _, m := range initLine.FindAllStringSubmatch(s, -1) {
				at, _ := strconv.ParseFloat(m[2], 64)
				clock, _ := strconv.ParseFloat(m[3], 64)
				by, _ := strconv.Atoi(m[4])
				n, _ := strconv.Atoi(m[5])
				mu.Lock()
				steps = append(steps, initStep{m[1], at, clock, by, n})
				mu.Unlock()
			}
		}
	})
	if err := chromedp.Run(ctx, runtime.Enable(), chromedp.Navigate(url),
		waitJS(`document.readyState === 'complete' && window.charte`), chromedp.Evaluate(`void charte.show()`, nil),
		waitJS(`document.querySelector('charte-consent').shadowRoot.querySelector('[aria-modal=true]')`)); err != nil {
		return nil, err
	}
	mu.Lock()
	defer mu.Unlock()
	if len(steps) == 0 {
		return nil, fmt.Errorf("no inittrace line in the console")
	}
	return slices.Clone(steps), nil
}

func initTotal(steps []initStep) float64 {
	t := 0.0
	for _, s := range steps {
		t += s.Clock
	}
	return t
}

// mobileMark starts BenchmarkMobile's part of RESULTS.md; BenchmarkWidgets
// writes what comes before it.
const mobileMark = "<!-- BenchmarkMobile writes from here -->\n"

// spliceResults writes md into path: before mobileMark when part is "",
// from it on when part is mobileMark; the other part is kept.
func spliceResults(path, part, md string) error {
	old, _ := os.ReadFile(path)
	before, after, found := strings.Cut(string(old), mobileMark)
	if !found {
		before, after = string(old), ""
	}
	if part == mobileMark {
		// BenchmarkTap's section, after this one, is kept.
		tail := ""
		if i := strings.Index(after, tapBegin); i >= 0 {
			tail = "\n" + after[i:]
		}
		return os.WriteFile(path, []byte(strings.TrimRight(before, "\n")+"\n\n"+mobileMark+md+tail), 0o644)
	}
	out := md
	if found {
		out = strings.TrimRight(md, "\n") + "\n\n" + mobileMark + after
	}
	return os.WriteFile(path, []byte(out), 0o644)
}

type phoneReport struct {
	Loads    int
	Variants []phoneVariant
	Results  map[string][]phoneSample
	Wasm     *server.Wasm
	Init     []initStep
}

func (r *phoneReport) med(key string, f func(phoneSample) float64) float64 {
	var xs []float64
	for _, s := range r.Results[key] {
		xs = append(xs, f(s))
	}
	return median(xs)
}

func (r *phoneReport) markdown() string {
	var b strings.Builder
	w := func(f string, a ...any) { fmt.Fprintf(&b, f, a...) }
	w("# A first visit on a phone\n\n")
	w("`make bench` (BenchmarkMobile): a host page with a %d×%d hero image (%.0f KB, its largest paint), text, a gated statistics script and a button of its own, served four ways (with no widget, with an empty script tag served as embed.js is, with Charte, with vanilla-cookieconsent), %d cold loads each per profile, interleaved; medians. "+
		"**mobile**: Chromium's network emulation (150 ms latency, 1.6 Mbit/s down, 750 kbit/s up), CPU slowed 4×, a 412×823 touch screen; **desktop**: the same page on loopback, no throttling. "+
		"Total blocking time is the sum of each long task's time over 50 ms from the first contentful paint to 10 s after the load event (what a visitor who taps or scrolls meets, the wasm's prefetch included). "+
		"Bytes before load are those of the requests sent before the page's load event, the page itself aside. 10 s after the load event the benchmark taps \"Personnaliser\" (a touch on mobile, a click on the desktop); "+
		"the dialog counts as usable once it is in a frame and the main thread has run the next task; feedback is the first frame that shows the tap was taken (the button busy, or the dialog). "+
		"The returning view is a new tab of the same profile after accepting everything.\n\n", heroSize, heroSize, float64(len(hero()))/1000, r.Loads)
	for _, p := range profiles {
		none := p.Name + "/none"
		vanilla := p.Name + "/vanilla-cookieconsent"
		w("## %s\n\n", p.Name)
		w("| | FCP | LCP | total blocking time | banner visible (vs vanilla-cookieconsent) | bytes before load | bytes in all | tap on \"Personnaliser\" → feedback, usable dialog | returning view FCP |\n")
		w("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
		for _, v := range r.Variants {
			k := p.Name + "/" + v.Name
			tbt := r.med(k, func(s phoneSample) float64 { return s.TBT })
			banner, ratio, dialog := "—", "", "—"
			if !v.Floor {
				bv := r.med(k, func(s phoneSample) float64 { return s.Banner })
				banner = fmt.Sprintf("%.0f ms", bv)
				if vb := r.med(vanilla, func(s phoneSample) float64 { return s.Banner }); vb > 0 {
					ratio = fmt.Sprintf(" (%.2f)", bv/vb)
				}
				dialog = fmt.Sprintf("%.0f ms, %.0f ms", r.med(k, func(s phoneSample) float64 { return s.Feedback }), r.med(k, func(s phoneSample) float64 { return s.Dialog }))
			}
			w("| %s | %.0f ms | %.0f ms | %.0f ms (%+.0f) | %s%s | %s | %s | %s | %.0f ms |\n", v.name(),
				r.med(k, func(s phoneSample) float64 { return s.FCP }), r.med(k, func(s phoneSample) float64 { return s.LCP }),
				tbt, tbt-r.med(none, func(s phoneSample) float64 { return s.TBT }), banner, ratio,
				kb(r.med(k, func(s phoneSample) float64 { return float64(s.BytesBeforeLoad) })),
				kb(r.med(k, func(s phoneSample) float64 { return float64(s.BytesAll) })), dialog,
				r.med(k, func(s phoneSample) float64 { return s.RetFCP }))
		}
		w("\n")
	}
	w("## app.wasm\n\n")
	w("%.0f KB raw, **%.0f KB brotli** (%.0f KB gzip). Package initialisation with `GODEBUG=inittrace=1` (desktop, median of 3 starts): **%.1f ms** in %d packages, ending %.0f ms after the runtime started; the largest:\n\n",
		float64(len(r.Wasm.Raw))/1000, float64(len(r.Wasm.Br))/1000, float64(len(r.Wasm.Gz))/1000, initTotal(r.Init), len(r.Init), initEnd(r.Init))
	top := slices.Clone(r.Init)
	slices.SortFunc(top, func(a, b initStep) int { return int((b.Clock - a.Clock) * 1000) })
	w("| package | init | allocations |\n| --- | --- | --- |\n")
	for _, s := range top[:min(8, len(top))] {
		w("| `%s` | %.1f ms | %d (%d B) |\n", s.Pkg, s.Clock, s.Obj, s.Bytes)
	}
	return b.String()
}

func initEnd(steps []initStep) float64 {
	end := 0.0
	for _, s := range steps {
		end = max(end, s.At+s.Clock)
	}
	return end
}

// svg draws, per profile, the first visit's total blocking time and the
// banner time, and the time to a usable dialog after a tap.
func (r *phoneReport) svg() []byte {
	const (
		width, left, right = 760, 250, 90
		row, top           = 24, 50
	)
	color := map[string]string{"none": "#9e9e9e", "empty-script": "#c4c4c4", "charte": "#1a4fa3", "vanilla-cookieconsent": "#b3470b"}
	type panel struct {
		title string
		val   func(phoneSample) float64
		skip  func(phoneVariant) bool
	}
	panels := []panel{
		{"Total blocking time, first visit (ms)", func(s phoneSample) float64 { return s.TBT }, func(phoneVariant) bool { return false }},
		{"Banner visible (ms from navigation)", func(s phoneSample) float64 { return s.Banner }, func(v phoneVariant) bool { return v.Floor }},
		{"Largest contentful paint (ms)", func(s phoneSample) float64 { return s.LCP }, func(phoneVariant) bool { return false }},
		{"Tap on \"Personnaliser\" → usable dialog (ms)", func(s phoneSample) float64 { return s.Dialog }, func(v phoneVariant) bool { return v.Floor }},
	}
	var b strings.Builder
	w := func(f string, a ...any) { fmt.Fprintf(&b, f, a...) }
	var body strings.Builder
	y := 0
	for _, p := range panels {
		maxV := 1.0
		for _, pr := range profiles {
			for _, v := range r.Variants {
				maxV = max(maxV, r.med(pr.Name+"/"+v.Name, p.val))
			}
		}
		scale := float64(width-left-right) / maxV
		fmt.Fprintf(&body, `<text x="16" y="%d" font-size="15" font-weight="600">%s</text>`+"\n", y+24, html.EscapeString(p.title))
		y += top - 14
		for _, pr := range profiles {
			for _, v := range r.Variants {
				if p.skip(v) {
					continue
				}
				m := r.med(pr.Name+"/"+v.Name, p.val)
				fmt.Fprintf(&body, `<text x="%d" y="%d" text-anchor="end">%s, %s</text>`+"\n", left-10, y+14, html.EscapeString(v.name()), pr.Name)
				fmt.Fprintf(&body, `<rect x="%d" y="%d" width="%.1f" height="16" fill="%s"/>`+"\n", left, y+2, max(m*scale, 1), color[v.Name])
				fmt.Fprintf(&body, `<text x="%.1f" y="%d">%.0f ms</text>`+"\n", float64(left)+m*scale+6, y+14, m)
				y += row
			}
		}
		y += 16
	}
	w(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="system-ui, sans-serif" font-size="13">`+"\n", width, y, width, y)
	w(`<rect width="100%%" height="100%%" fill="#fff"/>` + "\n")
	b.WriteString(body.String())
	w("</svg>\n")
	return []byte(b.String())
}
