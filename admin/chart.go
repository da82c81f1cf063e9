package admin

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/charte/charte/proofs"
)

// The charts are SVG written on the server: no script, nothing fetched,
// and every figure is also a text a screen reader and a test read.

const (
	chartW  = 720
	labelW  = 110
	rowH    = 22
	figureW = 220
)

func pct(part, whole int) string { return fmt.Sprintf("%.1f%%", 100*proofs.Share(part, whole)) }

// choiceChart is one bar per row of st (and the total): the shares that
// accepted all, customised, refused all.
func choiceChart(st *proofs.Stats) template.HTML {
	rows := append(append([]proofs.StatsRow{}, st.Rows...), st.Total)
	var b strings.Builder
	barW := chartW - labelW - figureW
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`,
		chartW, rowH*len(rows)+4, chartW, rowH*len(rows)+4)
	for i, r := range rows {
		y := i*rowH + 2
		fmt.Fprintf(&b, `<g class="row" data-key="%s"><text x="0" y="%d">%s</text>`, esc(r.Key), y+15, esc(r.Key))
		if r.Small {
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#ddd"/><text x="%d" y="%d" class="figures">&lt; 5</text></g>`,
				labelW, y, barW, rowH-4, labelW+barW+8, y+15)
			continue
		}
		x := float64(labelW)
		for _, part := range []struct {
			n     int
			color string
		}{{r.AcceptedAll, "#2e7d32"}, {r.Customised, "#f9a825"}, {r.RefusedAll, "#c62828"}} {
			w := float64(barW) * proofs.Share(part.n, r.Choices)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>`, x, y, w, rowH-4, part.color)
			x += w
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="figures">%d · %s · %s · %s</text></g>`, labelW+barW+8, y+15,
			r.Choices, pct(r.AcceptedAll, r.Choices), pct(r.Customised, r.Choices), pct(r.RefusedAll, r.Choices))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text in it went through esc
}

// rateChart is one bar per optional category: the share of the window's
// choices offering it that accepted it.
func rateChart(st *proofs.Stats) template.HTML {
	cats := st.Total.Categories
	var b strings.Builder
	barW := chartW - labelW - figureW
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`,
		chartW, rowH*len(cats)+4, chartW, rowH*len(cats)+4)
	for i, c := range cats {
		y := i*rowH + 2
		fmt.Fprintf(&b, `<g class="rate" data-category="%s"><text x="0" y="%d">%s</text><rect x="%d" y="%d" width="%d" height="%d" fill="#eee"/>`,
			esc(c.ID), y+15, esc(c.ID), labelW, y, barW, rowH-4)
		if c.Small {
			fmt.Fprintf(&b, `<text x="%d" y="%d" class="figures">&lt; 5</text></g>`, labelW+barW+8, y+15)
			continue
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="#1565c0"/><text x="%d" y="%d" class="figures">%s (%d / %d)</text></g>`,
			labelW, y, float64(barW)*proofs.Share(c.Accepted, c.Offered), rowH-4, labelW+barW+8, y+15, pct(c.Accepted, c.Offered), c.Accepted, c.Offered)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func esc(s string) string { return template.HTMLEscapeString(s) }
