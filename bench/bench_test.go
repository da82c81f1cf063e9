// Package bench compares Charte with vanilla-cookieconsent 3 and klaro 0.7
// on one host page in headless Chromium: `make bench` writes RESULTS.md
// and chart.svg here. Timings live here only; e2e tests check behaviour.
package bench

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"

	"github.com/charte/charte/internal/headless"
)

// probe runs before any script of the page: it records when the banner is
// first in a frame, layout shifts, long tasks and the wasm's memory.
const probe = `(() => {
  const b = window.__bench = { banner: 0, cls: 0, long: [], mem: null };
  try {
    new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) b.cls += e.value; }).observe({ type: 'layout-shift', buffered: true });
    new PerformanceObserver(l => { for (const e of l.getEntries()) b.long.push(e.duration); }).observe({ type: 'longtask', buffered: true });
  } catch (e) {}
  const inst = WebAssembly.instantiate;
  WebAssembly.instantiate = function () {
    return inst.apply(this, arguments).then(r => { const i = r.instance || r; if (i.exports && i.exports.mem) b.mem = i.exports.mem; return r; });
  };
  const shown = el => { if (!el) return false; const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && +s.opacity > 0; };
  // Started only when there is a banner to wait for.
  b.tick = function tick() { if (shown(window.__banner())) { b.banner = performance.now(); return; } requestAnimationFrame(tick); };
})();`

// wasmFetched holds once app.wasm has come (the idle prefetch).
const wasmFetched = `performance.getEntriesByType('resource').some(e => /\/app\.[0-9a-f.]*wasm$/.test(e.name) && e.responseEnd > 0)`

// returns is the returning views measured after each cold load.
var returns = 5

// sample is what one cold load and the returning view after it measured.
type sample struct {
	Banner     float64        // ms from navigation start to the banner's first frame
	CLS        float64        // layout shift score
	LongTasks  int            // long tasks during the first visit
	LongMs     float64        // their total duration
	FirstTask  float64        // main-thread task time of the first visit, ms
	FirstHeap  float64        // JS heap used, MB
	WasmMem    float64        // wasm linear memory, MB
	Resources  map[string]int // transferred bytes by resource path (cold)
	RetReqs    int            // returning view: requests besides the page itself
	RetCached  int            // of which the HTTP cache answered
	RetBytes   int            // and their bytes
	RetTask    float64        // returning view: main-thread task time, ms
	RetScript  float64        // returning view: script time, ms
	RetHeap    float64        // JS heap used, MB
	RetNames   []string       // what the returning view requested
	AcceptEnc  string
	FirstTotal int // bytes of the first visit besides the page
}

func BenchmarkWidgets(b *testing.B) {
	loads := 10
	if n, err := strconv.Atoi(os.Getenv("CHARTE_BENCH_LOADS")); err == nil && n > 0 {
		loads = n
	}
	if n, err := strconv.Atoi(os.Getenv("CHARTE_BENCH_RETURNS")); err == nil && n > 0 {
		returns = n
	}
	env := setup(b)
	defer env.Close()
	root, wasm, site := env.Root, env.Wasm, env.Site
	vs := variants(env.Widget)
	enc := &encodings{}
	hs := httptest.NewServer(compress(enc, hostPage(vs, site)))
	defer hs.Close()
	host := strings.Replace(hs.URL, "127.0.0.1", "localhost", 1) // another origin than the widget's

	results := map[string][]sample{}
	b.ResetTimer()
	for i := 0; i < loads; i++ {
		// Interleaved, and in a rotating order, so that drift hits all alike.
		for j := range vs {
			v := vs[(i+j)%len(vs)]
			s, err := measure(host+"/"+v.Name+"/", v)
			if err != nil {
				b.Fatalf("%s, load %d: %v", v.Name, i+1, err)
			}
			s.AcceptEnc = enc.get()
			results[v.Name] = append(results[v.Name], s)
			fmt.Fprintf(os.Stderr, "bench: %-22s load %2d: banner %6.1f ms, returning %d requests %5d B %5.1f ms\n",
				v.Name, i+1, s.Banner, s.RetReqs, s.RetBytes, s.RetTask)
		}
	}
	b.StopTimer()
	rep := report{Loads: loads, Variants: vs, Results: results, Wasm: wasm, Site: site, Origin: env.Widget}
	md := rep.markdown()
	if err := spliceResults(filepath.Join(root, "bench/RESULTS.md"), "", md); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "bench/chart.svg"), rep.svg(), 0o644); err != nil {
		b.Fatal(err)
	}
	fmt.Println(md)
}

// measure makes one cold first visit (a new Chromium with a new profile:
// no HTTP or code cache, no cookie), accepts everything, then opens the
// page again in a new tab of the same browser: the returning visitor.
func measure(url string, v variant) (sample, error) {
	s := sample{Resources: map[string]int{}}
	ctx, cancel, err := cold(90 * time.Second)
	if err != nil {
		return s, err
	}
	defer cancel()

	first := newNet(ctx)
	if err := chromedp.Run(ctx, network.Enable(), performance.Enable(), addProbe(v)); err != nil {
		return s, err
	}
	if err := chromedp.Run(ctx, chromedp.Navigate(url), waitJS(`window.__bench.banner > 0`)); err != nil {
		return s, fmt.Errorf("banner: %w", err)
	}
	if v.Name == "charte" {
		// Until the wasm, fetched when the page is idle, is in: the first
		// visit's whole cost unless the visitor asks for more.
		if err := chromedp.Run(ctx, waitJS(wasmFetched)); err != nil {
			return s, fmt.Errorf("wasm prefetch: %w", err)
		}
	}
	time.Sleep(700 * time.Millisecond) // let late work finish
	var probe struct {
		Banner, CLS, Mem float64
		Long             []float64
	}
	if err := chromedp.Run(ctx, chromedp.Evaluate(`({Banner: __bench.banner, CLS: __bench.cls, Long: __bench.long, Mem: __bench.mem ? __bench.mem.buffer.byteLength : 0})`, &probe)); err != nil {
		return s, err
	}
	s.Banner, s.CLS, s.WasmMem = probe.Banner, probe.CLS, probe.Mem/1e6
	s.LongTasks = len(probe.Long)
	for _, d := range probe.Long {
		s.LongMs += d
	}
	m, err := metrics(ctx)
	if err != nil {
		return s, err
	}
	s.FirstTask, s.FirstHeap = m["TaskDuration"]*1000, m["JSHeapUsedSize"]/1e6
	for path, n := range first.bytes(url) {
		s.Resources[path] = n
		s.FirstTotal += n
	}
	if v.Accept == "" {
		if err := chromedp.Run(ctx, chromedp.Navigate("about:blank")); err != nil {
			return s, err
		}
	} else if err := chromedp.Run(ctx, chromedp.Evaluate(v.Accept, nil), waitJS(`window.statsRuns === 1`)); err != nil {
		return s, fmt.Errorf("accept: %w", err)
	}

	// The returning view, in fresh tabs of the same profile: its cost is a
	// few milliseconds in a page view that varies by tens, so each load
	// takes the median of several.
	var tasks, scripts, heaps []float64
	for i := 0; i < returns; i++ {
		r, err := returning(ctx, url, v)
		if err != nil {
			return s, err
		}
		tasks, scripts, heaps = append(tasks, r.RetTask), append(scripts, r.RetScript), append(heaps, r.RetHeap)
		if i == 0 {
			s.RetCached, s.RetReqs, s.RetBytes, s.RetNames = r.RetCached, r.RetReqs, r.RetBytes, r.RetNames
		}
	}
	s.RetTask, s.RetScript, s.RetHeap = median(tasks), median(scripts), median(heaps)
	return s, nil
}

// cold starts a Chromium with a new profile (no HTTP or code cache, no
// cookie), for at most d.
func cold(d time.Duration) (context.Context, context.CancelFunc, error) {
	ctx, cancel, err := headless.Start()
	if err != nil {
		return nil, nil, fmt.Errorf("starting Chromium: %w", err)
	}
	ctx, tcancel := context.WithTimeout(ctx, d)
	return ctx, func() { tcancel(); cancel() }, nil
}

// returning opens url in a new tab of ctx's browser, which holds a choice.
// Its probe does not look for a banner, so the bare page and the widgets
// run the same probe code.
func returning(ctx context.Context, url string, v variant) (sample, error) {
	var s sample
	rctx, rcancel := chromedp.NewContext(ctx)
	defer rcancel()
	ret := newNet(rctx)
	quiet := v
	quiet.Banner = ""
	if err := chromedp.Run(rctx, network.Enable(), performance.Enable(), addProbe(quiet), chromedp.Navigate(url), waitJS(`document.readyState === 'complete'`)); err != nil {
		return s, fmt.Errorf("returning view: %w", err)
	}
	time.Sleep(700 * time.Millisecond)
	m, err := metrics(rctx)
	if err != nil {
		return s, err
	}
	s.RetTask, s.RetScript, s.RetHeap = m["TaskDuration"]*1000, m["ScriptDuration"]*1000, m["JSHeapUsedSize"]/1e6
	s.RetCached = ret.cachedCount()
	for path, n := range ret.bytes(url) {
		s.RetReqs++
		s.RetBytes += n
		s.RetNames = append(s.RetNames, path)
	}
	slices.Sort(s.RetNames)
	if v.Accept != "" {
		var ran bool
		if err := chromedp.Run(rctx, chromedp.Evaluate(`window.statsRuns === 1`, &ran)); err != nil || !ran {
			return s, fmt.Errorf("the returning view did not apply the choice (%v)", err)
		}
	}
	return s, nil
}

func addProbe(v variant) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		js := probe
		if v.Banner != "" {
			js += "\nwindow.__banner = () => " + v.Banner + ";\nrequestAnimationFrame(window.__bench.tick);"
		}
		_, err := page.AddScriptToEvaluateOnNewDocument(js).Do(ctx)
		return err
	})
}

func metrics(ctx context.Context) (map[string]float64, error) {
	out := map[string]float64{}
	err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		ms, err := performance.GetMetrics().Do(ctx)
		for _, m := range ms {
			out[m.Name] = m.Value
		}
		return err
	}))
	return out, err
}

func waitJS(cond string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		for {
			var ok bool
			if err := chromedp.Evaluate("!!("+cond+")", &ok).Do(ctx); err == nil && ok {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("waiting for %s: %w", cond, ctx.Err())
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
}

// netLog keeps what a tab requested, when, and how many bytes came back.
type netLog struct {
	mu     sync.Mutex
	urls   map[network.RequestID]string
	size   map[network.RequestID]int
	cached map[network.RequestID]bool
	sent   map[network.RequestID]float64 // monotonic seconds
	loaded float64                       // the page's load event, monotonic seconds
}

func (n *netLog) cachedCount() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.cached)
}

func newNet(ctx context.Context) *netLog {
	n := &netLog{urls: map[network.RequestID]string{}, size: map[network.RequestID]int{}, cached: map[network.RequestID]bool{}, sent: map[network.RequestID]float64{}}
	chromedp.ListenTarget(ctx, func(ev any) {
		n.mu.Lock()
		defer n.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			n.sent[e.RequestID], n.urls[e.RequestID] = mono(e.Timestamp), e.Request.URL
		case *network.EventRequestServedFromCache:
			n.cached[e.RequestID] = true
		case *network.EventResponseReceived:
			if e.Response.FromDiskCache {
				n.cached[e.RequestID] = true
			}
		case *network.EventLoadingFinished:
			n.size[e.RequestID] += int(e.EncodedDataLength)
		case *page.EventLoadEventFired:
			if n.loaded == 0 {
				n.loaded = mono(e.Timestamp)
			}
		}
	})
	return n
}

// resources calls f for each request but the page and its favicon; a
// resource from the memory cache is not a request.
func (n *netLog) resources(pageURL string, f func(id network.RequestID, u string)) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for id, u := range n.urls {
		if u != pageURL && !strings.HasSuffix(u, "/favicon.ico") && !strings.HasPrefix(u, "data:") {
			f(id, u)
		}
	}
}

// bytes is the transfer size by path of every resource of the page.
func (n *netLog) bytes(pageURL string) map[string]int {
	out := map[string]int{}
	n.resources(pageURL, func(id network.RequestID, u string) {
		path := u[strings.Index(u[8:], "/")+8:]
		path, _, _ = strings.Cut(path, "?")
		out[path] += n.size[id]
	})
	return out
}

// loadBytes is what the page's resources transferred: those sent before
// the load event, and all.
func (n *netLog) loadBytes(pageURL string) (beforeLoad, all int) {
	n.resources(pageURL, func(id network.RequestID, u string) {
		all += n.size[id]
		if n.loaded > 0 && n.sent[id] < n.loaded {
			beforeLoad += n.size[id]
		}
	})
	return beforeLoad, all
}

// compress serves text responses brotli-compressed (quality 11, as a CDN
// with precompressed files would), or gzip when brotli is not accepted;
// app.wasm comes precompressed from Charte's server.
func compress(enc *encodings, h http.Handler) http.Handler {
	var cache sync.Map
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ae := r.Header.Get("Accept-Encoding")
		enc.set(ae)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		res := rec.Result()
		body := rec.Body.Bytes()
		for k, vs := range res.Header {
			w.Header()[k] = vs
		}
		ct := res.Header.Get("Content-Type")
		text := strings.HasPrefix(ct, "text/") || strings.Contains(ct, "javascript") || strings.Contains(ct, "json")
		if text && res.Header.Get("Content-Encoding") == "" && len(body) > 0 && res.StatusCode == 200 {
			kind := ""
			switch {
			case strings.Contains(ae, "br"):
				kind = "br"
			case strings.Contains(ae, "gzip"):
				kind = "gzip"
			}
			if kind != "" {
				key := fmt.Sprintf("%s%x", kind, sha256.Sum256(body))
				c, ok := cache.Load(key)
				if !ok {
					c = compressBytes(kind, body)
					cache.Store(key, c)
				}
				body = c.([]byte)
				w.Header().Set("Content-Encoding", kind)
				w.Header().Add("Vary", "Accept-Encoding")
				w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			}
		}
		w.WriteHeader(res.StatusCode)
		w.Write(body)
	})
}

func compressBytes(kind string, b []byte) []byte {
	var buf bytes.Buffer
	if kind == "br" {
		w := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: 11, LGWin: 22})
		w.Write(b)
		w.Close()
	} else {
		w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		w.Write(b)
		w.Close()
	}
	return buf.Bytes()
}

// encodings remembers the Accept-Encoding Chromium sent, for the report.
type encodings struct {
	mu sync.Mutex
	ae string
}

func (e *encodings) set(s string) { e.mu.Lock(); e.ae = s; e.mu.Unlock() }
func (e *encodings) get() string  { e.mu.Lock(); defer e.mu.Unlock(); return e.ae }
