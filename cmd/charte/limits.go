package main

import (
	"net/http"
	"time"
)

// limits bound what one client may hold of the server: how long it may
// take to send its request, to read the answer and to keep an idle
// connection, and how much it may send.
type limits struct {
	readHeader, read, write, idle time.Duration
	maxHeader                     int
	maxBody                       int64
}

// servingLimits: write leaves a slow mobile link (about 64 kbit/s) time
// to read app.wasm (1.5 MB brotli); a client reading slower is cut off.
// Charte answers GET and HEAD, which carry no body; the cap covers
// whatever handler reads one.
var servingLimits = limits{
	readHeader: 10 * time.Second,
	read:       30 * time.Second,
	write:      3 * time.Minute,
	idle:       time.Minute,
	maxHeader:  16 << 10,
	maxBody:    64 << 10,
}

func newHTTPServer(h http.Handler, l limits) *http.Server {
	return &http.Server{
		Handler:           http.MaxBytesHandler(h, l.maxBody),
		ReadHeaderTimeout: l.readHeader,
		ReadTimeout:       l.read,
		WriteTimeout:      l.write,
		IdleTimeout:       l.idle,
		MaxHeaderBytes:    l.maxHeader,
	}
}
