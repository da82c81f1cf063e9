package inventory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/charte/charte/internal/lazyre"
)

// Palette is the look of the widget: the same values as the CSS custom
// properties a page may set (--charte-accent, …). Empty fields keep
// Charte's own.
type Palette struct {
	Accent     string `json:"accent,omitempty"`
	AccentText string `json:"accentText,omitempty"`
	Background string `json:"background,omitempty"`
	Text       string `json:"text,omitempty"`
	Radius     string `json:"radius,omitempty"`
	Font       string `json:"font,omitempty"`
}

// Theme is a site's look: a palette, and an optional dark variant for
// prefers-color-scheme: dark, either "auto" (Charte's dark palette) or
// the site's own values.
type Theme struct {
	Palette
	Dark *Dark `json:"dark,omitempty"`
}

// Dark is theme.dark: "auto", or a palette.
type Dark struct {
	Auto bool
	Palette
	word string // a string other than "auto", reported by validate
}

func (d *Dark) UnmarshalJSON(b []byte) error {
	if b = bytes.TrimSpace(b); len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		d.Auto, d.word = s == "auto", s
		return nil
	}
	return json.Unmarshal(b, &d.Palette)
}

func (d Dark) MarshalJSON() ([]byte, error) {
	if d.Auto {
		return []byte(`"auto"`), nil
	}
	return json.Marshal(d.Palette)
}

// Charte's own palettes: today's look, and the dark one "auto" gives.
var (
	DefaultPalette = Palette{Accent: "#1a4fa3", AccentText: "#ffffff", Background: "#ffffff", Text: "#1b1b1b",
		Radius: "8px", Font: `system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`}
	DarkPalette = Palette{Accent: "#8ab4f8", AccentText: "#0b1b33", Background: "#1e1f22", Text: "#ececec"}
)

// Over returns p with the fields of q that are set.
func (p Palette) Over(q Palette) Palette {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&p.Accent, q.Accent)
	set(&p.AccentText, q.AccentText)
	set(&p.Background, q.Background)
	set(&p.Text, q.Text)
	set(&p.Radius, q.Radius)
	set(&p.Font, q.Font)
	return p
}

// Light is the site's palette, Charte's own filled in.
func (s *Site) Light() Palette {
	if s.Theme == nil {
		return DefaultPalette
	}
	return DefaultPalette.Over(s.Theme.Palette)
}

// DarkVariant is the palette for prefers-color-scheme: dark, or nil when
// the site has none.
func (s *Site) DarkVariant() *Palette {
	if s.Theme == nil || s.Theme.Dark == nil {
		return nil
	}
	p := s.Light().Over(DarkPalette)
	if !s.Theme.Dark.Auto {
		p = p.Over(s.Theme.Dark.Palette)
	}
	return &p
}

// Layouts of the banner: a box at the bottom (Charte's own) or a bar
// across the bottom of the window.
var Layouts = []string{"box", "bar"}

// MinContrast is WCAG 2 AA's contrast for normal text.
const MinContrast = 4.5

var (
	hexColor  = &lazyre.Regexp{Src: `^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`}
	rgbColor  = &lazyre.Regexp{Src: `^rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$`}
	cssLength = &lazyre.Regexp{Src: `^(0|\d+(\.\d+)?(px|rem|em))$`}
	fontList  = &lazyre.Regexp{Src: `^[A-Za-z0-9 ,"'_-]+$`}
)

// ParseColor reads #rgb, #rrggbb or rgb(r, g, b).
func ParseColor(s string) (rgb [3]float64, ok bool) {
	s = strings.TrimSpace(s)
	if m := hexColor.FindStringSubmatch(s); m != nil {
		h := m[1]
		if len(h) == 3 {
			h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
		}
		for i := range 3 {
			v, _ := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
			rgb[i] = float64(v)
		}
		return rgb, true
	}
	if m := rgbColor.FindStringSubmatch(s); m != nil {
		for i := range 3 {
			v, _ := strconv.Atoi(m[i+1])
			if v > 255 {
				return rgb, false
			}
			rgb[i] = float64(v)
		}
		return rgb, true
	}
	return rgb, false
}

// luminance is WCAG 2's relative luminance.
func luminance(c [3]float64) float64 {
	var l [3]float64
	for i, v := range c {
		v /= 255
		if v <= 0.03928 {
			l[i] = v / 12.92
		} else {
			l[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}

// Contrast is the WCAG 2 contrast ratio of two colours, 1 to 21.
func Contrast(a, b [3]float64) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// checkTheme checks theme, layout and reopenButton: values the CSS can
// take as they are, and text that stays readable (WCAG AA) in each
// palette.
func (p *parser) checkTheme(s *Site) {
	if s.Layout != "" && s.Layout != "box" && s.Layout != "bar" {
		p.err("layout", fmt.Sprintf("unknown layout %q", s.Layout), `use "box" (a box at the bottom, the default) or "bar" (full width at the bottom)`)
	}
	if s.Theme == nil {
		return
	}
	p.checkPalette("theme", s.Theme.Palette, s.Light())
	if d := s.Theme.Dark; d != nil {
		if d.word != "" && !d.Auto {
			p.err("theme.dark", fmt.Sprintf("%q is not a dark theme", d.word), `write "auto" for Charte's dark palette, or an object with the dark values`)
			return
		}
		if !d.Auto {
			p.checkPalette("theme.dark", d.Palette, *s.DarkVariant())
		}
	}
}

// checkPalette checks the values given at path, then the contrast of the
// palette they make with Charte's values filled in.
func (p *parser) checkPalette(path string, given, full Palette) {
	ok := true
	for _, f := range []struct{ key, v string }{
		{"accent", given.Accent}, {"accentText", given.AccentText}, {"background", given.Background}, {"text", given.Text},
	} {
		if _, good := ParseColor(f.v); f.v != "" && !good {
			p.err(path+"."+f.key, fmt.Sprintf("%q is not a colour Charte reads", f.v), `write it as "#1a4fa3" or "rgb(26, 79, 163)"`)
			ok = false
		}
	}
	if given.Radius != "" && !cssLength.MatchString(given.Radius) {
		p.err(path+".radius", fmt.Sprintf("%q is not a length", given.Radius), `write it in px, rem or em, e.g. "8px" or "0"`)
	}
	if given.Font != "" && !fontList.MatchString(given.Font) {
		p.err(path+".font", fmt.Sprintf("%q is not a list of font names", given.Font), `name fonts with letters, digits, spaces, quotes and commas, e.g. "Marianne, sans-serif"`)
	}
	if !ok {
		return
	}
	for _, pair := range []struct{ fg, bg, fgKey, bgKey, what string }{
		{full.Text, full.Background, "text", "background", "text on the background"},
		{full.AccentText, full.Accent, "accentText", "accent", "the buttons' text on the accent"},
	} {
		fg, _ := ParseColor(pair.fg)
		bg, _ := ParseColor(pair.bg)
		if r := Contrast(fg, bg); r < MinContrast {
			at := path + "." + pair.fgKey
			if given.fieldSet(pair.bgKey) && !given.fieldSet(pair.fgKey) {
				at = path + "." + pair.bgKey
			}
			p.err(at, fmt.Sprintf("%s (%s on %s) has a contrast of %.2f:1, below the %.1f:1 of WCAG AA", pair.what, pair.fg, pair.bg, math.Floor(r*100)/100, MinContrast),
				fmt.Sprintf("darken or lighten %q or %q until they reach %.1f:1", pair.fgKey, pair.bgKey, MinContrast))
		}
	}
}

func (p Palette) fieldSet(key string) bool {
	switch key {
	case "accent":
		return p.Accent != ""
	case "accentText":
		return p.AccentText != ""
	case "background":
		return p.Background != ""
	case "text":
		return p.Text != ""
	}
	return false
}
