// Package pwa makes what turns a site's policy page into an installable,
// offline-readable app: Charte's icons, the web manifest and the service
// worker. Everything is Charte's own and deterministic: no third-party
// request, and the same input gives the same bytes.
package pwa

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"sync"
)

// The icon's design, in the 512-unit square of web/static/icon.svg.
var (
	blue  = color.NRGBA{0x1a, 0x4f, 0xa3, 0xff}
	dough = color.NRGBA{0xf3, 0xd9, 0xa4, 0xff}
	chip  = color.NRGBA{0x7a, 0x4a, 0x1d, 0xff}
	green = color.NRGBA{0x1d, 0x7a, 0x35, 0xff}

	chips = [][3]float64{{206, 206, 22}, {300, 226, 18}, {236, 316, 20}}
	tick  = [][2]float64{{318, 300}, {340, 322}, {384, 270}}
)

// paint is the colour of the icon at a point, or transparent.
func paint(x, y float64) color.NRGBA {
	if !inRoundRect(x, y, 512, 96) {
		return color.NRGBA{}
	}
	c := blue
	if math.Hypot(x-256, y-256) <= 150 {
		c = dough
	}
	for _, k := range chips {
		if math.Hypot(x-k[0], y-k[1]) <= k[2] {
			c = chip
		}
	}
	for i := 1; i < len(tick); i++ {
		if segmentDist(x, y, tick[i-1], tick[i]) <= 13 { // stroke 26, round caps
			c = green
		}
	}
	return c
}

func inRoundRect(x, y, size, r float64) bool {
	if x < 0 || y < 0 || x > size || y > size {
		return false
	}
	cx := math.Max(r, math.Min(x, size-r))
	cy := math.Max(r, math.Min(y, size-r))
	return math.Hypot(x-cx, y-cy) <= r
}

func segmentDist(x, y float64, a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := ((x-a[0])*dx + (y-a[1])*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(x-a[0]-t*dx, y-a[1]-t*dy)
}

// render rasterizes the icon at size×size, 4×4 samples a pixel.
func render(size int) *image.NRGBA {
	const n = 4
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	scale := 512 / float64(size)
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b, a float64 // premultiplied sums
			for sy := 0; sy < n; sy++ {
				for sx := 0; sx < n; sx++ {
					c := paint((float64(px)+(float64(sx)+0.5)/n)*scale, (float64(py)+(float64(sy)+0.5)/n)*scale)
					al := float64(c.A) / 255
					r, g, b, a = r+float64(c.R)*al, g+float64(c.G)*al, b+float64(c.B)*al, a+al
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8(math.Round(r / a)), G: uint8(math.Round(g / a)), B: uint8(math.Round(b / a)),
				A: uint8(math.Round(a / (n * n) * 255)),
			})
		}
	}
	return img
}

// Sizes are the PNG icons the manifest lists beside the SVG.
var Sizes = []int{192, 512}

var (
	iconsOnce sync.Once
	icons     map[int][]byte
)

// IconPNG is Charte's icon as a PNG of one of Sizes, or nil.
func IconPNG(size int) []byte {
	iconsOnce.Do(func() {
		icons = map[int][]byte{}
		for _, s := range Sizes {
			var b bytes.Buffer
			enc := png.Encoder{CompressionLevel: png.BestCompression}
			if err := enc.Encode(&b, render(s)); err != nil {
				panic(err) // only a writer error, and a bytes.Buffer has none
			}
			icons[s] = b.Bytes()
		}
	})
	return icons[size]
}
