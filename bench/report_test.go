package bench

import (
	"fmt"
	"html"
	"net/http"
	"slices"
	"strings"

	"github.com/charte/charte/inventory"
	"github.com/charte/charte/server"
)

type report struct {
	Loads    int
	Variants []variant
	Results  map[string][]sample
	Wasm     *server.Wasm
	Site     *inventory.Site
	Origin   string // the widget server, for sizes as served
}

func (v variant) name() string {
	if v.Label != "" {
		return v.Label
	}
	return v.Name
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// col picks one field of every sample of a variant.
func (r *report) col(name string, f func(sample) float64) []float64 {
	var out []float64
	for _, s := range r.Results[name] {
		out = append(out, f(s))
	}
	return out
}

func (r *report) med(name string, f func(sample) float64) float64 { return median(r.col(name, f)) }

func kb(n float64) string { return fmt.Sprintf("%.1f KB", n/1000) }

// fetchSize is the raw and brotli size of a URL of the widget server.
func (r *report) fetchSize(path string) (int, int) {
	res, err := http.Get(r.Origin + path)
	if err != nil {
		return 0, 0
	}
	defer res.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	raw := []byte(b.String())
	return len(raw), len(compressBytes("br", raw))
}

func (r *report) markdown() string {
	var b strings.Builder
	w := func(f string, a ...any) { fmt.Fprintf(&b, f, a...) }
	vanilla := r.med("vanilla-cookieconsent", func(s sample) float64 { return s.Banner })
	noneRet := r.med("none", func(s sample) float64 { return s.RetTask })
	noneFirst := r.med("none", func(s sample) float64 { return s.FirstTask })
	ae := ""
	if s := r.Results["none"]; len(s) > 0 {
		ae = s[0].AcceptEnc
	}
	w("# Charte beside vanilla-cookieconsent and klaro\n\n")
	w("`make bench`: one host page served five ways, %d cold loads each, interleaved, in headless Chromium (Debian's, same flags as the e2e tests) on this machine. "+
		"Each load is a new browser profile (empty cache, no cookie); after it the benchmark accepts everything and opens the page again, %d times, each in a new tab of the same profile (the returning visitor, warm HTTP cache); a load's returning figures are the median of its %d views. "+
		"Text responses are brotli-compressed (q11) by the benchmark's server when the browser accepts it (it sent `Accept-Encoding: %s`); app.wasm is precompressed by Charte's server. "+
		"Every widget is configured with the inventory of config/exemple.fr.json; vanilla-cookieconsent and klaro load as their docs show (deferred scripts in `<head>`). "+
		"Two pages have no widget: the bare page, the floor every figure is measured from, and the same page with an empty script tag in `<head>` (`%s`, served as embed.js is: `Cache-Control: %s`, revalidated by its ETag), the least any one-script widget can add.\n\n", r.Loads, returns, returns, ae, emptyScriptPath, server.EmbedCache)

	w("## First visit\n\n")
	w("| | banner visible, median (min–max) | vs vanilla-cookieconsent | bytes (all but the page) | main-thread time | long tasks (median n, ms) | JS heap | wasm memory | layout shift (max) |\n")
	w("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, v := range r.Variants {
		n := v.Name
		banner := r.col(n, func(s sample) float64 { return s.Banner })
		cls := slices.Max(r.col(n, func(s sample) float64 { return s.CLS }))
		ratio := "—"
		label := v.name()
		if v.Floor {
			label += " (page's own first paint)"
		} else if vanilla > 0 {
			ratio = fmt.Sprintf("%.2f", median(banner)/vanilla)
		}
		w("| %s | %.0f ms (%.0f–%.0f) | %s | %s | %.0f ms (+%.0f) | %.0f, %.0f ms | %.1f MB | %.1f MB | %.4f |\n", label,
			median(banner), slices.Min(banner), slices.Max(banner), ratio,
			kb(r.med(n, func(s sample) float64 { return float64(s.FirstTotal) })),
			r.med(n, func(s sample) float64 { return s.FirstTask }), r.med(n, func(s sample) float64 { return s.FirstTask })-noneFirst,
			r.med(n, func(s sample) float64 { return float64(s.LongTasks) }), r.med(n, func(s sample) float64 { return s.LongMs }),
			r.med(n, func(s sample) float64 { return s.FirstHeap }), r.med(n, func(s sample) float64 { return s.WasmMem }), cls)
	}
	w("\nCharte's first-visit main-thread time and long tasks run until the wasm, fetched once the page is idle after its load event, has arrived; the banner is on screen long before that. The wasm runs only when the visitor asks for more than the banner (see the mobile profile below for that time).\n\n")

	w("## Returning visitor (valid choice)\n\n")
	w("| | requests (from HTTP cache) | bytes | main-thread time (added to the page) | script time | JS heap | fetched |\n")
	w("| --- | --- | --- | --- | --- | --- | --- |\n")
	for _, v := range r.Variants {
		n := v.Name
		var names []string
		if s := r.Results[n]; len(s) > 0 {
			names = slices.Clone(s[len(s)-1].RetNames)
			slices.Sort(names)
		}
		rt := r.med(n, func(s sample) float64 { return s.RetTask })
		w("| %s | %.0f (%.0f) | %s | %.1f ms (%+.1f) | %.1f ms | %.1f MB | %s |\n", v.name(),
			r.med(n, func(s sample) float64 { return float64(s.RetReqs) }), r.med(n, func(s sample) float64 { return float64(s.RetCached) }),
			kb(r.med(n, func(s sample) float64 { return float64(s.RetBytes) })),
			rt, rt-noneRet, r.med(n, func(s sample) float64 { return s.RetScript }),
			r.med(n, func(s sample) float64 { return s.RetHeap }), strings.Join(names, ", "))
	}

	w("\n## Bytes per resource, first visit (median transferred, headers included)\n\n")
	w("| | resource | bytes |\n| --- | --- | --- |\n")
	for _, v := range r.Variants {
		paths := map[string]bool{}
		for _, s := range r.Results[v.Name] {
			for p := range s.Resources {
				paths[p] = true
			}
		}
		sorted := slices.Sorted(func(yield func(string) bool) {
			for p := range paths {
				if !yield(p) {
					return
				}
			}
		})
		for _, p := range sorted {
			w("| %s | `%s` | %s |\n", v.name(), p, kb(r.med(v.Name, func(s sample) float64 { return float64(s.Resources[p]) })))
		}
	}

	w("\n## Charte's files\n\n| file | raw | brotli |\n| --- | --- | --- |\n")
	for _, p := range []string{"/s/exemple.fr/embed.js", "/s/exemple.fr/shell.fr.html", "/charte/loader.js"} {
		raw, br := r.fetchSize(p)
		w("| `%s` | %s | %s |\n", p, kb(float64(raw)), kb(float64(br)))
	}
	w("| `/charte/app.wasm` | %s | %s (gzip %s) |\n", kb(float64(len(r.Wasm.Raw))), kb(float64(len(r.Wasm.Br))), kb(float64(len(r.Wasm.Gz))))
	return b.String()
}

// svg draws the banner times (median bar, min–max line) and the returning
// view's added main-thread time, one row per widget.
func (r *report) svg() []byte {
	const (
		width, left, right = 760, 200, 70
		row, top           = 30, 56
	)
	var vs []variant
	for _, v := range r.Variants {
		vs = append(vs, v)
	}
	panelH := top + row*len(vs) + 30
	var b strings.Builder
	w := func(f string, a ...any) { fmt.Fprintf(&b, f, a...) }
	w(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="system-ui, sans-serif" font-size="13">`+"\n", width, 2*panelH, width, 2*panelH)
	w(`<rect width="100%%" height="100%%" fill="#fff"/>` + "\n")
	color := map[string]string{"none": "#9e9e9e", "empty-script": "#c4c4c4", "charte": "#1a4fa3", "vanilla-cookieconsent": "#b3470b", "klaro": "#6a3d9a"}
	panel := func(y0 int, title, unit string, val func(string) (float64, float64, float64)) {
		maxV := 0.0
		for _, v := range vs {
			_, _, hi := val(v.Name)
			maxV = max(maxV, hi)
		}
		if maxV <= 0 {
			maxV = 1
		}
		scale := float64(width-left-right) / maxV
		w(`<text x="16" y="%d" font-size="15" font-weight="600">%s</text>`+"\n", y0+24, html.EscapeString(title))
		for i, v := range vs {
			y := y0 + top + i*row
			m, lo, hi := val(v.Name)
			w(`<text x="%d" y="%d" text-anchor="end">%s</text>`+"\n", left-10, y+14, html.EscapeString(v.name()))
			w(`<rect x="%d" y="%d" width="%.1f" height="18" fill="%s"/>`+"\n", left, y+1, max(m*scale, 1), color[v.Name])
			if hi > lo {
				w(`<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#222" stroke-width="1.5"/>`+"\n", float64(left)+lo*scale, float64(left)+hi*scale, y+10, y+10)
			}
			w(`<text x="%.1f" y="%d">%.0f %s</text>`+"\n", float64(left)+max(m, hi)*scale+6, y+14, m, unit)
		}
	}
	panel(0, fmt.Sprintf("First visit: banner visible (ms, median of %d cold loads; line: min–max)", r.Loads), "ms",
		func(n string) (float64, float64, float64) {
			c := r.col(n, func(s sample) float64 { return s.Banner })
			if len(c) == 0 {
				return 0, 0, 0
			}
			return median(c), slices.Min(c), slices.Max(c)
		})
	noneRet := r.med("none", func(s sample) float64 { return s.RetTask })
	panel(panelH, "Returning visitor: main-thread time added to the page (ms, median)", "ms",
		func(n string) (float64, float64, float64) {
			d := max(r.med(n, func(s sample) float64 { return s.RetTask })-noneRet, 0)
			return d, d, d
		})
	w("</svg>\n")
	return []byte(b.String())
}
