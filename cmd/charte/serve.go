package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/charte/charte/inventory"
	"github.com/charte/charte/proofs"
	"github.com/charte/charte/server"
)

func serve(args []string, stdout, stderr io.Writer) int {
	fs := flags("serve", stderr)
	addr := fs.String("addr", defaultAddr(), "address to listen on (default $CHARTE_ADDR, else 127.0.0.1:8080)")
	dir := fs.String("config", "config/", "folder of site configs")
	db := fs.String("db", defaultDB(), `proof database: a SQLite file, or postgres://user:pass@host/db; opened when a site has "proofs": true (default $CHARTE_DB, else charte.db)`)
	logFormat := fs.String("log", "text", "log format: text or json")
	poll := fs.Duration("watch", 2*time.Second, "how often to look for changed configs (0: only on SIGHUP)")
	rate := fs.Int("proof-rate", 30, "proofs a minute one client may post, after a burst of as many")
	adminToken := fs.String("admin-token", "", "operator token that opens the /admin/ pages (default $CHARTE_ADMIN_TOKEN; unset: no /admin/)")
	if fs.Parse(args) != nil {
		return 2
	}
	log, err := newLogger(stderr, *logFormat)
	if err != nil {
		fmt.Fprintln(stderr, "charte:", err)
		return 2
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Error(err.Error())
		return 1
	}
	// Listening before the sites load: /healthz says 503 until they are.
	h := &live{dir: *dir, log: log}
	srv := newHTTPServer(h, servingLimits)
	fmt.Fprintf(stdout, "charte: serving on http://%s/ (Ctrl-C stops)\n", ln.Addr())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	hup := make(chan os.Signal, 1)
	notifyReload(hup)
	defer signal.Stop(hup)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()

	if err := h.start(*db, *rate, slogWriter{log}, buildWidget); err != nil {
		log.Error(err.Error())
		return 1
	}
	if *adminToken == "" {
		*adminToken = os.Getenv("CHARTE_ADMIN_TOKEN")
	}
	h.enableAdmin(*adminToken)
	*adminToken = ""
	if h.store != nil {
		defer h.store.Close()
		go proofs.Retain(ctx, h.store, h.sites, log, 24*time.Hour)
	}
	go h.watch(ctx, *poll, hup)
	select {
	case err := <-done:
		log.Error(err.Error())
		return 1
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error(err.Error())
		return 1
	}
	fmt.Fprintln(stdout, "charte: stopped")
	return 0
}

// buildWidget gives serve its widget; tests that run serve as a child
// process give a stand-in.
var buildWidget = widget

// start builds the widget, loads the sites and, when one takes proofs,
// opens the proof database.
func (l *live) start(db string, rate int, log io.Writer, build func(io.Writer) (*server.Wasm, []byte, error)) error {
	wasm, loader, err := build(log)
	if err != nil {
		return err
	}
	l.wasm, l.loader = wasm, loader
	// The database is opened before the first load so the texts of that
	// load are stored.
	if db != "" && wantsProofs(l.dir) {
		store, err := proofs.Open(db)
		if err != nil {
			return err
		}
		if err := store.Migrate(context.Background()); err != nil {
			// Serve anyway: the widget works without the records, and
			// the receiver answers 503 until the database answers.
			l.log.Error("proof database unavailable", "db", store.Name, "err", err)
		} else {
			l.log.Info("proof database ready", "db", store.Name)
		}
		l.store = store
		l.recv = &proofs.Receiver{Store: store, Sites: l.site, Limit: proofs.NewLimiter(rate, rate), Log: l.log}
	}
	return l.reload(true)
}

// wantsProofs tells whether a config of dir asks for proofs, so serve
// creates no database file for sites that keep none.
func wantsProofs(dir string) bool {
	sites, _ := inventory.LoadDir(dir)
	for _, s := range sites {
		if s.Proofs {
			return true
		}
	}
	return false
}

// handler loads every site of dir, reporting broken ones on log and
// serving the others, with the widget that build gives; no proof
// database.
func handler(dir string, log io.Writer, build func(io.Writer) (*server.Wasm, []byte, error)) (http.Handler, error) {
	l := &live{dir: dir, log: slog.New(slog.NewTextHandler(log, nil))}
	if err := l.start("", 0, log, build); err != nil {
		return nil, err
	}
	return l, nil
}

// slogWriter passes the widget build's progress lines to the log.
type slogWriter struct{ log *slog.Logger }

func (w slogWriter) Write(b []byte) (int, error) {
	w.log.Info(string(trimNL(b)))
	return len(b), nil
}

func trimNL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}
