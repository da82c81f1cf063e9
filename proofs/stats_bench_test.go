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
			for _, by := range []string{"day", "source"} {
				b.Run(by, func(b *testing.B) {
					for b.Loop() {
						st, err := s.Stats(context.Background(), StatsQuery{Site: "exemple.fr", From: start, To: start.AddDate(0, 0, 90), By: by})
						if err != nil || st.Total.Choices != 1_000_000 {
							b.Fatalf("%v, %d choices", err, st.Total.Choices)
						}
					}
				})
			}
		})
	}
}
