package policy

import (
	"os"
	"strings"
	"testing"

	"github.com/charte/charte/inventory"
)

// Lines splits a text into its paragraphs and table rows, whitespace
// normalized; a row's cells are joined by " | ".
func Lines(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		cells := strings.Split(line, "\t")
		for i, c := range cells {
			cells[i] = strings.Join(strings.Fields(c), " ")
		}
		if l := strings.Join(cells, " | "); strings.Trim(l, " |") != "" {
			out = append(out, l)
		}
	}
	return out
}

// The seed portals' chartes match the published documents line by line.
func TestSeedsReproduced(t *testing.T) {
	for _, id := range []string{"data.tco.re", "herault-data.fr"} {
		t.Run(id, func(t *testing.T) {
			s, err := inventory.LoadFile("../config/" + id + ".json")
			if err != nil {
				t.Fatal(err)
			}
			seed, err := os.ReadFile("testdata/seeds/" + id + ".txt")
			if err != nil {
				t.Fatal(err)
			}
			want, got := Lines(string(seed)), Lines(Build(s, "fr").PlainText())
			for i := 0; i < max(len(want), len(got)); i++ {
				var w, g string
				if i < len(want) {
					w = want[i]
				}
				if i < len(got) {
					g = got[i]
				}
				if w != g {
					t.Errorf("line %d\n seed: %q\n got:  %q", i+1, w, g)
				}
			}
			if len(want) < 15 {
				t.Fatalf("seed has only %d lines", len(want))
			}
		})
	}
}

func TestEnglish(t *testing.T) {
	s, err := inventory.LoadFile("../config/data.tco.re.json")
	if err != nil {
		t.Fatal(err)
	}
	fr, en := Build(s, "fr"), Build(s, "en")
	if len(fr.Blocks) != len(en.Blocks) || en.Lang != "en" {
		t.Fatalf("English has %d blocks, French %d", len(en.Blocks), len(fr.Blocks))
	}
	txt := en.PlainText()
	for _, w := range []string{"Cookie policy", "What is a cookie?", "<https://data.tco.re>", "Provider\tService and location\tCookie names\tPurposes", "Remember the visitor's language"} {
		if !strings.Contains(txt, w) {
			t.Errorf("English charte lacks %q", w)
		}
	}
	if strings.Contains(txt, "Charte cookies") {
		t.Error("English charte has French title")
	}
}

// Categories without cookies get no table; a duration and a pattern show.
func TestRows(t *testing.T) {
	s, err := inventory.Load("config/x.org.json", []byte(`{"name":"x","url":"https://x.org","cookies":[
	 {"provider":"Matomo","service":{"fr":"Mesure","en":"Analytics"},"names":["_pk_ses"],"pattern":"_pk_id.*",
	  "purpose":{"fr":"Statistiques","en":"Statistics"},"duration":{"fr":"13 mois","en":"13 months"},"category":"statistics"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	d := Build(s, "fr")
	var tables []Block
	for _, b := range d.Blocks {
		if b.Kind == Table {
			tables = append(tables, b)
		}
	}
	if len(tables) != 1 || tables[0].Category != "statistics" {
		t.Fatalf("tables: %+v", tables)
	}
	if got := strings.Join(tables[0].Rows[0], "|"); got != "Matomo|Mesure|_pk_ses, _pk_id.*|Statistiques (durée : 13 mois)" {
		t.Errorf("row = %q", got)
	}
}
