package bench

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A tap scenario is when a first-time visitor acts on the banner.
type tapScenario struct {
	Name, Label string
	// After is how long after the load event (Late) or after the banner
	// shows (otherwise) the visitor acts.
	After time.Duration
	Late  bool
	// Accept: the visitor clicks "accept all" instead of "Personnaliser";
	// what counts then is the bytes the visit cost in all.
	Accept bool
}

var tapScenarios = []tapScenario{
	{Name: "late", Label: "tap 10 s after load → usable", After: 10 * time.Second, Late: true},
	{Name: "early", Label: "tap 300 ms after the banner → usable", After: 300 * time.Millisecond},
	{Name: "accept", Label: "accept all 3 s after the banner: bytes in all", After: 3 * time.Second, Accept: true},
}

// tapStages are Charte's performance marks, in the order a tap meets them:
// embed.js and the loader leave charte:tap, fetch-start, compiled and
// instantiated; the Go side go-main (the runtime and every package's init
// done), inventory (decoded) and mounted (go-app's first render in the
// shadow root). usable is the probe's: the dialog in a frame, then a task.
var tapStages = []string{"tap", "fetch-start", "compiled", "instantiated", "go-main", "inventory", "mounted"}

// tapSample is one cold first visit in a scenario.
type tapSample struct {
	Feedback, Usable float64            // ms from the tap
	Bytes            int                // the whole visit, page aside
	Wasm             int                // of which app.wasm
	Marks            map[string]float64 // ms from the tap (negative: before it)
}

// BenchmarkTap measures what a first visit costs when the visitor acts:
// tap → usable preferences early and late, with Charte's breakdown, and
// the bytes of a visitor who accepts at once, beside vanilla-cookieconsent.
// CHARTE_BENCH_TAPS sets the visits per scenario (3).
func BenchmarkTap(b *testing.B) {
	loads := 3
	if n, err := strconv.Atoi(os.Getenv("CHARTE_BENCH_TAPS")); err == nil && n > 0 {
		loads = n
	}
	env := setup(b)
	defer env.Close()
	var pvs []phoneVariant
	for _, v := range phoneVariants(env.Widget) {
		if v.Name == "charte" || v.Name == "vanilla-cookieconsent" {
			pvs = append(pvs, v)
		}
	}
	hs := httptest.NewServer(compress(&encodings{}, phonePage(phoneVariants(env.Widget), env.Site)))
	defer hs.Close()
	host := strings.Replace(hs.URL, "127.0.0.1", "localhost", 1)
	results := map[string][]tapSample{}
	b.ResetTimer()
	for i := 0; i < loads; i++ {
		for _, p := range profiles {
			for _, sc := range tapScenarios {
				for j := range pvs {
					v := pvs[(i+j)%len(pvs)]
					s, err := measureTap(host+"/"+v.Name+"/", v, p, sc)
					if err != nil {
						b.Fatalf("%s %s %s, visit %d: %v", p.Name, sc.Name, v.Name, i+1, err)
					}
					k := p.Name + "/" + sc.Name + "/" + v.Name
					results[k] = append(results[k], s)
					fmt.Fprintf(os.Stderr, "bench: tap %-7s %-6s %-22s visit %d: feedback %5.0f usable %5.0f bytes %7d (wasm %7d) marks %v\n",
						p.Name, sc.Name, v.Name, i+1, s.Feedback, s.Usable, s.Bytes, s.Wasm, roundMarks(s.Marks))
				}
			}
		}
	}
	b.StopTimer()
	md := tapMarkdown(loads, pvs, results)
	if err := spliceSection(filepath.Join(env.Root, "bench/RESULTS.md"), tapBegin, tapEnd, md); err != nil {
		b.Fatal(err)
	}
	fmt.Println(md)
}

func roundMarks(m map[string]float64) string {
	var out []string
	for _, k := range tapStages {
		if v, ok := m[k]; ok {
			out = append(out, fmt.Sprintf("%s=%.0f", k, v))
		}
	}
	return strings.Join(out, " ")
}

// measureTap makes one cold first visit on a profile and acts as sc says.
func measureTap(url string, v phoneVariant, p profile, sc tapScenario) (tapSample, error) {
	var s tapSample
	ctx, cancel, err := cold(120 * time.Second)
	if err != nil {
		return s, err
	}
	defer cancel()
	nl := newNet(ctx)
	if err := probeTab(ctx, v, p); err != nil {
		return s, err
	}
	if err := chromedp.Run(ctx, chromedp.Navigate(url), waitJS(`window.__m.banner > 0`)); err != nil {
		return s, fmt.Errorf("banner: %w", err)
	}
	ms := strconv.FormatInt(sc.After.Milliseconds(), 10)
	when := `performance.now() > window.__m.banner + ` + ms
	if sc.Late {
		when = `document.readyState === 'complete' && performance.now() > performance.getEntriesByType('navigation')[0].loadEventEnd + ` + ms
	}
	if err := chromedp.Run(ctx, waitJS(when)); err != nil {
		return s, err
	}
	button := v.Customize
	if sc.Accept {
		button = strings.Replace(v.Accept, ".click()", "", 1)
	}
	var at struct{ X, Y float64 }
	if err := chromedp.Run(ctx, chromedp.Evaluate(`(() => { const r = (`+button+`).getBoundingClientRect(); return {X: r.x + r.width / 2, Y: r.y + r.height / 2}; })()`, &at)); err != nil {
		return s, fmt.Errorf("the button: %w", err)
	}
	if sc.Accept {
		// Whatever the widget still fetches in the background counts:
		// 15 s is past Charte's prefetch delay and a megabyte at 1.6 Mbit/s.
		if err := chromedp.Run(ctx, tap(p, at.X, at.Y), waitJS(`window.statsRuns === 1`), chromedp.Sleep(15*time.Second)); err != nil {
			return s, fmt.Errorf("accept: %w", err)
		}
		_, s.Bytes = nl.loadBytes(url)
		for path, n := range nl.bytes(url) {
			if strings.HasSuffix(path, "/app.wasm") {
				s.Wasm += n
			}
		}
		return s, nil
	}
	if err := chromedp.Run(ctx, tap(p, at.X, at.Y), waitJS(`window.__m.usable > 0`)); err != nil {
		return s, fmt.Errorf("the preferences after a tap: %w", err)
	}
	var d struct {
		Click, Feedback, Usable float64
		Marks                   map[string]float64
	}
	if err := chromedp.Run(ctx, chromedp.Evaluate(`({Click: __m.click, Feedback: __m.feedback, Usable: __m.usable,
  Marks: Object.fromEntries(performance.getEntriesByType('mark').filter(m => m.name.startsWith('charte:')).map(m => [m.name.slice(7), m.startTime]))})`, &d)); err != nil {
		return s, err
	}
	s.Feedback, s.Usable = d.Feedback-d.Click, d.Usable-d.Click
	s.Marks = map[string]float64{}
	for k, t := range d.Marks {
		s.Marks[k] = t - d.Click
	}
	_, s.Bytes = nl.loadBytes(url)
	return s, nil
}

const (
	tapBegin = "<!-- BenchmarkTap writes from here -->\n"
	tapEnd   = "<!-- BenchmarkTap ends here -->\n"
)

// spliceSection writes md between begin and end in path, in place of what
// was there, or at the end.
func spliceSection(path, begin, end, md string) error {
	old, _ := os.ReadFile(path)
	s := string(old)
	before, rest, found := strings.Cut(s, begin)
	after := ""
	if found {
		_, after, _ = strings.Cut(rest, end)
	} else {
		before = strings.TrimRight(s, "\n") + "\n\n"
	}
	return os.WriteFile(path, []byte(before+begin+md+end+after), 0o644)
}

func tapMarkdown(loads int, pvs []phoneVariant, res map[string][]tapSample) string {
	var b strings.Builder
	w := func(f string, a ...any) { fmt.Fprintf(&b, f, a...) }
	med := func(k string, f func(tapSample) float64) float64 {
		var xs []float64
		for _, s := range res[k] {
			xs = append(xs, f(s))
		}
		return median(xs)
	}
	w("# When the visitor acts\n\n")
	w("`make bench` (BenchmarkTap): the phone page of the previous section, a cold first visit each time, %d visits per scenario, interleaved; medians. "+
		"A tap on \"Personnaliser\" 10 s after the load event (Charte has prefetched and compiled its wasm by then), or 300 ms after the banner shows (nothing prefetched); "+
		"or a click on \"accept all\" 3 s after the banner, and every byte the visit transfers in the 15 s after it (the page itself aside).\n\n", loads)
	for _, p := range profiles {
		w("## %s\n\n| | ", p.Name)
		for _, sc := range tapScenarios {
			w("%s | ", sc.Label)
		}
		w("\n| --- |%s\n", strings.Repeat(" --- |", len(tapScenarios)))
		for _, v := range pvs {
			w("| %s | ", v.name())
			for _, sc := range tapScenarios {
				k := p.Name + "/" + sc.Name + "/" + v.Name
				if sc.Accept {
					w("%s (wasm %s) | ", kb(med(k, func(s tapSample) float64 { return float64(s.Bytes) })), kb(med(k, func(s tapSample) float64 { return float64(s.Wasm) })))
				} else {
					w("%.0f ms (feedback %.0f ms) | ", med(k, func(s tapSample) float64 { return s.Usable }), med(k, func(s tapSample) float64 { return s.Feedback }))
				}
			}
			w("\n")
		}
		w("\nCharte's tap, stage by stage (medians of the time each stage ends, from the tap; a stage done before the tap counts 0):\n\n")
		w("| tap | fetch and compile | instantiate | Go runtime and package init | inventory decoded | go-app mount and first render | the frame after (usable) |\n| --- | --- | --- | --- | --- | --- | --- |\n")
		for _, sc := range tapScenarios {
			if sc.Accept {
				continue
			}
			k := p.Name + "/" + sc.Name + "/charte"
			at := func(stage string) float64 {
				return med(k, func(s tapSample) float64 { return max(s.Marks[stage], 0) })
			}
			prev := 0.0
			w("| %s |", sc.Name)
			for _, st := range []string{"compiled", "instantiated", "go-main", "inventory", "mounted"} {
				t := at(st)
				w(" %.0f ms (+%.0f) |", t, t-prev)
				prev = max(prev, t)
			}
			u := med(k, func(s tapSample) float64 { return s.Usable })
			w(" %.0f ms (+%.0f) |\n", u, u-prev)
		}
		w("\n")
	}
	return b.String()
}
