package proofs

import (
	"context"
	"fmt"
	"time"
)

// SeedMillion stores 1,000,000 choices of exemple.fr spread over the 90
// days from start, in one statement the database runs itself (a Go loop
// of inserts would take minutes on PostgreSQL), then refreshes the
// planner's statistics as a database that lived would have them.
func SeedMillion(s *Store, start time.Time) error {
	ctx := context.Background()
	t := statsTexts("exemple.fr", 1, statsRevisions[1])
	if err := s.PutTexts(ctx, t); err != nil {
		return err
	}
	const n = 1_000_000
	step := int64(90*24*time.Hour/time.Millisecond) / n
	query := fmt.Sprintf(`WITH RECURSIVE g(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM g WHERE i < %d)
		INSERT INTO proofs (consent_id, site, revision, texts_hash, accepted, refused, source, lang, origin, path, received_at, client_time)
		SELECT 'c' || i, 'exemple.fr', 1, '%s',
			CASE i %% 3 WHEN 0 THEN 'necessary.statistics.first-party.third-party' WHEN 1 THEN 'necessary' ELSE 'necessary.statistics' END,
			CASE i %% 3 WHEN 0 THEN '' WHEN 1 THEN 'statistics.first-party.third-party' ELSE 'first-party.third-party' END,
			CASE i %% 5 WHEN 0 THEN 'preferences' WHEN 1 THEN 'placeholder' WHEN 2 THEN 'api' ELSE 'banner' END,
			CASE i %% 4 WHEN 0 THEN 'en' ELSE 'fr' END,
			'https://exemple.fr', '/', %d + i * CAST(%d AS BIGINT), %d + i * CAST(%d AS BIGINT) FROM g`,
		n-1, t.Hash, start.UnixMilli(), step, start.UnixMilli(), step)
	if _, err := s.db.ExecContext(ctx, query); err != nil {
		return err
	}
	if err := s.Recount(ctx); err != nil {
		return err
	}
	analyze := "ANALYZE"
	if s.pg {
		analyze = "VACUUM ANALYZE proofs" // sets the visibility map: the index alone answers
	}
	_, err := s.db.ExecContext(ctx, analyze)
	return err
}
