package pwa

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/charte/charte/inventory"
)

// The PNG icons have their size and the SVG's design: transparent corners,
// blue border, the cookie, a chip and the green tick.
func TestIcons(t *testing.T) {
	for _, n := range Sizes {
		img, err := png.Decode(bytes.NewReader(IconPNG(n)))
		if err != nil {
			t.Fatal(err)
		}
		if img.Bounds() != image.Rect(0, 0, n, n) {
			t.Fatalf("icon %d is %v", n, img.Bounds())
		}
		at := func(x, y float64) color.NRGBA {
			return color.NRGBAModel.Convert(img.At(int(x*float64(n)/512), int(y*float64(n)/512))).(color.NRGBA)
		}
		for _, c := range []struct {
			x, y float64
			want color.NRGBA
		}{{2, 2, color.NRGBA{}}, {40, 256, blue}, {256, 150, dough}, {206, 206, chip}, {340, 318, green}} {
			if got := at(c.x, c.y); got != c.want {
				t.Errorf("icon %d at (%v,%v): %v, want %v", n, c.x, c.y, got, c.want)
			}
		}
	}
	if !bytes.Equal(IconPNG(192), IconPNG(192)) || IconPNG(100) != nil {
		t.Error("icons are not one fixed set")
	}
}

func TestManifest(t *testing.T) {
	s, err := inventory.Load("config/herault-data.fr.json", []byte(`{"name":"Hérault Data","url":"https://www.herault-data.fr"}`))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Name, Scope, Display, Lang string
		ShortName                  string `json:"short_name"`
		StartURL                   string `json:"start_url"`
		Icons                      []struct{ Src, Sizes, Type string }
	}
	if err := json.Unmarshal(Manifest(s, "../../charte/static/"), &m); err != nil {
		t.Fatal(err)
	}
	if m.Name != "Charte cookies — Hérault Data" || m.ShortName != "Hérault Data" || m.StartURL != "./" || m.Scope != "./" || m.Display != "standalone" || m.Lang != "fr" {
		t.Errorf("manifest: %+v", m)
	}
	if len(m.Icons) != 3 || m.Icons[0].Sizes != "any" || m.Icons[2].Src != "../../charte/static/icon-512.png" {
		t.Errorf("icons: %+v", m.Icons)
	}
}

func TestWorkerVersion(t *testing.T) {
	a := Worker("x.org", []Entry{{URL: "./", Content: []byte("a")}, {URL: "../../charte/app.1.wasm", Content: []byte("1"), Immutable: true}})
	b := Worker("x.org", []Entry{{URL: "./", Content: []byte("b")}, {URL: "../../charte/app.1.wasm", Content: []byte("1"), Immutable: true}})
	if bytes.Equal(a, b) {
		t.Error("a changed page leaves the worker as it was: no update would reach visitors")
	}
	if !strings.Contains(string(a), `"immutable":["../../charte/app.1.wasm"]`) || strings.Contains(string(a), "CHARTE_SW") {
		t.Errorf("worker config: %s", a[:300])
	}
}
