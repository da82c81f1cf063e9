package proofs

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/charte/charte/internal/pgtest"
	"github.com/charte/charte/inventory"
)

// eachStore runs f against a real SQLite file and a real PostgreSQL.
func eachStore(t *testing.T, f func(t *testing.T, s *Store)) {
	t.Run("sqlite", func(t *testing.T) {
		s, err := Open(filepath.Join(t.TempDir(), "proofs.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		f(t, s)
	})
	t.Run("postgres", func(t *testing.T) {
		s, err := Open(pgtest.DSN(t))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		f(t, s)
	})
}

func record(id string, received time.Time) Record {
	return Record{
		ConsentID: id, Site: "exemple.fr", Revision: 1, TextsHash: "h1",
		Accepted: []string{"necessary"}, Refused: []string{"statistics"}, Source: "banner", Lang: "fr",
		Origin: "https://exemple.fr", Path: "/a", Received: received, ClientTime: received.Add(-time.Second),
	}
}

// Migrations run once, whoever opens the database, and a record reads
// back as written.
func TestStoreRoundTrip(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		texts := &Texts{Hash: "h1", Site: "exemple.fr", Revision: 1, Body: []byte(`{"texts":1}`)}
		now := time.Now().UTC().Truncate(time.Millisecond)
		if err := s.Add(ctx, record("aa", now), texts); err != nil {
			t.Fatal(err)
		}
		// The same consent id again keeps the first record.
		dup := record("aa", now.Add(time.Hour))
		dup.Source = "api"
		if err := s.Add(ctx, dup, texts); err != nil {
			t.Fatal(err)
		}
		var got []Record
		s.List(ctx, Filter{Site: "exemple.fr"}, func(r Record) error { got = append(got, r); return nil })
		if len(got) != 1 || got[0].Source != "banner" || !got[0].Received.Equal(now) || got[0].Path != "/a" ||
			len(got[0].Accepted) != 1 || got[0].Refused[0] != "statistics" || !got[0].ClientTime.Equal(now.Add(-time.Second)) {
			t.Errorf("records: %+v", got)
		}
		tx, err := s.TextsByHash(ctx, "h1")
		if err != nil || string(tx.Body) != `{"texts":1}` || tx.Revision != 1 {
			t.Errorf("texts: %+v %v", tx, err)
		}
		var n int
		s.DB().QueryRow("SELECT count(*) FROM schema_migrations").Scan(&n)
		if n != len(migrations)-1 {
			t.Errorf("%d migrations recorded, want %d", n, len(migrations)-1)
		}
		if err := s.runMigrations(ctx); err != nil {
			t.Errorf("migrations again: %v", err)
		}

		// Retention: what was received before the cutoff goes.
		if err := s.Add(ctx, record("old", now.AddDate(0, 0, -800)), texts); err != nil {
			t.Fatal(err)
		}
		gone, err := s.Purge(ctx, "exemple.fr", now.AddDate(0, 0, -730))
		if err != nil || gone != 1 {
			t.Errorf("purge: %d, %v", gone, err)
		}
		got = nil
		s.List(ctx, Filter{}, func(r Record) error { got = append(got, r); return nil })
		if len(got) != 1 || got[0].ConsentID != "aa" {
			t.Errorf("after purge: %+v", got)
		}
	})
}

// A database that cannot be reached is an error, not a hang or a panic.
func TestStoreUnreachable(t *testing.T) {
	for name, dsn := range map[string]string{
		"sqlite":   filepath.Join(t.TempDir(), "missing", "dir", "proofs.db"),
		"postgres": "postgres://charte@127.0.0.1:1/none?sslmode=disable&connect_timeout=2",
	} {
		s, err := Open(dsn)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if err := s.Add(ctx, record("aa", time.Now()), &Texts{Hash: "h1"}); err == nil {
			t.Errorf("%s: a record was taken by an unreachable database", name)
		}
		cancel()
		s.Close()
	}
}

// Retain deletes each site's records older than its proofRetentionDays
// as it starts, then once per period.
func TestRetain(t *testing.T) {
	eachStore(t, func(t *testing.T, s *Store) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		texts := &Texts{Hash: "h1", Site: "exemple.fr", Revision: 1, Body: []byte(`{}`)}
		now := time.Now()
		for id, age := range map[string]int{"d10": 10, "d40": 40, "d800": 800} {
			if err := s.Add(ctx, record(id, now.AddDate(0, 0, -age)), texts); err != nil {
				t.Fatal(err)
			}
		}
		site := testSite(t, 1).Site
		site.ProofRetentionDays = 30
		done := make(chan struct{})
		go func() {
			Retain(ctx, s, func() []*inventory.Site { return []*inventory.Site{site} }, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Hour)
			close(done)
		}()
		deadline := time.Now().Add(20 * time.Second)
		for count(t, s) != 1 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		var left []string
		s.List(ctx, Filter{}, func(r Record) error { left = append(left, r.ConsentID); return nil })
		if len(left) != 1 || left[0] != "d10" {
			t.Errorf("left after retention of 30 days: %v", left)
		}
		cancel()
		<-done
	})
}
