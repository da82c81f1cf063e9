package server

import (
	"html"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/charte/charte/inventory"
)

var (
	blockEnd = regexp.MustCompile(`(?i)</(p|h[1-6]|tr|li|caption|nav|div)>|<br\s*/?>`)
	cellEnd  = regexp.MustCompile(`(?i)</t[hd]>`)
	anyTag   = regexp.MustCompile(`<[^>]*>`)
	headPart = regexp.MustCompile(`(?is)<head>.*</head>`)
	link     = regexp.MustCompile(`(?i)<a [^>]*href="([^"]*)"[^>]*>[^<]*</a>`)
	space    = regexp.MustCompile(`\s+`)
)

// textLines reads an HTML page as a reader without CSS or JavaScript would:
// a line per paragraph, heading and table row, cells joined by " | ", and
// links as <URL> as the seeds write them.
func textLines(page string) []string {
	s := space.ReplaceAllString(headPart.ReplaceAllString(page, ""), " ")
	s = link.ReplaceAllString(s, "&lt;$1&gt;")
	s = blockEnd.ReplaceAllString(s, "\n")
	s = cellEnd.ReplaceAllString(s, "\t")
	s = html.UnescapeString(anyTag.ReplaceAllString(s, ""))
	var out []string
	for _, line := range strings.Split(s, "\n") {
		cells := strings.Split(strings.TrimRight(line, "\t \r"), "\t")
		for i, c := range cells {
			cells[i] = strings.Join(strings.Fields(c), " ")
		}
		if l := strings.Join(cells, " | "); strings.Trim(l, " |") != "" {
			out = append(out, l)
		}
	}
	return out
}

func seedLines(t *testing.T, id string) []string {
	b, err := os.ReadFile("../policy/testdata/seeds/" + id + ".txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
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

// The French policy page of each seed portal, as served before any script
// runs, holds every paragraph and table row of its seed, in order.
func TestPolicyPageHoldsSeed(t *testing.T) {
	for _, id := range []string{"data.tco.re", "herault-data.fr"} {
		t.Run(id, func(t *testing.T) {
			s, err := inventory.LoadFile("../config/" + id + ".json")
			if err != nil {
				t.Fatal(err)
			}
			page := textLines(string(policyPage(s, "fr")))
			seed := seedLines(t, id)
			if len(seed) < 15 {
				t.Fatalf("seed has %d lines", len(seed))
			}
			i := 0
			for _, want := range seed {
				for i < len(page) && page[i] != want {
					i++
				}
				if i == len(page) {
					t.Fatalf("the page lacks, or has out of order:\n %q\npage text:\n%s", want, strings.Join(page, "\n"))
				}
			}
		})
	}
}

// English lives at /s/<site>/en/; both pages name each other, and the
// French page stays French.
func TestPolicyPageLanguages(t *testing.T) {
	s, err := inventory.LoadFile("../config/herault-data.fr.json")
	if err != nil {
		t.Fatal(err)
	}
	fr, en := string(policyPage(s, "fr")), string(policyPage(s, "en"))
	for _, c := range []struct{ page, want string }{
		{fr, `<html lang="fr">`}, {fr, `hreflang="en" href="./en/"`}, {fr, `<script src="embed.js">`},
		{fr, `register("sw.js")`}, {fr, `href="manifest.webmanifest"`}, {fr, "Gérer mes choix de cookies"},
		{en, `<html lang="en">`}, {en, `hreflang="fr" href="../"`}, {en, `<script src="../embed.js">`},
		{en, `register("../sw.js")`}, {en, `href="../manifest.webmanifest"`}, {en, "Manage my cookie choices"},
	} {
		if !strings.Contains(c.page, c.want) {
			t.Errorf("page lacks %s", c.want)
		}
	}
	if strings.Contains(fr, "://") && regexp.MustCompile(`(src|href)="https?://`).MatchString(headPart.FindString(fr)) {
		t.Error("the page's head loads something by absolute URL")
	}
}
