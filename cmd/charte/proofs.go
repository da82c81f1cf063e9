package main

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/charte/charte/proofs"
	"github.com/charte/charte/server"
)

const proofsUsage = `Usage:
  charte proofs list -site S [-since DATE] [-id ID] [-db DB]
                                   the records of a site, oldest first
  charte proofs show ID [-db DB]   one record and the texts the visitor was shown
  charte proofs export -site S -format csv|ndjson [-from DATE] [-to DATE] [-db DB]
                                   every record of a site, to standard output
  charte proofs stats -site S [-from DATE] [-to DATE] [-by day|week|revision|language|source]
                      [-format table|csv|json] [-db DB]
                                   what a site's visitors chose, counted in the database
                                   (default: the last 30 days, by day; a group of fewer
                                   than 5 choices shows "< 5")

DB is a SQLite file or a postgres:// URL, as given to serve (default: $CHARTE_DB,
else charte.db). DATE is 2026-01-31 or an RFC 3339 time; -to is exclusive.
`

// defaultDB is the proof database serve and proofs use unless told.
func defaultDB() string {
	if db := os.Getenv("CHARTE_DB"); db != "" {
		return db
	}
	return "charte.db"
}

func proofsCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, proofsUsage)
		return 2
	}
	fs := flags("proofs "+args[0], stderr)
	fs.Usage = func() { fmt.Fprint(stderr, proofsUsage) }
	db := fs.String("db", defaultDB(), "proof database: a SQLite file or a postgres:// URL")
	site := fs.String("site", "", "site id")
	since := fs.String("since", "", "records received at DATE or later")
	id := fs.String("id", "", "the record of this consent id")
	format := fs.String("format", "", "csv or ndjson (export); table, csv or json (stats)")
	by := fs.String("by", "day", "stats: day, week, revision, language or source")
	from := fs.String("from", "", "records received at DATE or later")
	to := fs.String("to", "", "records received before DATE")
	var pos []string
	rest := args[1:]
	for {
		if fs.Parse(rest) != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		pos, rest = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
	f := proofs.Filter{Site: *site, ConsentID: *id}
	var err error
	for _, d := range []struct {
		flag, v string
		t       *time.Time
	}{{"since", *since, &f.From}, {"from", *from, &f.From}, {"to", *to, &f.To}} {
		if d.v == "" {
			continue
		}
		if *d.t, err = parseDate(d.v); err != nil {
			fmt.Fprintf(stderr, "charte proofs: -%s %q: want a date such as 2026-01-31 or an RFC 3339 time\n", d.flag, d.v)
			return 2
		}
	}
	switch args[0] {
	case "list", "export", "stats":
		if *site == "" || len(pos) > 0 {
			fmt.Fprintf(stderr, "charte proofs %s: give -site and no other argument\n\n%s", args[0], proofsUsage)
			return 2
		}
	case "show":
		if len(pos) != 1 {
			fmt.Fprintf(stderr, "charte proofs show: give one consent id\n\n%s", proofsUsage)
			return 2
		}
		f = proofs.Filter{ConsentID: pos[0]}
	default:
		fmt.Fprintf(stderr, "charte proofs: unknown command %q\n\n%s", args[0], proofsUsage)
		return 2
	}
	if args[0] == "export" && *format != "csv" && *format != "ndjson" {
		fmt.Fprintf(stderr, "charte proofs export: -format csv or -format ndjson\n")
		return 2
	}
	if args[0] == "stats" {
		if *format == "" {
			*format = "table"
		}
		if *format != "table" && *format != "csv" && *format != "json" {
			fmt.Fprintf(stderr, "charte proofs stats: -format table, csv or json\n")
			return 2
		}
		if !slices.Contains(proofs.Groupings, *by) {
			fmt.Fprintf(stderr, "charte proofs stats: -by %q: want one of %s\n", *by, strings.Join(proofs.Groupings, ", "))
			return 2
		}
		if f.To.IsZero() {
			f.To = time.Now().UTC()
		}
		if f.From.IsZero() {
			f.From = f.To.AddDate(0, 0, -30)
		}
		if !f.From.Before(f.To) {
			fmt.Fprintf(stderr, "charte proofs stats: -from must come before -to\n")
			return 2
		}
	}
	store, err := openExisting(*db)
	if err != nil {
		fmt.Fprintln(stderr, "charte proofs:", err)
		return 1
	}
	defer store.Close()
	ctx := context.Background()
	switch args[0] {
	case "list":
		err = list(ctx, store, f, stdout)
	case "export":
		err = export(ctx, store, f, *format, stdout)
	case "stats":
		var st *proofs.Stats
		st, err = store.Stats(ctx, proofs.StatsQuery{Site: f.Site, From: f.From, To: f.To, By: *by})
		if err == nil {
			err = writeStats(st, *format, stdout)
		}
	case "show":
		var found bool
		found, err = show(ctx, store, pos[0], stdout)
		if err == nil && !found {
			fmt.Fprintf(stderr, "charte proofs show: no record of consent id %q in %s\n", pos[0], store.Name)
			return 1
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "charte proofs:", err)
		return 1
	}
	return 0
}

// openExisting opens a proof database that must already exist: a typo in
// a file name must not create an empty one.
func openExisting(db string) (*proofs.Store, error) {
	if !strings.HasPrefix(db, "postgres://") && !strings.HasPrefix(db, "postgresql://") {
		if _, err := os.Stat(db); err != nil {
			return nil, fmt.Errorf("no proof database at %s (give -db, or set CHARTE_DB)", db)
		}
	}
	return proofs.Open(db)
}

func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

func list(ctx context.Context, s *proofs.Store, f proofs.Filter, out io.Writer) error {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RECEIVED\tCONSENT ID\tREV\tSOURCE\tLANG\tACCEPTED\tREFUSED\tPAGE")
	n := 0
	err := s.List(ctx, f, func(r proofs.Record) error {
		n++
		_, err := fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", r.Received.Format(time.RFC3339), r.ConsentID, r.Revision,
			r.Source, r.Lang, strings.Join(r.Accepted, ","), strings.Join(r.Refused, ","), r.Origin+r.Path)
		return err
	})
	if err != nil {
		return err
	}
	tw.Flush()
	fmt.Fprintf(out, "%d record(s)\n", n)
	return nil
}

// exported is a record as export writes it.
type exported struct {
	ConsentID  string   `json:"consentId"`
	Site       string   `json:"site"`
	Revision   int      `json:"revision"`
	TextsHash  string   `json:"textsSha256"`
	Accepted   []string `json:"accepted"`
	Refused    []string `json:"refused"`
	Source     string   `json:"source"`
	Lang       string   `json:"lang"`
	Origin     string   `json:"origin"`
	Path       string   `json:"path"`
	Received   string   `json:"receivedAt"`
	ClientTime string   `json:"clientTime"`
}

func exportOf(r proofs.Record) exported {
	return exported{r.ConsentID, r.Site, r.Revision, r.TextsHash, r.Accepted, r.Refused, r.Source, r.Lang, r.Origin, r.Path,
		r.Received.Format(time.RFC3339Nano), r.ClientTime.Format(time.RFC3339Nano)}
}

func export(ctx context.Context, s *proofs.Store, f proofs.Filter, format string, out io.Writer) error {
	if format == "ndjson" {
		enc := json.NewEncoder(out)
		return s.List(ctx, f, func(r proofs.Record) error { return enc.Encode(exportOf(r)) })
	}
	w := csv.NewWriter(out)
	w.Write([]string{"consent_id", "site", "revision", "texts_sha256", "accepted", "refused", "source", "lang", "origin", "path", "received_at", "client_time"})
	err := s.List(ctx, f, func(r proofs.Record) error {
		e := exportOf(r)
		return w.Write([]string{e.ConsentID, e.Site, strconv.Itoa(e.Revision), e.TextsHash, strings.Join(e.Accepted, " "), strings.Join(e.Refused, " "),
			e.Source, e.Lang, e.Origin, e.Path, e.Received, e.ClientTime})
	})
	w.Flush()
	if err != nil {
		return err
	}
	return w.Error()
}

// show prints a record and the texts its visitor was shown, after checking
// that the stored texts still hash to the record's SHA-256.
func show(ctx context.Context, s *proofs.Store, id string, out io.Writer) (bool, error) {
	var rec *proofs.Record
	if err := s.List(ctx, proofs.Filter{ConsentID: id}, func(r proofs.Record) error { rec = &r; return nil }); err != nil {
		return false, err
	}
	if rec == nil {
		return false, nil
	}
	r := *rec
	fmt.Fprintf(out, "consent id   %s\nsite         %s, revision %d\nchoice       accepted %s; refused %s\n",
		r.ConsentID, r.Site, r.Revision, orNone(r.Accepted), orNone(r.Refused))
	fmt.Fprintf(out, "given        %s, in %s, on %s%s\nchosen at    %s (visitor's clock)\nreceived at  %s\ntexts shown  sha256 %s\n",
		sourceText(r.Source), r.Lang, r.Origin, r.Path, r.ClientTime.Format(time.RFC3339), r.Received.Format(time.RFC3339), r.TextsHash)
	t, err := s.TextsByHash(ctx, r.TextsHash)
	if err != nil {
		return true, fmt.Errorf("the texts %s of this record: %w", r.TextsHash, err)
	}
	sum := sha256.Sum256(t.Body)
	if hex.EncodeToString(sum[:]) != r.TextsHash {
		return true, errors.New("the stored texts do not hash to the record's sha256: they were altered")
	}
	fmt.Fprintln(out, "             (the stored texts match this hash)")
	var shown server.ShownText
	if err := json.Unmarshal(t.Body, &shown); err != nil {
		return true, fmt.Errorf("the texts %s do not parse: %w", r.TextsHash, err)
	}
	var inv struct {
		Name, URL  string
		Categories []struct {
			ID       string            `json:"id"`
			Required bool              `json:"required"`
			Title    map[string]string `json:"title"`
		} `json:"categories"`
	}
	json.Unmarshal(shown.Inventory, &inv)
	fmt.Fprintf(out, "\nThe site as shown: %s <%s>\nCategories:\n", inv.Name, inv.URL)
	for _, c := range inv.Categories {
		state := "refused"
		if slices.Contains(r.Accepted, c.ID) {
			state = "accepted"
		}
		title := c.Title[r.Lang]
		if title == "" {
			title = c.Title["fr"]
		}
		fmt.Fprintf(out, "  %-12s %-9s %s\n", c.ID, state, title)
	}
	lang := r.Lang
	if _, ok := shown.Languages[lang]; !ok {
		langs := make([]string, 0, len(shown.Languages))
		for l := range shown.Languages {
			langs = append(langs, l)
		}
		sort.Strings(langs)
		if len(langs) > 0 {
			lang = langs[0]
		}
	}
	w := shown.Languages[lang]
	fmt.Fprintf(out, "\nThe charte (%s), as shown:\n\n%s\nThe widget's wording (%s):\n\n%s", lang, w.Charte, lang, w.Widget)
	return true, nil
}

func orNone(l []string) string {
	if len(l) == 0 {
		return "none"
	}
	return strings.Join(l, ", ")
}

func sourceText(s string) string {
	switch s {
	case "banner":
		return "with a button of the banner"
	case "preferences":
		return "in the preferences dialog"
	case "api":
		return "through the site's JavaScript (charte.acceptAll/rejectAll/accept)"
	case "gpc":
		return "by the browser's Global Privacy Control signal"
	case "tab":
		return "in another tab of the site"
	case "placeholder":
		return "with a click-to-load placeholder"
	}
	return s
}
