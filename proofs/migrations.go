package proofs

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// migrations are the schema's versions, in order; a database records the
// ones it ran in schema_migrations. Never edit one that shipped: add the
// next. {{id}} is the dialect's auto-increment key.
var migrations = []string{
	1: `CREATE TABLE texts (
		hash      TEXT PRIMARY KEY,
		site      TEXT NOT NULL,
		revision  INTEGER NOT NULL,
		body      TEXT NOT NULL,
		stored_at BIGINT NOT NULL
	);
	CREATE INDEX texts_site_revision ON texts (site, revision);
	CREATE TABLE proofs (
		id          {{id}},
		consent_id  TEXT NOT NULL UNIQUE,
		site        TEXT NOT NULL,
		revision    INTEGER NOT NULL,
		texts_hash  TEXT NOT NULL REFERENCES texts (hash),
		accepted    TEXT NOT NULL,
		refused     TEXT NOT NULL,
		source      TEXT NOT NULL,
		lang        TEXT NOT NULL,
		origin      TEXT NOT NULL,
		path        TEXT NOT NULL,
		received_at BIGINT NOT NULL,
		client_time BIGINT NOT NULL
	);
	CREATE INDEX proofs_site_received ON proofs (site, received_at)`,
	// Stats read only these columns of a site's window: the index covers
	// them, so a count never visits the table's rows.
	2: `CREATE INDEX proofs_stats ON proofs (site, received_at, revision, lang, source, accepted, refused)`,
	// The choices of each UTC day counted by what stats group and count
	// by: a window's whole days are read from here, a few rows a day
	// however many visitors came. Store.commit and Store.Purge keep it
	// equal to the records, in their transactions.
	3: `CREATE TABLE proofs_daily (
		site     TEXT NOT NULL,
		day      BIGINT NOT NULL,
		revision INTEGER NOT NULL,
		lang     TEXT NOT NULL,
		source   TEXT NOT NULL,
		accepted TEXT NOT NULL,
		refused  TEXT NOT NULL,
		n        BIGINT NOT NULL,
		PRIMARY KEY (site, day, revision, lang, source, accepted, refused)
	);
	` + recountSQL,
}

// recountSQL counts the records into proofs_daily.
const recountSQL = `INSERT INTO proofs_daily (site, day, revision, lang, source, accepted, refused, n)
	SELECT site, received_at / 86400000, revision, lang, source, accepted, refused, COUNT(*) FROM proofs
	GROUP BY site, received_at / 86400000, revision, lang, source, accepted, refused`

func (s *Store) runMigrations(ctx context.Context) error {
	id := "INTEGER PRIMARY KEY AUTOINCREMENT"
	if s.pg {
		id = "BIGSERIAL PRIMARY KEY"
	}
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("proof database %s: %w", s.Name, err)
	}
	for v := 1; v < len(migrations); v++ {
		if err := s.migrateTo(ctx, v, strings.ReplaceAll(migrations[v], "{{id}}", id)); err != nil {
			return fmt.Errorf("proof database %s: migration %d: %w", s.Name, v, err)
		}
	}
	return nil
}

// migrateTo runs one migration in a transaction, unless it already ran.
// On PostgreSQL a lock keeps two servers starting at once from running
// it twice.
func (s *Store) migrateTo(ctx context.Context, v int, script string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.pg {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7405168)`); err != nil {
			return err
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, s.q(`SELECT count(*) FROM schema_migrations WHERE version = ?`), v).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	for _, stmt := range strings.Split(script, ";") {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`), v, time.Now().UnixMilli()); err != nil {
		return err
	}
	return tx.Commit()
}
