package proofs

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MinCell is the fewest choices a figure of the stats may count: a group
// of fewer is reported as "< 5", never with its counts, so no figure
// comes near singling out a visitor.
const MinCell = 5

// Groupings say how Stats groups a window's choices.
var Groupings = []string{"day", "week", "revision", "language", "source"}

// StatsQuery selects what Stats counts: one site's choices received in
// [From, To), grouped by By (one of Groupings). Days and weeks are UTC;
// weeks start on Monday.
type StatsQuery struct {
	Site     string
	From, To time.Time
	By       string
}

// StatsRow is one group's counts. When Small, the group had fewer than
// MinCell choices and every count is zero.
type StatsRow struct {
	Key         string         `json:"key"` // 2026-01-31 (day, week's Monday), a revision, a language, a source
	Small       bool           `json:"small,omitempty"`
	Choices     int            `json:"choices"`
	AcceptedAll int            `json:"acceptedAll"`
	RefusedAll  int            `json:"refusedAll"`
	Customised  int            `json:"customised"`
	Categories  []CategoryRate `json:"categories"`
}

// CategoryRate counts, of the choices that offered a category, how many
// accepted it. Small when fewer than MinCell offered it.
type CategoryRate struct {
	ID       string `json:"id"`
	Small    bool   `json:"small,omitempty"`
	Offered  int    `json:"offered"`
	Accepted int    `json:"accepted"`
}

// Stats is what Stats returns: the rows in key order, the optional
// categories they count, and the window's total.
type Stats struct {
	Query      StatsQuery `json:"-"`
	Categories []string   `json:"categories"`
	Total      StatsRow   `json:"total"`
	Rows       []StatsRow `json:"rows"`
}

// Share is part of whole, as a fraction, 0 for an empty whole.
func Share(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

const dayMs = 86400000

// groupExpr is the SQL of a grouping's key; received_at is in ms since
// 1970-01-01, a Thursday: day+3 counts weeks from a Monday.
var groupExpr = map[string]string{
	"day":      fmt.Sprintf("received_at / %d", dayMs),
	"week":     fmt.Sprintf("(received_at / %d + 3) / 7", dayMs),
	"revision": "revision",
	"language": "lang",
	"source":   "source",
}

// Stats counts a site's choices in the database, by SQL that SQLite and
// PostgreSQL both run over the daily counts and the proofs_stats index:
// no record leaves the store, only counts, and of those only the groups
// of MinCell choices or more leave this package.
func (s *Store) Stats(ctx context.Context, q StatsQuery) (*Stats, error) {
	st, err := s.StatsBy(ctx, q, q.By)
	if err != nil {
		return nil, err
	}
	return st[0], nil
}

// dailyExpr is a grouping's key over proofs_daily, equal to groupExpr's
// over the records.
var dailyExpr = map[string]string{
	"day":      "day",
	"week":     "(day + 3) / 7",
	"revision": "revision",
	"language": "lang",
	"source":   "source",
}

// StatsBy counts the window of q once for several groupings: a page that
// shows choices by day and by revision reads the counts once. The whole
// days of the window are read from proofs_daily, the counts kept as the
// records come; the part of a day at either end, from the records
// themselves.
func (s *Store) StatsBy(ctx context.Context, q StatsQuery, by ...string) ([]*Stats, error) {
	if err := s.ensure(ctx); err != nil {
		return nil, err
	}
	var groupings []string
	for _, b := range by {
		if _, ok := groupExpr[b]; !ok {
			return nil, fmt.Errorf("stats by %q: want one of %s", b, strings.Join(Groupings, ", "))
		}
		if !slices.Contains(groupings, b) {
			groupings = append(groupings, b)
		}
	}
	optional, err := s.optionalCategories(ctx, q.Site)
	if err != nil {
		return nil, err
	}
	// sums: choices, accepted all, refused all, then offered and accepted
	// of each optional category.
	width := 3 + 2*len(optional)
	total := make([]int64, width)
	groups := make([]map[string][]int64, len(by))
	for i := range groups {
		groups[i] = map[string][]int64{}
	}
	// The database counts the choices of each group by their exact
	// answer: a site has a few categories, so a group has a few distinct
	// answers, and Go only sums these counts. Matching categories in SQL
	// instead (LIKE on every record) takes twice as long.
	count := func(query string, args ...any) error {
		rows, err := s.db.QueryContext(ctx, s.q(query), args...)
		if err != nil {
			return fmt.Errorf("stats: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			vals := make([]any, len(groupings))
			var accepted, refused string
			var n int64
			dest := []any{}
			for i := range vals {
				dest = append(dest, &vals[i])
			}
			if err := rows.Scan(append(dest, &accepted, &refused, &n)...); err != nil {
				return fmt.Errorf("stats: %w", err)
			}
			acc, ref := split(accepted), split(refused)
			add := func(v []int64) {
				v[0] += n
				someOptional := false
				for i, c := range optional {
					switch {
					case slices.Contains(acc, c):
						v[3+2*i] += n
						v[4+2*i] += n
						someOptional = true
					case slices.Contains(ref, c):
						v[3+2*i] += n
					}
				}
				switch {
				case len(ref) == 0:
					v[1] += n
				case !someOptional:
					v[2] += n
				}
			}
			add(total)
			for i, b := range by {
				k := keyOf(b, vals[slices.Index(groupings, b)])
				v := groups[i][k]
				if v == nil {
					v = make([]int64, width)
					groups[i][k] = v
				}
				add(v)
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("stats: %w", err)
		}
		return nil
	}
	keys := func(m map[string]string) string {
		var out []string
		for _, b := range groupings {
			out = append(out, m[b])
		}
		return strings.Join(out, ", ")
	}
	records := func(from, to int64) error {
		k := keys(groupExpr)
		return count("SELECT "+k+", accepted, refused, COUNT(*) FROM proofs WHERE site = ? AND received_at >= ? AND received_at < ?"+
			" GROUP BY "+k+", accepted, refused", q.Site, from, to)
	}
	from, to := q.From.UnixMilli(), q.To.UnixMilli()
	first, last := (from+dayMs-1)/dayMs, to/dayMs // the whole days: [first, last)
	if from < 0 || first >= last {
		err = records(from, to)
	} else {
		k := keys(dailyExpr)
		err = count("SELECT "+k+", accepted, refused, CAST(SUM(n) AS BIGINT) FROM proofs_daily WHERE site = ? AND day >= ? AND day < ?"+
			" GROUP BY "+k+", accepted, refused", q.Site, first, last)
		if err == nil && from < first*dayMs {
			err = records(from, first*dayMs)
		}
		if err == nil && last*dayMs < to {
			err = records(last*dayMs, to)
		}
	}
	if err != nil {
		return nil, err
	}
	var out []*Stats
	for i, b := range by {
		qb := q
		qb.By = b
		st := &Stats{Query: qb, Categories: optional, Rows: []StatsRow{}, Total: row("total", total, optional)}
		keys := make([]string, 0, len(groups[i]))
		for k := range groups[i] {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(x, y string) int {
			if b == "revision" { // numbers: 9 before 10
				nx, _ := strconv.Atoi(x)
				ny, _ := strconv.Atoi(y)
				return nx - ny
			}
			return strings.Compare(x, y)
		})
		for _, k := range keys {
			st.Rows = append(st.Rows, row(k, groups[i][k], optional))
		}
		out = append(out, st)
	}
	return out, nil
}

// row turns a group's sums into a row, withholding small counts.
func row(key string, v []int64, optional []string) StatsRow {
	r := StatsRow{Key: key, Categories: []CategoryRate{}}
	if v[0] < MinCell {
		r.Small = true
		for _, c := range optional {
			r.Categories = append(r.Categories, CategoryRate{ID: c, Small: true})
		}
		return r
	}
	r.Choices, r.AcceptedAll, r.RefusedAll = int(v[0]), int(v[1]), int(v[2])
	r.Customised = r.Choices - r.AcceptedAll - r.RefusedAll
	for i, c := range optional {
		cr := CategoryRate{ID: c, Offered: int(v[3+2*i]), Accepted: int(v[4+2*i])}
		if cr.Offered < MinCell {
			cr = CategoryRate{ID: c, Small: true}
		}
		r.Categories = append(r.Categories, cr)
	}
	return r
}

// keyOf formats a group's key: a date for days and weeks.
func keyOf(by string, k any) string {
	var n int64
	switch v := k.(type) {
	case int64:
		n = v
	case []byte:
		return string(v)
	case string:
		return v
	default:
		return fmt.Sprint(v)
	}
	switch by {
	case "day":
		return time.UnixMilli(n * dayMs).UTC().Format(time.DateOnly)
	case "week":
		return time.UnixMilli((n*7 - 3) * dayMs).UTC().Format(time.DateOnly)
	}
	return fmt.Sprint(n)
}

// optionalCategories are the categories a visitor may refuse in any
// revision of the site, as its stored texts show them, in config order.
func (s *Store) optionalCategories(ctx context.Context, site string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT body FROM texts WHERE site = ? ORDER BY revision, stored_at`), site)
	if err != nil {
		return nil, fmt.Errorf("stats: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		var shown struct {
			Inventory struct {
				Categories []struct {
					ID       string `json:"id"`
					Required bool   `json:"required"`
				} `json:"categories"`
			} `json:"inventory"`
		}
		if json.Unmarshal([]byte(body), &shown) != nil {
			continue // texts that do not parse name no category
		}
		for _, c := range shown.Inventory.Categories {
			if !c.Required && c.ID != "" && !strings.ContainsAny(c.ID, "%_.\\") && !slices.Contains(ids, c.ID) {
				ids = append(ids, c.ID)
			}
		}
	}
	return ids, rows.Err()
}

// Count is how many choices a site received in [from, to).
func (s *Store) Count(ctx context.Context, site string, from, to time.Time) (int, error) {
	if err := s.ensure(ctx); err != nil {
		return 0, err
	}
	var n int
	err := s.db.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM proofs WHERE site = ? AND received_at >= ? AND received_at < ?`),
		site, from.UnixMilli(), to.UnixMilli()).Scan(&n)
	return n, err
}

// Revision is a revision of a site's config, as first stored.
type Revision struct {
	Revision int
	Hash     string
	Stored   time.Time
}

// Revisions lists the revisions of a site whose texts are stored, newest
// first.
func (s *Store) Revisions(ctx context.Context, site string) ([]Revision, error) {
	if err := s.ensure(ctx); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT revision, hash, stored_at FROM texts WHERE site = ? ORDER BY revision DESC, stored_at DESC`), site)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Revision
	for rows.Next() {
		var r Revision
		var at int64
		if err := rows.Scan(&r.Revision, &r.Hash, &at); err != nil {
			return nil, err
		}
		r.Stored = time.UnixMilli(at).UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}
