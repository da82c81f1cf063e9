package inventory

import (
	"strings"
	"testing"
)

// withField adds a top-level field to base, on line 4.
func withField(field string) string {
	return strings.Replace(base, `"revision": 2,`, `"revision": 2, `+field+`,`, 1)
}

func TestThemeErrors(t *testing.T) {
	for _, c := range []struct {
		name, field string
		want        []string
	}{
		{"dim text", `"theme": { "text": "#999999" }`,
			[]string{"x.json:4:37: theme.text:", "(#999999 on #ffffff) has a contrast of 2.84:1, below the 4.5:1 of WCAG AA"}},
		{"light accent", `"theme": { "accent": "#ffcc00" }`,
			[]string{"x.json:4:39: theme.accent:", "the buttons' text on the accent (#ffffff on #ffcc00) has a contrast of 1.5"}},
		{"dark variant", `"theme": { "dark": { "background": "#000000", "text": "#333333" } }`,
			[]string{"theme.dark.text:", "(#333333 on #000000) has a contrast of 1.66:1"}},
		{"dark word", `"theme": { "dark": "yes" }`, []string{"theme.dark:", `"yes" is not a dark theme`}},
		{"not a colour", `"theme": { "background": "red" }`, []string{"theme.background:", `"red" is not a colour`}},
		{"CSS in the font", `"theme": { "font": "x; } body { color: red" }`, []string{"theme.font:", "not a list of font names"}},
		{"bad radius", `"theme": { "radius": "calc(1px)" }`, []string{"theme.radius:", "not a length"}},
		{"unknown theme field", `"theme": { "accentColor": "#000000" }`, []string{"theme.accentColor:", `unknown field "accentColor"`}},
		{"unknown layout", `"layout": "side"`, []string{"layout:", `unknown layout "side"`}},
		{"missing German", `"languages": ["fr", "en", "de"]`, []string{"x.json:8:32: categories[2].title: the category's title has no German text", `add "de"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load("config/x.json", []byte(withField(c.field)))
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestThemeValid(t *testing.T) {
	s, err := Load("config/x.json", []byte(withField(`"theme": { "accent": "#ffcc00", "accentText": "#1b1b1b", "radius": "0", "font": "Marianne, \"Helvetica Neue\", sans-serif", "dark": "auto" }, "layout": "bar", "reopenButton": true`)))
	if err != nil {
		t.Fatal(err)
	}
	if s.Light().Accent != "#ffcc00" || s.Light().Background != "#ffffff" || s.DarkVariant().Background != DarkPalette.Background || s.DarkVariant().Radius != "0" {
		t.Errorf("palettes: %+v %+v", s.Light(), s.DarkVariant())
	}
	if !s.ReopenButton || s.Layout != "bar" {
		t.Error("layout or reopenButton lost")
	}
	// Charte's own palettes pass their own rule.
	for _, p := range []Palette{DefaultPalette, DefaultPalette.Over(DarkPalette)} {
		for _, pair := range [][2]string{{p.Text, p.Background}, {p.AccentText, p.Accent}} {
			a, _ := ParseColor(pair[0])
			b, _ := ParseColor(pair[1])
			if r := Contrast(a, b); r < MinContrast {
				t.Errorf("%s on %s: %.2f", pair[0], pair[1], r)
			}
		}
	}
}

func TestContrast(t *testing.T) {
	black, _ := ParseColor("#000")
	white, _ := ParseColor("rgb(255, 255, 255)")
	if r := Contrast(black, white); r != 21 {
		t.Errorf("black on white: %v", r)
	}
	if _, ok := ParseColor("rgb(300, 0, 0)"); ok {
		t.Error("rgb(300, 0, 0) read as a colour")
	}
}
