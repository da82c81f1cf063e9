package proofs

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/charte/charte/internal/pgtest"
)

// BenchmarkStats counts 1,000,000 choices of one site, all in a 90-day
// window, by day and by source: the time charte proofs stats takes in
// the database.
//
//	go test ./proofs -run '^$' -bench Stats -benchtime 5x -timeout 30m
func BenchmarkStats(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			dsn := filepath.Join(b.TempDir(), "proofs.db")
			if db == "postgres" {
				dsn = pgtest.DSN(b)
			}
			s, err := Open(dsn)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			if err := SeedMillion(s, start); err != nil {
				b.Fatal(err)
			}
			// The whole 90 days, then a window that starts and ends at
			// noon, as "the last 89 days" asked at noon would: its two
			// half days are counted from the records.
			step := int64(90*24*time.Hour/time.Millisecond) / 1_000_000
			from, to := int64(12*time.Hour/time.Millisecond), int64((89*24+12)*time.Hour/time.Millisecond)
			noon := int((to+step-1)/step - (from+step-1)/step)
			for _, w := range []struct {
				name     string
				from, to time.Time
				choices  int
			}{
				{"", start, start.AddDate(0, 0, 90), 1_000_000},
				{"noon-", start.Add(12 * time.Hour), start.Add((89*24 + 12) * time.Hour), noon},
			} {
				for _, by := range []string{"day", "source"} {
					b.Run(w.name+by, func(b *testing.B) {
						for b.Loop() {
							st, err := s.Stats(context.Background(), StatsQuery{Site: "exemple.fr", From: w.from, To: w.to, By: by})
							if err != nil || st.Total.Choices != w.choices {
								b.Fatalf("%v, %d choices, want %d", err, st.Total.Choices, w.choices)
							}
						}
					})
				}
			}
		})
	}
}
