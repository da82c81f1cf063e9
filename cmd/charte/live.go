package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charte/charte/admin"
	"github.com/charte/charte/inventory"
	"github.com/charte/charte/proofs"
	"github.com/charte/charte/server"
)

// live is what serve answers with: the sites of a config folder, reloaded
// when a file changes or on SIGHUP. A reload builds a whole new state and
// swaps it in at once; a broken file is reported and its last good
// version keeps serving.
type live struct {
	dir    string
	log    *slog.Logger
	wasm   *server.Wasm
	loader []byte
	store  *proofs.Store // nil when no proof database is open
	recv   *proofs.Receiver
	admin  http.Handler // nil unless an operator token is set

	cur   atomic.Pointer[state]
	mu    sync.Mutex // one reload at a time
	stamp string     // the folder's names, sizes and times at the last load
}

type state struct {
	h      http.Handler
	files  map[string]*inventory.Site // by config file
	sites  map[string]*proofs.Site    // by site id
	order  []*inventory.Site
	broken []string // files that do not load (and never did)
}

// newLogger logs text lines, or JSON with format "json", to w.
func newLogger(w io.Writer, format string) (*slog.Logger, error) {
	switch format {
	case "text", "":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return nil, fmt.Errorf("-log %q: use text or json", format)
}

// stampOf sums up the folder's config files, to notice a change.
func stampOf(dir string) string {
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	var b strings.Builder
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			fmt.Fprintf(&b, "%s %d %d\n", f, st.Size(), st.ModTime().UnixNano())
		} else {
			fmt.Fprintf(&b, "%s ?\n", f)
		}
	}
	return b.String()
}

// reload loads the folder again. With force unset it does nothing when no
// file changed. It fails only when no site was ever loaded.
func (l *live) reload(force bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	stamp := stampOf(l.dir)
	if !force && stamp == l.stamp {
		return nil
	}
	l.stamp = stamp
	old := l.cur.Load()
	files, err := inventory.ConfigFiles(l.dir)
	if err != nil {
		return err
	}
	next := &state{files: map[string]*inventory.Site{}, sites: map[string]*proofs.Site{}}
	for _, f := range files {
		s, err := inventory.LoadFile(f)
		if err != nil {
			l.reportConfig(f, err)
			if old != nil && old.files[f] != nil {
				l.log.Warn("config: the last good version keeps serving", "file", f, "site", old.files[f].ID)
				s = old.files[f]
			} else {
				next.broken = append(next.broken, f)
				continue
			}
		}
		next.files[f] = s
		next.order = append(next.order, s)
	}
	if len(next.order) == 0 {
		if old != nil {
			l.log.Error("config: no valid site config; the sites already loaded keep serving", "dir", l.dir)
			return nil
		}
		return fmt.Errorf("no valid site config in %s", l.dir)
	}
	sort.Slice(next.order, func(i, j int) bool { return next.order[i].ID < next.order[j].ID })
	for _, s := range next.order {
		body, hash := server.Shown(s)
		next.sites[s.ID] = &proofs.Site{Site: s, Texts: &proofs.Texts{Hash: hash, Site: s.ID, Revision: s.Revision, Body: body}}
	}
	next.h = server.New(next.order, l.wasm, l.loader)
	l.cur.Store(next)
	for _, s := range next.order {
		l.log.Info("site loaded", "site", s.ID, "name", s.Name, "revision", s.Revision, "proofs", s.Proofs)
		if s.Proofs && l.store == nil && l.wasm != nil && old != nil {
			l.log.Warn("config: the site asks for proofs but no proof database is open: restart serve to open it", "site", s.ID)
		}
	}
	if l.store != nil {
		go l.storeTexts(next)
	}
	return nil
}

// storeTexts records what the visitors of each site are now shown, so a
// later revision can still check proofs made under this one.
func (l *live) storeTexts(st *state) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, s := range st.sites {
		if !s.Proofs {
			continue
		}
		if err := l.store.PutTexts(ctx, s.Texts); err != nil {
			l.log.Error("proof database: texts not stored", "site", s.ID, "err", err)
			return
		}
	}
}

// reportConfig logs one line per problem, each at file:line:column.
func (l *live) reportConfig(file string, err error) {
	var es inventory.Errors
	if errors.As(err, &es) {
		for _, e := range es {
			l.log.Error("config: "+e.Error(), "file", file)
		}
		return
	}
	l.log.Error("config: "+err.Error(), "file", file)
}

func (l *live) site(id string) *proofs.Site {
	if st := l.cur.Load(); st != nil {
		return st.sites[id]
	}
	return nil
}

func (l *live) sites() []*inventory.Site {
	if st := l.cur.Load(); st != nil {
		return st.order
	}
	return nil
}

// watch reloads when a config changes (polling the folder) or when asked
// (SIGHUP), until ctx ends.
func (l *live) watch(ctx context.Context, every time.Duration, hup <-chan os.Signal) {
	var tick <-chan time.Time
	if every > 0 {
		t := time.NewTicker(every)
		defer t.Stop()
		tick = t.C
	}
	for {
		force := false
		select {
		case <-ctx.Done():
			return
		case <-hup:
			l.log.Info("config: reloading (SIGHUP)", "dir", l.dir)
			force = true
		case <-tick:
		}
		if err := l.reload(force); err != nil {
			l.log.Error("config: " + err.Error())
		}
	}
}

func (l *live) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	l.route(rec, r)
	// Method, path, status, size and time: never a cookie, a query or a body.
	l.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
		slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.Int("status", rec.status), slog.Int64("bytes", rec.bytes),
		slog.Duration("duration", time.Since(start)))
}

func (l *live) route(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/healthz" {
		l.health(w, r)
		return
	}
	st := l.cur.Load()
	if st == nil {
		w.Header().Set("Retry-After", "5")
		http.Error(w, "charte is starting: the sites are not loaded yet", http.StatusServiceUnavailable)
		return
	}
	if l.admin != nil && (r.URL.Path == "/admin" || strings.HasPrefix(r.URL.Path, "/admin/")) {
		l.admin.ServeHTTP(w, r)
		return
	}
	if _, ok := proofs.Path(r.URL.Path); ok && l.recv != nil {
		l.recv.ServeHTTP(w, r)
		return
	}
	st.h.ServeHTTP(w, r)
}

// enableAdmin serves /admin/ to whoever gives token; the token is kept
// only as its hash. The pages read the proof database, so they need one.
func (l *live) enableAdmin(token string) {
	switch {
	case token == "":
		return
	case len(token) < 16:
		l.log.Error("admin: the operator token is shorter than 16 characters: /admin/ stays off")
	case l.store == nil:
		l.log.Warn("admin: no site keeps proofs, so there is no database to show: /admin/ stays off")
	default:
		l.admin = admin.New(token, l.store, l.sites, l.log)
		l.log.Info("admin: operator pages on /admin/")
	}
}

// health answers 200 once the sites are loaded, 503 before.
func (l *live) health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	st := l.cur.Load()
	if st == nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, `{"status":"starting"}`)
		return
	}
	ids := make([]string, 0, len(st.order))
	for _, s := range st.order {
		ids = append(ids, s.ID)
	}
	db := "off"
	if l.store != nil {
		db = "sqlite"
		if l.store.Postgres() {
			db = "postgres"
		}
	}
	b, _ := json.Marshal(map[string]any{"status": "ok", "sites": ids, "broken": append([]string{}, st.broken...), "proofs": db})
	w.Write(append(b, '\n'))
}

// recorder keeps the status and size of an answer for the request log.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
