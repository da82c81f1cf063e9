package inventory

import (
	"fmt"
	"strings"
	"testing"
)

// Texts and names are bounded, show something, and hold no control or
// bidirectional character; each error is located and says what to do.
func TestTextRules(t *testing.T) {
	cases := []struct {
		name, old, new string
		want           []string
	}{
		{"name too long", `"Exemple"`, `"` + strings.Repeat("é", MaxShortText+1) + `"`, []string{"x.json:2:11:", "name: ", "201 characters long, more than 200", "shorten it"}},
		{"description too long", `"Lecteurs vidéo"`, `"` + strings.Repeat("a", MaxLongText+1) + `"`, []string{"x.json:8:", "categories[2].description.fr", "more than 2000"}},
		{"purpose at the limit is fine, title over it", `"Vidéos"`, `"` + strings.Repeat("v", MaxShortText+1) + `"`, []string{"categories[2].title.fr", "more than 200"}},
		{"control character", `"provider": "Matomo"`, `"provider": "Mat\u001b[31momo"`, []string{"x.json:13:", "cookies[1].provider", "control character U+001B", "remove it"}},
		{"line break", `"Connexion"`, `"Con\nnexion"`, []string{"cookies[0].purpose.fr", "control character U+000A"}},
		{"bidi override in the name", `"Exemple"`, `"Exe\u202Eelpm"`, []string{"x.json:2:11:", "name: ", "bidirectional control U+202E"}},
		{"bidi isolate in a service", `"Session", "en": "Session"`, `"Session", "en": "Ses\u2067sion"`, []string{"cookies[0].service.en", "U+2067"}},
		{"only invisible characters", `"Vidéos"`, `"\u200B\u200D\uFEFF"`, []string{"x.json:8:", "categories[2].title.fr", "only spaces or invisible characters"}},
		{"only no-break spaces and fillers", `"Exemple"`, `"\u00A0\u3164\u2800"`, []string{"name: ", "only spaces or invisible characters"}},
		{"invisible provider", `"provider": "Matomo"`, `"provider": "\u2060"`, []string{"cookies[1].provider", "invisible"}},
		{"cookie name too long", `["_pk_ses"]`, `["` + strings.Repeat("n", MaxNameLen+1) + `"]`, []string{"cookies[1].names[0]", "more than 128"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(base, c.old, c.new, 1)
			if src == base {
				t.Fatalf("%q not found", c.old)
			}
			_, err := Load("config/x.json", []byte(src))
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
	// Right at the limits, and with visible text around format characters, all is fine.
	ok := strings.NewReplacer(`"Exemple"`, `"`+strings.Repeat("é", MaxShortText)+`"`,
		`"Lecteurs vidéo"`, `"`+strings.Repeat("a", MaxLongText)+`"`,
		`"Vidéos"`, `"Vid\u00ADéos\u200D"`).Replace(base)
	if _, err := Load("config/x.json", []byte(ok)); err != nil {
		t.Errorf("texts at the limits refused: %v", err)
	}
}

// At most MaxCategories categories and MaxCookies rows.
func TestCountLimits(t *testing.T) {
	cats := []string{`{ "id": "necessary", "required": true }`}
	for i := 1; i <= MaxCategories; i++ {
		cats = append(cats, fmt.Sprintf(`{ "id": "c%02d", "title": { "fr": "T", "en": "T" }, "description": { "fr": "D", "en": "D" } }`, i))
	}
	cfg := func(n int) string {
		return `{ "name": "X", "url": "https://x.org", "categories": [` + strings.Join(cats[:n], ",\n") + `] }`
	}
	if _, err := Load("config/x.json", []byte(cfg(MaxCategories))); err != nil {
		t.Errorf("%d categories refused: %v", MaxCategories, err)
	}
	_, err := Load("config/x.json", []byte(cfg(MaxCategories+1)))
	if err == nil || !strings.Contains(err.Error(), "x.json:1:") || !strings.Contains(err.Error(), "33 categories, more than 32") {
		t.Errorf("%d categories: %v", MaxCategories+1, err)
	}

	var rows []string
	for i := 0; i <= MaxCookies; i++ {
		rows = append(rows, fmt.Sprintf(`{ "provider": "P", "service": { "fr": "S", "en": "S" }, "names": ["c%d"], "purpose": { "fr": "P", "en": "P" }, "category": "necessary" }`, i))
	}
	src := `{ "name": "X", "url": "https://x.org", "cookies": [` + strings.Join(rows, ",\n") + `] }`
	if _, err := Load("config/x.json", []byte(src)); err == nil || !strings.Contains(err.Error(), "201 rows, more than 200") {
		t.Errorf("%d rows: %v", MaxCookies+1, err)
	}

	// Names within every per-row bound, too many bytes in all.
	rows = rows[:0]
	for i := 0; i < 200; i++ {
		rows = append(rows, fmt.Sprintf(`{ "provider": "P", "service": { "fr": "S", "en": "S" }, "names": ["%s%03d"], "purpose": { "fr": "P", "en": "P" }, "category": "necessary" }`, strings.Repeat("n", 100), i))
	}
	src = `{ "name": "X", "url": "https://x.org", "cookies": [` + strings.Join(rows, ",\n") + `] }`
	if _, err := Load("config/x.json", []byte(src)); err == nil || !strings.Contains(err.Error(), "cookies: the cookie names and patterns add up to 20600 bytes, more than 16384") {
		t.Errorf("20 KB of names: %v", err)
	}
}
