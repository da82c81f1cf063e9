package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
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

// seedProofs stores three records of exemple.fr (two in January, one in
// March) and one of another site.
func seedProofs(t *testing.T, dsn string) (ids []string) {
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
	for i, c := range []struct {
		site, source, day string
		accepted          []string
	}{
		{"exemple.fr", "banner", "2026-01-10", []string{"necessary"}},
		{"exemple.fr", "preferences", "2026-01-20", []string{"necessary", "statistics"}},
		{"exemple.fr", "api", "2026-03-01", []string{"necessary", "statistics", "first-party", "third-party"}},
		{"other.fr", "banner", "2026-01-15", []string{"necessary"}},
	} {
		at, _ := time.Parse(time.DateOnly, c.day)
		at = at.Add(time.Duration(i) * time.Hour)
		id := strings.Repeat(string(rune('a'+i)), 32)
		ids = append(ids, id)
		var refused []string
		for _, cat := range site.CategoryIDs() {
			if !slices.Contains(c.accepted, cat) {
				refused = append(refused, cat)
			}
		}
		rec := proofs.Record{ConsentID: id, Site: c.site, Revision: 1, TextsHash: hash, Accepted: c.accepted, Refused: refused,
			Source: c.source, Lang: "fr", Origin: "https://exemple.fr", Path: "/p", Received: at, ClientTime: at.Add(-time.Second)}
		if err := s.Add(context.Background(), rec, texts); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

func charte(t *testing.T, args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return out.String(), errb.String(), code
}

func TestProofsCLI(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "proofs.db")
			if db == "postgres" {
				dsn = pgtest.DSN(t)
			}
			ids := seedProofs(t, dsn)

			out, errs, code := charte(t, "proofs", "list", "-site", "exemple.fr", "-db", dsn)
			if code != 0 || strings.Count(out, "https://exemple.fr/p") != 3 || !strings.HasSuffix(out, "3 record(s)\n") ||
				strings.Index(out, ids[0]) > strings.Index(out, ids[2]) {
				t.Errorf("list: %d %s\n%s", code, errs, out)
			}
			out, _, _ = charte(t, "proofs", "list", "-site", "exemple.fr", "-since", "2026-01-15", "-db", dsn)
			if strings.Contains(out, ids[0]) || !strings.Contains(out, ids[1]) || !strings.HasSuffix(out, "2 record(s)\n") {
				t.Errorf("list -since:\n%s", out)
			}
			out, _, _ = charte(t, "proofs", "list", "-site", "exemple.fr", "-id", ids[2], "-db", dsn)
			if !strings.Contains(out, ids[2]) || !strings.HasSuffix(out, "1 record(s)\n") {
				t.Errorf("list -id:\n%s", out)
			}

			out, errs, code = charte(t, "proofs", "show", ids[1], "-db", dsn)
			for _, want := range []string{
				"consent id   " + ids[1], "accepted necessary, statistics; refused first-party, third-party",
				"in the preferences dialog", "the stored texts match this hash",
				"statistics   accepted", "third-party  refused", "Exemple de portail", "acceptAll: Tout accepter",
			} {
				if code != 0 || !strings.Contains(out, want) {
					t.Errorf("show: no %q (%d %s)\n%s", want, code, errs, out)
				}
			}
			if _, errs, code = charte(t, "proofs", "show", strings.Repeat("f", 32), "-db", dsn); code != 1 || !strings.Contains(errs, "no record") {
				t.Errorf("show of an unknown id: %d %s", code, errs)
			}

			out, errs, code = charte(t, "proofs", "export", "-site", "exemple.fr", "-format", "csv", "-from", "2026-01-15", "-to", "2026-02-01", "-db", dsn)
			rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if code != 0 || err != nil || len(rows) != 2 || rows[0][0] != "consent_id" || rows[1][0] != ids[1] || rows[1][6] != "preferences" || rows[1][4] != "necessary statistics" {
				t.Errorf("export csv: %d %s %v\n%s", code, errs, err, out)
			}
			out, _, code = charte(t, "proofs", "export", "-site", "exemple.fr", "-format", "ndjson", "-db", dsn)
			lines := strings.Split(strings.TrimSpace(out), "\n")
			var first struct {
				ConsentID, Source, TextsSha256, ReceivedAt string
				Accepted                                   []string
			}
			if code != 0 || len(lines) != 3 || json.Unmarshal([]byte(lines[0]), &first) != nil || first.ConsentID != ids[0] ||
				first.Source != "banner" || len(first.TextsSha256) != 64 || !strings.HasPrefix(first.ReceivedAt, "2026-01-10T00:00:00") {
				t.Errorf("export ndjson: %d %+v\n%s", code, first, out)
			}
		})
	}
}

// Usage errors say what to give; a missing SQLite file is not created.
func TestProofsCLIErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.db")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"proofs", "list"}, 2, "give -site"},
		{[]string{"proofs", "export", "-site", "x", "-format", "xml"}, 2, "-format csv or -format ndjson"},
		{[]string{"proofs", "list", "-site", "x", "-since", "yesterday"}, 2, "want a date"},
		{[]string{"proofs", "show"}, 2, "give one consent id"},
		{[]string{"proofs", "list", "-site", "x", "-db", missing}, 1, "no proof database at"},
		{[]string{"proofs", "drop"}, 2, "unknown command"},
	} {
		_, errs, code := charte(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: %d %q, want %d with %q", c.args, code, errs, c.code, c.want)
		}
	}
	if _, err := filepath.Glob(missing); err != nil {
		t.Fatal(err)
	}
	if m, _ := filepath.Glob(missing + "*"); len(m) > 0 {
		t.Errorf("a missing database was created: %v", m)
	}
}
