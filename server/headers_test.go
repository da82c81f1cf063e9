package server

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Charte's HTML pages carry a strict Content-Security-Policy that allows
// exactly their own inline scripts, send no referrer, cannot be framed,
// and are not shared cross-origin; the files the widget reads are.
func TestPageSecurityHeaders(t *testing.T) {
	sites := testSites(t)
	srv := New(sites, fakeWasm(), []byte("/* loader */"))
	s := sites[0]
	pages := []string{"/", "/s/" + s.ID + "/", "/s/" + s.ID + "/en/", "/demo/" + s.ID + "/"}
	for _, p := range pages {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		h := rec.Result().Header
		csp := h.Get("Content-Security-Policy")
		if rec.Code != 200 || !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "base-uri 'none'") ||
			strings.Contains(csp, "'unsafe-inline' 'wasm") || strings.Contains(csp, "script-src *") {
			t.Errorf("GET %s: %d, CSP %q", p, rec.Code, csp)
		}
		if h.Get("Referrer-Policy") != "no-referrer" || h.Get("X-Frame-Options") != "DENY" || h.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("GET %s: Referrer-Policy %q, X-Frame-Options %q, Access-Control-Allow-Origin %q", p,
				h.Get("Referrer-Policy"), h.Get("X-Frame-Options"), h.Get("Access-Control-Allow-Origin"))
		}
		// Each inline script of the page is allowed by its hash, and only those.
		body := rec.Body.Bytes()
		n := 0
		for _, m := range inlineScript.FindAllSubmatch(body, -1) {
			sum := sha256.Sum256(m[1])
			if !strings.Contains(csp, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") {
				t.Errorf("GET %s: an inline script is not allowed by the CSP", p)
			}
			n++
		}
		if strings.Count(csp, "'sha256-") != n {
			t.Errorf("GET %s: %d hashes for %d inline scripts", p, strings.Count(csp, "'sha256-"), n)
		}
		// A policy page carries its policy itself too, for static hosts.
		if strings.HasPrefix(p, "/s/") {
			meta := `<meta http-equiv="Content-Security-Policy" content="` + html.EscapeString(strings.TrimSuffix(csp, "; frame-ancestors 'none'")) + `">`
			if !strings.Contains(string(body), meta) {
				t.Errorf("GET %s: no %s", p, meta)
			}
		}
		if p != "/" && n == 0 {
			t.Errorf("GET %s: no inline script found; the test reads the page wrong", p)
		}
	}
	for _, p := range []string{"/s/" + s.ID + "/embed.js", "/s/" + s.ID + "/shell.fr.html", "/charte/loader.js"} {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		if rec.Header().Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("GET %s: not shared with host pages", p)
		}
	}
}

// The build's index carries its policy in a <meta>, as static hosts send
// no header of Charte's.
func TestBuildIndexCSP(t *testing.T) {
	index := string(treeFiles(t, Build(testSites(t), fakeWasm(), []byte("/* loader */"), ""))["index.html"])
	if !strings.Contains(index, `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; img-src &#39;self&#39;;`) {
		t.Errorf("no CSP in the build's index:\n%.400s", index)
	}
}

// Only GET and HEAD: anything else is 405 with Allow.
func TestMethodNotAllowed(t *testing.T) {
	srv := New(testSites(t), fakeWasm(), []byte("/* loader */"))
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"} {
		for _, p := range []string{"/", "/s/exemple.fr/", "/s/exemple.fr/embed.js", "/charte/app.wasm", "/nowhere"} {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest(m, p, nil))
			if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: %d, Allow %q", m, p, rec.Code, rec.Header().Get("Allow"))
			}
		}
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("HEAD", "/s/exemple.fr/", nil))
	if rec.Code != 200 {
		t.Errorf("HEAD: %d", rec.Code)
	}
}

// The demo page names no origin taken from the request's Host: its
// script is relative, and its third-party frame is the other loopback
// name of the port the connection reached, or this server's own.
func TestDemoURLs(t *testing.T) {
	srv := New(testSites(t), fakeWasm(), []byte("/* loader */"))
	get := func(host string, local net.Addr) string {
		r := httptest.NewRequest("GET", "/demo/exemple.fr/", nil)
		r.Host = host
		if local != nil {
			r = r.WithContext(context.WithValue(r.Context(), http.LocalAddrContextKey, local))
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		return rec.Body.String() + "\n" + rec.Header().Get("Content-Security-Policy")
	}
	addr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}
	for _, host := range []string{"evil.example", "evil.example:8080", `x"><script>alert(1)</script>`, "127.0.0.1:9999"} {
		page := get(host, addr)
		if strings.Contains(page, "evil") || strings.Contains(page, "alert") || strings.Contains(page, "9999") {
			t.Errorf("Host %q reaches the demo page", host)
		}
		if !strings.Contains(page, `<script src="../../s/exemple.fr/embed.js">`) || !strings.Contains(page, `data-src="/demo/frame/"`) {
			t.Errorf("Host %q: the demo's URLs are not relative:\n%s", host, page)
		}
	}
	if page := get("127.0.0.1:8080", addr); !strings.Contains(page, `data-src="http://localhost:8080/demo/frame/"`) || !strings.Contains(page, "frame-src 'self' http://localhost:8080;") {
		t.Errorf("on 127.0.0.1 the frame is not on localhost:\n%s", page)
	}
	if page := get("localhost:8080", addr); !strings.Contains(page, `data-src="http://127.0.0.1:8080/demo/frame/"`) {
		t.Errorf("on localhost the frame is not on 127.0.0.1:\n%s", page)
	}
}
