package admin

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/charte/charte/internal/pgtest"
	"github.com/charte/charte/inventory"
	"github.com/charte/charte/proofs"
	"github.com/charte/charte/server"
)

// BenchmarkSitePage reports the time to first byte of a site's admin
// page over 1,000,000 choices, all in the last 90 days, for the 30- and
// 90-day views (each runs two stats queries and two counts).
//
//	go test ./admin -run '^$' -bench SitePage -benchtime 5x -timeout 30m
func BenchmarkSitePage(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			dsn := filepath.Join(b.TempDir(), "proofs.db")
			if db == "postgres" {
				dsn = pgtest.DSN(b)
			}
			store, err := proofs.Open(dsn)
			if err != nil {
				b.Fatal(err)
			}
			defer store.Close()
			site, err := inventory.LoadFile("../config/exemple.fr.json")
			if err != nil {
				b.Fatal(err)
			}
			if err := seedMillion(store, site); err != nil {
				b.Fatal(err)
			}
			h := New(token, store, func() []*inventory.Site { return []*inventory.Site{site} }, slog.New(slog.NewTextHandler(io.Discard, nil)))
			srv := httptest.NewServer(h)
			defer srv.Close()
			_, ck := (&env{srv: srv}).login(b, token)
			for _, days := range []int{30, 90} {
				b.Run(fmt.Sprintf("%ddays", days), func(b *testing.B) {
					var ttfb []time.Duration
					for b.Loop() {
						var start time.Time
						var first time.Duration
						trace := &httptrace.ClientTrace{GotFirstResponseByte: func() { first = time.Since(start) }}
						req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "GET",
							fmt.Sprintf("%s/admin/s/exemple.fr/?days=%d", srv.URL, days), nil)
						req.AddCookie(&http.Cookie{Name: Cookie, Value: ck.Value})
						start = time.Now()
						res, err := http.DefaultClient.Do(req)
						if err != nil || res.StatusCode != 200 {
							b.Fatalf("%v %v", res, err)
						}
						io.Copy(io.Discard, res.Body)
						res.Body.Close()
						ttfb = append(ttfb, first)
					}
					sort.Slice(ttfb, func(i, j int) bool { return ttfb[i] < ttfb[j] })
					b.ReportMetric(float64(ttfb[len(ttfb)/2].Milliseconds()), "ttfb-median-ms")
				})
			}
		})
	}
}

// seedMillion stores 1,000,000 choices of site over the last 90 days in
// one statement the database runs itself.
func seedMillion(s *proofs.Store, site *inventory.Site) error {
	ctx := context.Background()
	body, hash := server.Shown(site)
	if err := s.PutTexts(ctx, &proofs.Texts{Hash: hash, Site: site.ID, Revision: site.Revision, Body: body}); err != nil {
		return err
	}
	const n = 1_000_000
	start := time.Now().AddDate(0, 0, -90).UnixMilli()
	step := int64(90*24*time.Hour/time.Millisecond) / n
	query := fmt.Sprintf(`WITH RECURSIVE g(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM g WHERE i < %d)
		INSERT INTO proofs (consent_id, site, revision, texts_hash, accepted, refused, source, lang, origin, path, received_at, client_time)
		SELECT 'c' || i, '%s', %d, '%s',
			CASE i %% 3 WHEN 0 THEN 'necessary.statistics.first-party.third-party' WHEN 1 THEN 'necessary' ELSE 'necessary.statistics' END,
			CASE i %% 3 WHEN 0 THEN '' WHEN 1 THEN 'statistics.first-party.third-party' ELSE 'first-party.third-party' END,
			'banner', 'fr', 'https://exemple.fr', '/', %d + i * CAST(%d AS BIGINT), %d + i * CAST(%d AS BIGINT) FROM g`,
		n-1, site.ID, site.Revision, hash, start, step, start, step)
	if _, err := s.DB().ExecContext(ctx, query); err != nil {
		return err
	}
	if err := s.Recount(ctx); err != nil {
		return err
	}
	analyze := "ANALYZE"
	if s.Postgres() {
		analyze = "VACUUM ANALYZE proofs"
	}
	_, err := s.DB().ExecContext(ctx, analyze)
	return err
}
