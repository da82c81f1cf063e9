package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charte/charte/internal/pgtest"
	"github.com/charte/charte/inventory"
	"github.com/charte/charte/proofs"
	"github.com/charte/charte/server"
)

// seedChoices stores, for exemple.fr, on 2026-02-02: 3 choices accepting
// all, 2 refusing all, 2 accepting statistics only; on 2026-02-03 two
// more accepting all; and one on 2026-02-04, after the window.
func seedChoices(t *testing.T, dsn string) {
	site, err := inventory.LoadFile("../../config/exemple.fr.json")
	if err != nil {
		t.Fatal(err)
	}
	body, hash := server.Shown(site)
	texts := &proofs.Texts{Hash: hash, Site: site.ID, Revision: 1, Body: body}
	s, err := proofs.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	all := site.CategoryIDs()
	none := []string{"necessary"}
	stats := []string{"necessary", "statistics"}
	for i, c := range []struct {
		day      string
		accepted []string
		source   string
	}{
		{"2026-02-02", all, "banner"}, {"2026-02-02", all, "banner"}, {"2026-02-02", all, "api"},
		{"2026-02-02", none, "banner"}, {"2026-02-02", none, "placeholder"},
		{"2026-02-02", stats, "preferences"}, {"2026-02-02", stats, "preferences"},
		{"2026-02-03", all, "banner"}, {"2026-02-03", all, "banner"},
		{"2026-02-04", none, "banner"},
	} {
		at, _ := time.Parse(time.DateOnly, c.day)
		at = at.Add(time.Duration(i) * time.Minute)
		var refused []string
		for _, cat := range all {
			if !slices.Contains(c.accepted, cat) {
				refused = append(refused, cat)
			}
		}
		rec := proofs.Record{ConsentID: fmt.Sprintf("%032x", i), Site: site.ID, Revision: 1, TextsHash: hash, Accepted: c.accepted, Refused: refused,
			Source: c.source, Lang: "fr", Origin: "https://exemple.fr", Path: "/", Received: at, ClientTime: at}
		if err := s.Add(context.Background(), rec, texts); err != nil {
			t.Fatal(err)
		}
	}
}

func TestProofsStatsCLI(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "proofs.db")
			if db == "postgres" {
				dsn = pgtest.DSN(t)
			}
			seedChoices(t, dsn)
			window := []string{"-db", dsn, "-site", "exemple.fr", "-from", "2026-02-01", "-to", "2026-02-04"}

			out, errs, code := charte(t, append([]string{"proofs", "stats", "-format", "csv"}, window...)...)
			if code != 0 {
				t.Fatalf("csv: %d %s", code, errs)
			}
			lines, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			want := [][]string{
				{"day", "choices", "accepted_all", "refused_all", "customised", "statistics_offered", "statistics_accepted",
					"first-party_offered", "first-party_accepted", "third-party_offered", "third-party_accepted"},
				{"2026-02-02", "7", "3", "2", "2", "7", "5", "7", "3", "7", "3"},
				{"2026-02-03", "< 5", "< 5", "< 5", "< 5", "< 5", "< 5", "< 5", "< 5", "< 5", "< 5"},
				{"total", "9", "5", "2", "2", "9", "7", "9", "5", "9", "5"},
			}
			if fmt.Sprint(lines) != fmt.Sprint(want) {
				t.Errorf("csv:\n got %v\nwant %v", lines, want)
			}

			out, errs, code = charte(t, append([]string{"proofs", "stats", "-by", "source"}, window...)...)
			if code != 0 || !strings.Contains(out, "exemple.fr, 2026-02-01T00:00:00Z to 2026-02-04T00:00:00Z") {
				t.Fatalf("table: %d %s\n%s", code, errs, out)
			}
			// 5 by banner (4 all, 1 none): 80% accepted all; the other sources are under 5.
			var banner string
			for _, l := range strings.Split(out, "\n") {
				if strings.HasPrefix(strings.TrimSpace(l), "banner ") {
					banner = strings.Join(strings.Fields(l), " ")
				}
			}
			if banner != "banner 5 80.0% 20.0% 0.0% 80.0% 80.0% 80.0%" || strings.Count(out, "< 5") < 3 {
				t.Errorf("table by source:\n%s", out)
			}

			out, errs, code = charte(t, append([]string{"proofs", "stats", "-by", "week", "-format", "json"}, window...)...)
			var st struct {
				Site, By string
				Rows     []proofs.StatsRow
				Total    proofs.StatsRow
			}
			if code != 0 || json.Unmarshal([]byte(out), &st) != nil || st.Site != "exemple.fr" || st.By != "week" || len(st.Rows) != 1 ||
				st.Rows[0].Key != "2026-02-02" || st.Rows[0].Choices != 9 || st.Total.Categories[0].Accepted != 7 {
				t.Errorf("json: %d %s\n%s", code, errs, out)
			}

			for _, bad := range [][]string{{"-by", "hour"}, {"-format", "xml"}, {"-from", "2026-03-01", "-to", "2026-02-01"}} {
				if _, errs, code := charte(t, append([]string{"proofs", "stats", "-db", dsn, "-site", "exemple.fr"}, bad...)...); code != 2 || errs == "" {
					t.Errorf("%v: exit %d, %q", bad, code, errs)
				}
			}
			if _, errs, code := charte(t, "proofs", "stats", "-db", dsn); code != 2 || !strings.Contains(errs, "-site") {
				t.Errorf("no site: exit %d, %q", code, errs)
			}
		})
	}
}
