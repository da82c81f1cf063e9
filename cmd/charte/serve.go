package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/charte/charte/inventory"
	"github.com/charte/charte/server"
)

func serve(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	dir := fs.String("config", "config/", "folder of site configs")
	if fs.Parse(args) != nil {
		return 2
	}
	h, err := handler(*dir, stderr, widget)
	if err != nil {
		fmt.Fprintln(stderr, "charte:", err)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(stderr, "charte:", err)
		return 1
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "charte: serving on http://%s/ (Ctrl-C stops)\n", ln.Addr())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintln(stderr, "charte:", err)
		return 1
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(stderr, "charte:", err)
		return 1
	}
	fmt.Fprintln(stdout, "charte: stopped")
	return 0
}

// handler loads every site of dir, reporting broken ones and serving the
// others, with the widget that build gives.
func handler(dir string, log io.Writer, build func(io.Writer) (*server.Wasm, []byte, error)) (http.Handler, error) {
	sites, errs := inventory.LoadDir(dir)
	for _, err := range errs {
		fmt.Fprintf(log, "charte: skipped, fix it and restart:\n%v\n", err)
	}
	if len(sites) == 0 {
		return nil, fmt.Errorf("no valid site config in %s", dir)
	}
	for _, s := range sites {
		fmt.Fprintf(log, "charte: site %s (%s)\n", s.ID, s.Name)
	}
	wasm, loader, err := build(log)
	if err != nil {
		return nil, err
	}
	return server.New(sites, wasm, loader), nil
}
