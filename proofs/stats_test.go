package proofs

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"
)

type cat struct {
	id       string
	required bool
}

// statsTexts are texts as serve stores them, for a revision's categories.
func statsTexts(site string, rev int, cats []cat) *Texts {
	type c struct {
		ID       string `json:"id"`
		Required bool   `json:"required,omitempty"`
	}
	var cs []c
	for _, x := range cats {
		cs = append(cs, c{x.id, x.required})
	}
	body, _ := json.Marshal(map[string]any{"site": site, "revision": rev, "inventory": map[string]any{"id": site, "categories": cs}})
	return &Texts{Hash: hashOf(body), Site: site, Revision: rev, Body: body}
}

var statsRevisions = map[int][]cat{
	1: {{"necessary", true}, {"statistics", false}, {"first-party", false}, {"third-party", false}},
	2: {{"necessary", true}, {"statistics", false}, {"video", false}},
}

// seed stores n random choices of exemple.fr between start and start+days,
// and noise the stats must not count, and returns the counted records.
func seed(t testing.TB, s *Store, start time.Time, days, n int) []Record {
	rng := rand.New(rand.NewPCG(7, 23))
	texts := map[int]*Texts{}
	for rev, cats := range statsRevisions {
		texts[rev] = statsTexts("exemple.fr", rev, cats)
	}
	other := statsTexts("autre.fr", 1, statsRevisions[1])
	var recs []Record
	var all []struct {
		r Record
		t *Texts
	}
	for i := range n {
		rev := 1 + rng.IntN(2)
		r := Record{ConsentID: fmt.Sprintf("c%08d", i), Site: "exemple.fr", Revision: rev, TextsHash: texts[rev].Hash,
			Accepted: []string{}, Refused: []string{}, Source: []string{"banner", "banner", "preferences", "placeholder", "api"}[rng.IntN(5)],
			Lang: []string{"fr", "fr", "en"}[rng.IntN(3)], Origin: "https://exemple.fr", Path: "/",
			Received: start.Add(time.Duration(rng.Int64N(int64(days) * int64(24*time.Hour)))).Truncate(time.Millisecond)}
		mode := rng.IntN(3) // all, none, a random mix
		for _, c := range statsRevisions[rev] {
			if c.required || mode == 0 || mode == 2 && rng.IntN(2) == 0 {
				r.Accepted = append(r.Accepted, c.id)
			} else {
				r.Refused = append(r.Refused, c.id)
			}
		}
		r.ClientTime = r.Received
		recs = append(recs, r)
		all = append(all, struct {
			r Record
			t *Texts
		}{r, texts[rev]})
	}
	// A language of three choices only: a small cell.
	for i := range 3 {
		r := recs[i]
		r.ConsentID, r.Lang = fmt.Sprintf("de%d", i), "de"
		recs = append(recs, r)
		all = append(all, struct {
			r Record
			t *Texts
		}{r, texts[r.Revision]})
	}
	// Another site's choices, and ours outside the window.
	for i := range 20 {
		r := recs[i]
		r.ConsentID, r.Site, r.TextsHash = fmt.Sprintf("o%d", i), "autre.fr", other.Hash
		all = append(all, struct {
			r Record
			t *Texts
		}{r, other})
		r = recs[i]
		r.ConsentID = fmt.Sprintf("late%d", i)
		r.Received = start.AddDate(0, 0, days).Add(time.Duration(i) * time.Hour)
		all = append(all, struct {
			r Record
			t *Texts
		}{r, texts[r.Revision]})
		r.ConsentID = fmt.Sprintf("early%d", i)
		r.Received = start.Add(-time.Duration(i+1) * time.Millisecond)
		all = append(all, struct {
			r Record
			t *Texts
		}{r, texts[r.Revision]})
	}
	// Concurrent adds share transactions.
	ctx := context.Background()
	var wg sync.WaitGroup
	work := make(chan int)
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				if err := s.Add(ctx, all[i].r, all[i].t); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	for i := range all {
		work <- i
	}
	close(work)
	wg.Wait()
	return recs
}

// expected counts the records as Stats should, in Go.
func expected(recs []Record, by string) map[string]StatsRow {
	out := map[string]StatsRow{}
	for _, r := range recs {
		var k string
		switch by {
		case "day":
			k = r.Received.UTC().Format(time.DateOnly)
		case "week":
			d := r.Received.UTC()
			wd := (int(d.Weekday()) + 6) % 7 // days since Monday
			k = time.Date(d.Year(), d.Month(), d.Day()-wd, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		case "revision":
			k = fmt.Sprint(r.Revision)
		case "language":
			k = r.Lang
		case "source":
			k = r.Source
		}
		row := out[k]
		row.Key = k
		row.Choices++
		optionalAccepted := 0
		for _, c := range statsRevisions[r.Revision] {
			if !c.required && slices.Contains(r.Accepted, c.id) {
				optionalAccepted++
			}
		}
		switch {
		case len(r.Refused) == 0:
			row.AcceptedAll++
		case optionalAccepted == 0:
			row.RefusedAll++
		default:
			row.Customised++
		}
		if row.Categories == nil {
			for _, id := range []string{"statistics", "first-party", "third-party", "video"} {
				row.Categories = append(row.Categories, CategoryRate{ID: id})
			}
		}
		for i := range row.Categories {
			c := &row.Categories[i]
			if slices.Contains(r.Accepted, c.ID) {
				c.Offered++
				c.Accepted++
			} else if slices.Contains(r.Refused, c.ID) {
				c.Offered++
			}
		}
		out[k] = row
	}
	for k, row := range out {
		if row.Choices < MinCell {
			row = StatsRow{Key: k, Small: true}
			for _, id := range []string{"statistics", "first-party", "third-party", "video"} {
				row.Categories = append(row.Categories, CategoryRate{ID: id, Small: true})
			}
		}
		for i, c := range row.Categories {
			if c.Offered < MinCell {
				row.Categories[i] = CategoryRate{ID: c.ID, Small: true}
			}
		}
		out[k] = row
	}
	return out
}

// Stats counts, in the database, what the same records counted in Go give,
// for every grouping; a group of fewer than 5 shows no count.
func TestStats(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		start := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC) // a Wednesday: the first week is partial
		recs := seed(t, s, start, 30, 600)
		ctx := context.Background()
		for _, by := range Groupings {
			st, err := s.Stats(ctx, StatsQuery{Site: "exemple.fr", From: start, To: start.AddDate(0, 0, 30), By: by})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(st.Categories, []string{"statistics", "first-party", "third-party", "video"}) {
				t.Fatalf("categories: %v", st.Categories)
			}
			want := expected(recs, by)
			var keys []string
			for k := range want {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var got []string
			for _, r := range st.Rows {
				got = append(got, r.Key)
				w, _ := json.Marshal(want[r.Key])
				g, _ := json.Marshal(r)
				if string(w) != string(g) {
					t.Errorf("by %s, %s:\n got %s\nwant %s", by, r.Key, g, w)
				}
			}
			if !slices.Equal(got, keys) {
				t.Errorf("by %s: keys %v, want %v", by, got, keys)
			}
			if st.Total.Choices != len(recs) || st.Total.AcceptedAll+st.Total.RefusedAll+st.Total.Customised != len(recs) {
				t.Errorf("by %s: total %+v, want %d choices", by, st.Total, len(recs))
			}
			if by == "language" {
				if de := want["de"]; !de.Small {
					t.Errorf("3 choices in German are not withheld: %+v", de)
				}
			}
		}
		// One scan for every grouping gives what one scan each gives.
		q := StatsQuery{Site: "exemple.fr", From: start, To: start.AddDate(0, 0, 30)}
		several, err := s.StatsBy(ctx, q, Groupings...)
		if err != nil || len(several) != len(Groupings) {
			t.Fatalf("StatsBy: %v", err)
		}
		for i, by := range Groupings {
			q.By = by
			one, _ := s.Stats(ctx, q)
			a, _ := json.Marshal(one)
			b, _ := json.Marshal(several[i])
			if string(a) != string(b) || several[i].Query.By != by {
				t.Errorf("StatsBy, %s:\n got %s\nwant %s", by, b, a)
			}
		}
		if _, err := s.Stats(ctx, StatsQuery{Site: "exemple.fr", From: start, To: start, By: "hour"}); err == nil {
			t.Error("stats by hour: no error")
		}
		st, err := s.Stats(ctx, StatsQuery{Site: "nowhere", From: start, To: start.AddDate(0, 0, 30), By: "day"})
		if err != nil || len(st.Rows) != 0 || !st.Total.Small {
			t.Errorf("unknown site: %+v, %v", st, err)
		}
	})
}

// The counts kept by day give, for any window, what the records give:
// a window that starts and ends inside a day, a retried post, a purge
// that ends inside a day, and a database whose records came before the
// counts did (the migration counts them).
func TestStatsDaily(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		start := time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)
		recs := seed(t, s, start, 30, 600)
		ctx := context.Background()
		check := func(what string, recs []Record, from, to time.Time) {
			t.Helper()
			var in []Record
			for _, r := range recs {
				if !r.Received.Before(from) && r.Received.Before(to) {
					in = append(in, r)
				}
			}
			for _, by := range []string{"day", "week", "source"} {
				st, err := s.Stats(ctx, StatsQuery{Site: "exemple.fr", From: from, To: to, By: by})
				if err != nil {
					t.Fatal(err)
				}
				want := expected(in, by)
				if len(st.Rows) != len(want) {
					t.Errorf("%s, by %s: %d rows, want %d", what, by, len(st.Rows), len(want))
				}
				for _, r := range st.Rows {
					w, _ := json.Marshal(want[r.Key])
					g, _ := json.Marshal(r)
					if string(w) != string(g) {
						t.Errorf("%s, by %s, %s:\n got %s\nwant %s", what, by, r.Key, g, w)
					}
				}
				if st.Total.Choices != len(in) {
					t.Errorf("%s, by %s: %d choices, want %d", what, by, st.Total.Choices, len(in))
				}
			}
		}
		whole := func(what string, recs []Record) {
			t.Helper()
			check(what, recs, start, start.AddDate(0, 0, 30))
			check(what+", inside days", recs, start.Add(5*24*time.Hour+7*time.Hour), start.Add(20*24*time.Hour+13*time.Hour+17*time.Millisecond))
			check(what+", inside one day", recs, start.Add(3*24*time.Hour+time.Hour), start.Add(3*24*time.Hour+23*time.Hour))
		}
		whole("seeded", recs)

		// A post retried with the same consent id is one choice.
		texts := statsTexts("exemple.fr", recs[0].Revision, statsRevisions[recs[0].Revision])
		if err := s.Add(ctx, recs[0], texts); err != nil {
			t.Fatal(err)
		}
		whole("retried", recs)

		cutoff := start.Add(10*24*time.Hour + 3*time.Hour)
		if _, err := s.Purge(ctx, "exemple.fr", cutoff); err != nil {
			t.Fatal(err)
		}
		var left []Record
		for _, r := range recs {
			if !r.Received.Before(cutoff) {
				left = append(left, r)
			}
		}
		if len(left) == len(recs) || len(left) == 0 {
			t.Fatalf("purge kept %d of %d: the test needs some of each", len(left), len(recs))
		}
		whole("purged", left)

		// Records from before the counts: the migration counts them.
		if _, err := s.db.ExecContext(ctx, `DROP TABLE proofs_daily`); err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.ExecContext(ctx, `DELETE FROM schema_migrations WHERE version = 3`); err != nil {
			t.Fatal(err)
		}
		if err := s.runMigrations(ctx); err != nil {
			t.Fatal(err)
		}
		whole("migrated", left)
	})
}
