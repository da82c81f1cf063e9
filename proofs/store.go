// Package proofs keeps proofs of consent: the records embed.js posts to
// charte serve, in SQLite (a file, by default) or PostgreSQL, with the
// texts each visitor was shown stored once per revision.
package proofs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL, for several servers behind one load balancer
)

// Record is one proof of consent as stored. It holds no IP address, no
// user agent and no other cookie.
type Record struct {
	ConsentID  string
	Site       string
	Revision   int
	TextsHash  string // SHA-256 of the texts shown, in hex
	Accepted   []string
	Refused    []string
	Source     string // banner, preferences, api, gpc, tab, placeholder
	Lang       string
	Origin     string // the page's origin
	Path       string // the page's path
	Received   time.Time
	ClientTime time.Time
}

// Texts is what visitors of a site were shown at one revision.
type Texts struct {
	Hash     string
	Site     string
	Revision int
	Body     []byte
}

// Store is a proof database. Add is safe for concurrent use: records are
// written by a few writers, each committing the records waiting for it in
// one transaction, and Add returns only once its record is committed.
type Store struct {
	db      *sql.DB
	pg      bool
	Name    string // what the operator gave, without a password
	queue   chan *pending
	stored  sync.Map // texts hash → true once committed
	migrate sync.Mutex
	ready   bool
	done    chan struct{}
	wg      sync.WaitGroup
}

type pending struct {
	rec   Record
	texts *Texts
	err   chan error
}

// maxBatch bounds how many records one transaction commits.
const maxBatch = 256

// Open opens the store named by dsn: a postgres:// or postgresql:// URL for
// PostgreSQL, else the path of a SQLite file. Nothing is read yet: a
// database that cannot be reached is reported by Migrate and Add, so
// serve can start and keep serving the widget.
func Open(dsn string) (*Store, error) {
	s := &Store{Name: dsn, done: make(chan struct{})}
	writers := 1 // SQLite has one writer at a time
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s.pg = true
		if u, err := url.Parse(dsn); err == nil {
			s.Name = u.Redacted()
		}
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(8)
		s.db = db
		writers = 4
	} else {
		if dsn == "" {
			return nil, errors.New("no database: give a SQLite file or a postgres:// URL")
		}
		// WAL lets the CLI read while serve writes; synchronous=FULL makes
		// each commit durable before a record is acknowledged.
		q := url.Values{}
		for _, p := range []string{"journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(5000)", "foreign_keys(1)"} {
			q.Add("_pragma", p)
		}
		db, err := sql.Open("sqlite", "file:"+dsn+"?"+q.Encode())
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(4)
		s.db = db
	}
	s.queue = make(chan *pending, 4096)
	for i := 0; i < writers; i++ {
		s.wg.Add(1)
		go s.writer()
	}
	return s, nil
}

// Close stops the writers once the queued records are written.
func (s *Store) Close() error {
	close(s.done)
	s.wg.Wait()
	return s.db.Close()
}

// DB is the underlying database, for tests and the CLI.
func (s *Store) DB() *sql.DB { return s.db }

// Postgres tells which kind of database the store is.
func (s *Store) Postgres() bool { return s.pg }

// q rewrites a query written with ? for the store's database.
func (s *Store) q(query string) string {
	if !s.pg {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ensure runs the migrations once the database answers.
func (s *Store) ensure(ctx context.Context) error {
	s.migrate.Lock()
	defer s.migrate.Unlock()
	if s.ready {
		return nil
	}
	if err := s.runMigrations(ctx); err != nil {
		return err
	}
	s.ready = true
	return nil
}

// Migrate brings the schema up to date; serve calls it at start.
func (s *Store) Migrate(ctx context.Context) error { return s.ensure(ctx) }

// Add stores a record, and its texts unless already stored, and returns
// once they are committed.
func (s *Store) Add(ctx context.Context, rec Record, texts *Texts) error {
	if err := s.ensure(ctx); err != nil {
		return err
	}
	p := &pending{rec: rec, texts: texts, err: make(chan error, 1)}
	select {
	case s.queue <- p:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-p.err:
		return err
	case <-ctx.Done():
		// The writer may still commit it; the client is told it was not.
		return ctx.Err()
	}
}

func (s *Store) writer() {
	defer s.wg.Done()
	for {
		var first *pending
		select {
		case first = <-s.queue:
		case <-s.done:
			return
		}
		batch := []*pending{first}
	fill:
		for len(batch) < maxBatch {
			select {
			case p := <-s.queue:
				batch = append(batch, p)
			default:
				break fill
			}
		}
		err := s.commit(batch)
		if err != nil && len(batch) > 1 {
			// One bad record must not sink the others: each on its own.
			for _, p := range batch {
				p.err <- s.commit([]*pending{p})
			}
			continue
		}
		for _, p := range batch {
			p.err <- err
		}
	}
}

func (s *Store) commit(batch []*pending) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Parsed once per batch: parsing is most of a single insert's cost.
	// The same consent id twice (a retried post) keeps the first record.
	insert, err := tx.PrepareContext(ctx, s.q(`INSERT INTO proofs
		(consent_id, site, revision, texts_hash, accepted, refused, source, lang, origin, path, received_at, client_time)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (consent_id) DO NOTHING`))
	if err != nil {
		return err
	}
	defer insert.Close()
	type day struct {
		site             string
		day              int64
		revision         int
		lang, source     string
		accepted, refuse string
	}
	days := map[day]int64{}
	var fresh []string
	for _, p := range batch {
		if t := p.texts; t != nil {
			if _, ok := s.stored.Load(t.Hash); !ok && !slices.Contains(fresh, t.Hash) {
				if err := putTexts(ctx, tx, s, t); err != nil {
					return err
				}
				fresh = append(fresh, t.Hash)
			}
		}
		r := p.rec
		acc, ref := strings.Join(r.Accepted, "."), strings.Join(r.Refused, ".")
		res, err := insert.ExecContext(ctx, r.ConsentID, r.Site, r.Revision, r.TextsHash, acc, ref,
			r.Source, r.Lang, r.Origin, r.Path, r.Received.UnixMilli(), r.ClientTime.UnixMilli())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n > 0 { // not a retried post's copy
			days[day{r.Site, r.Received.UnixMilli() / 86400000, r.Revision, r.Lang, r.Source, acc, ref}]++
		}
	}
	if len(days) > 0 {
		count, err := tx.PrepareContext(ctx, s.q(`INSERT INTO proofs_daily (site, day, revision, lang, source, accepted, refused, n)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (site, day, revision, lang, source, accepted, refused) DO UPDATE SET n = proofs_daily.n + excluded.n`))
		if err != nil {
			return err
		}
		defer count.Close()
		for d, n := range days {
			if _, err := count.ExecContext(ctx, d.site, d.day, d.revision, d.lang, d.source, d.accepted, d.refuse, n); err != nil {
				return err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	for _, h := range fresh {
		s.stored.Store(h, true)
	}
	return nil
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func putTexts(ctx context.Context, db execer, s *Store, t *Texts) error {
	_, err := db.ExecContext(ctx, s.q(`INSERT INTO texts (hash, site, revision, body, stored_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (hash) DO NOTHING`), t.Hash, t.Site, t.Revision, string(t.Body), time.Now().UnixMilli())
	return err
}

// PutTexts stores a revision's texts unless already there: serve does it
// as it loads a site, so a later revision can still check the proofs of
// visitors who saw this one.
func (s *Store) PutTexts(ctx context.Context, t *Texts) error {
	if _, ok := s.stored.Load(t.Hash); ok {
		return nil
	}
	if err := s.ensure(ctx); err != nil {
		return err
	}
	if err := putTexts(ctx, s.db, s, t); err != nil {
		return err
	}
	s.stored.Store(t.Hash, true)
	return nil
}

// TextsOf returns the texts of a site's revision, or nil when none were
// stored (the last stored if there were several).
func (s *Store) TextsOf(ctx context.Context, site string, revision int) (*Texts, error) {
	if err := s.ensure(ctx); err != nil {
		return nil, err
	}
	t := &Texts{Site: site, Revision: revision}
	var body string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT hash, body FROM texts WHERE site = ? AND revision = ? ORDER BY stored_at DESC LIMIT 1`),
		site, revision).Scan(&t.Hash, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	t.Body = []byte(body)
	return t, err
}

// TextsByHash returns stored texts by their hash.
func (s *Store) TextsByHash(ctx context.Context, hash string) (*Texts, error) {
	if err := s.ensure(ctx); err != nil {
		return nil, err
	}
	t := &Texts{Hash: hash}
	var body string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT site, revision, body FROM texts WHERE hash = ?`), hash).Scan(&t.Site, &t.Revision, &body)
	t.Body = []byte(body)
	return t, err
}

// Recount makes the daily counts the stats read anew from the records:
// for records written into the database other than by Add (an import, a
// seeded benchmark), which would otherwise not be counted.
func (s *Store) Recount(ctx context.Context) error {
	if err := s.ensure(ctx); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM proofs_daily`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, recountSQL); err != nil {
		return err
	}
	return tx.Commit()
}

// Purge deletes a site's records received before cutoff and returns how
// many went.
func (s *Store) Purge(ctx context.Context, site string, cutoff time.Time) (int64, error) {
	if err := s.ensure(ctx); err != nil {
		return 0, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	// The daily counts lose what the records lose: stats never count a
	// choice whose proof is gone.
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE proofs_daily SET n = proofs_daily.n - gone.n
		FROM (SELECT site, received_at / 86400000 AS day, revision, lang, source, accepted, refused, COUNT(*) AS n FROM proofs
			WHERE site = ? AND received_at < ? GROUP BY site, received_at / 86400000, revision, lang, source, accepted, refused) AS gone
		WHERE proofs_daily.site = gone.site AND proofs_daily.day = gone.day AND proofs_daily.revision = gone.revision
			AND proofs_daily.lang = gone.lang AND proofs_daily.source = gone.source
			AND proofs_daily.accepted = gone.accepted AND proofs_daily.refused = gone.refused`), site, cutoff.UnixMilli()); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM proofs_daily WHERE site = ? AND n <= 0`), site); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, s.q(`DELETE FROM proofs WHERE site = ? AND received_at < ?`), site, cutoff.UnixMilli())
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	return n, tx.Commit()
}

// Filter selects records; zero fields select everything.
type Filter struct {
	Site      string
	ConsentID string
	From, To  time.Time // received at From or later, before To
	Limit     int
}

// List returns the records the filter selects, oldest first, calling fn
// for each so an export streams.
func (s *Store) List(ctx context.Context, f Filter, fn func(Record) error) error {
	if err := s.ensure(ctx); err != nil {
		return err
	}
	var where []string
	var args []any
	if f.Site != "" {
		where, args = append(where, "site = ?"), append(args, f.Site)
	}
	if f.ConsentID != "" {
		where, args = append(where, "consent_id = ?"), append(args, f.ConsentID)
	}
	if !f.From.IsZero() {
		where, args = append(where, "received_at >= ?"), append(args, f.From.UnixMilli())
	}
	if !f.To.IsZero() {
		where, args = append(where, "received_at < ?"), append(args, f.To.UnixMilli())
	}
	query := `SELECT consent_id, site, revision, texts_hash, accepted, refused, source, lang, origin, path, received_at, client_time FROM proofs`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY received_at, id"
	if f.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r Record
		var acc, ref string
		var recv, client int64
		if err := rows.Scan(&r.ConsentID, &r.Site, &r.Revision, &r.TextsHash, &acc, &ref, &r.Source, &r.Lang, &r.Origin, &r.Path, &recv, &client); err != nil {
			return err
		}
		r.Accepted, r.Refused = split(acc), split(ref)
		r.Received, r.ClientTime = time.UnixMilli(recv).UTC(), time.UnixMilli(client).UTC()
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

func split(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ".")
}
