package inventory

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// base is a small valid config; each case below breaks one thing in it.
const base = `{
  "name": "Exemple",
  "url": "https://example.org",
  "revision": 2,
  "categories": [
    { "id": "necessary", "required": true },
    { "id": "statistics" },
    { "id": "videos", "title": { "fr": "Vidéos", "en": "Videos" }, "description": { "fr": "Lecteurs vidéo", "en": "Video players" } }
  ],
  "cookies": [
    { "provider": "Exemple", "service": { "fr": "Session", "en": "Session" }, "names": ["sessionid"],
      "purpose": { "fr": "Connexion", "en": "Sign-in" }, "category": "necessary" },
    { "provider": "Matomo", "service": { "fr": "Mesure", "en": "Analytics" }, "names": ["_pk_ses"], "pattern": "_pk_id.*",
      "purpose": { "fr": "Statistiques", "en": "Statistics" }, "category": "statistics", "link": "https://matomo.org/privacy" }
  ]
}
`

func TestLoadValid(t *testing.T) {
	s, err := Load("config/example.org.json", []byte(base))
	if err != nil {
		t.Fatal(err)
	}
	if s.ID != "example.org" || s.LifetimeDays != 182 || s.DefaultLanguage != "fr" || len(s.Languages) != 2 {
		t.Errorf("defaults not applied: %+v", s)
	}
	if got := s.Category("statistics").Title.Get("en"); got != "Statistics cookies" {
		t.Errorf("built-in title not filled: %q", got)
	}
	if !s.Category("necessary").Required || s.Category("statistics").Required {
		t.Error("required flags wrong")
	}
	if !s.NeedsConsent() {
		t.Error("a statistics cookie needs consent")
	}
	row := s.CookiesIn("statistics")[0]
	for name, want := range map[string]bool{"_pk_id.1.abcd": true, "_pk_ses": true, "_pk_id": false, "x_pk_id.1": false} {
		if row.MatchName(name) != want {
			t.Errorf("MatchName(%q) = %v", name, !want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name, old, new string
		want           []string // substrings of the error, the position first
	}{
		{"malformed JSON", `"revision": 2,`, `"revision": 2`, []string{"x.json:5:3:", "malformed JSON", "missing comma"}},
		{"truncated JSON", "\n}\n", "", []string{"x.json:15:4:", "ends before"}},
		{"comment", `"revision": 2,`, `"revision": 2, // asked again in May`, []string{"x.json:4:18:", "JSON has no comments"}},
		{"trailing comma", "\"category\": \"statistics\", \"link\": \"https://matomo.org/privacy\" }\n", "\"category\": \"statistics\", \"link\": \"https://matomo.org/privacy\" },\n", []string{"x.json:15:3:", "remove the comma before this closing bracket"}},
		{"unknown field", `"revision": 2`, `"revison": 2`, []string{"x.json:4:3:", `unknown field "revison"`, `did you mean "revision"?`}},
		{"unknown cookie field", `"names": ["sessionid"]`, `"nom": ["sessionid"]`, []string{"x.json:11:79:", `unknown field "nom"`}},
		{"unknown category", `"category": "statistics"`, `"category": "stats"`, []string{"x.json:14:76:", `unknown category "stats"`, "use one of necessary, statistics, videos"}},
		{"missing French", `{ "fr": "Mesure", "en": "Analytics" }`, `{ "en": "Analytics" }`, []string{"x.json:13:40:", "cookies[1].service", `no French text ("fr")`, `add "fr"`}},
		{"missing French in own category", `"title": { "fr": "Vidéos", "en": "Videos" }`, `"title": { "en": "Videos" }`, []string{"x.json:8:32:", "categories[2].title", "French"}},
		{"cookie without category", `, "category": "necessary" }`, ` }`, []string{"x.json:11:5:", "cookies[0].category", "has no category", `add "category"`}},
		{"same cookie twice", `["_pk_ses"]`, `["sessionid"]`, []string{"x.json:13:89:", `"sessionid" is already listed at 11:89`}},
		{"necessary not required", `"id": "necessary", "required": true`, `"id": "necessary", "required": false`, []string{"x.json:6:38:", `cannot be refused`, `"required": true`}},
		{"necessary missing", `{ "id": "necessary", "required": true },`, ``, []string{"x.json:5:17:", `"necessary" category is missing`}},
		{"lifetime over 13 months", `"revision": 2,`, `"revision": 2, "lifetimeDays": 400,`, []string{"x.json:4:34:", "400 days is more than 13 months", "at most 395"}},
		{"link not http(s)", `"https://matomo.org/privacy"`, `"javascript:alert(1)"`, []string{"x.json:14:98:", "not an http(s) link"}},
		{"site URL not http(s)", `"https://example.org"`, `"ftp://example.org"`, []string{"x.json:3:10:", "not an http(s) URL"}},
		{"empty site name", `"Exemple",`, `"  ",`, []string{"x.json:2:11:", "site name is empty"}},
		{"wrong type", `"revision": 2`, `"revision": "2"`, []string{"x.json:4:", "expected a whole number"}},
		{"unknown language", `"revision": 2,`, `"revision": 2, "languages": ["fr", "pt"],`, []string{"x.json:4:38:", `no interface text in "pt"`}},
		{"bad pattern", `"_pk_id.*"`, `"_pk_id"`, []string{"x.json:13:112:", "not a name pattern"}},
		{"foreign cookie domain", `"revision": 2,`, `"revision": 2, "cookieDomain": ".other.org",`, []string{"x.json:4:34:", "example.org is not within other.org"}},
		{"duplicate key", `"revision": 2,`, `"revision": 2, "revision": 3,`, []string{"x.json:4:18:", `"revision" is given twice`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(base, c.old, c.new, 1)
			if src == base {
				t.Fatalf("case does not change the config: %q not found", c.old)
			}
			_, err := Load("config/x.json", []byte(src))
			if err == nil {
				t.Fatal("accepted")
			}
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error is not located: %v", err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "config/") {
				t.Errorf("error does not start with the file: %s", msg)
			}
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
		})
	}
}

func TestSeedsLoad(t *testing.T) {
	files, _ := filepath.Glob("../config/*.json")
	n := 0
	for _, f := range files {
		if filepath.Base(f) == "schema.json" {
			continue
		}
		n++
		if _, err := LoadFile(f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if n < 2 {
		t.Fatalf("found %d site configs, want the two seed portals", n)
	}
	sites, errs := LoadDir("../config")
	if len(sites) != n || len(errs) != 0 {
		t.Errorf("LoadDir: %d sites, errors %v", len(sites), errs)
	}
}

func TestLoadDirSkipsBroken(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "good.org.json"), []byte(base), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.org.json"), []byte(`{"name": }`), 0o644)
	sites, errs := LoadDir(dir)
	if len(sites) != 1 || sites[0].ID != "good.org" {
		t.Errorf("sites = %v", sites)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "bad.org.json:1:") {
		t.Errorf("errs = %v", errs)
	}
}

func readFile(name string) (string, error) {
	b, err := os.ReadFile(name)
	return string(b), err
}
