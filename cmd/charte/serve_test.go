package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/charte/charte/server"
)

// configDir is a config folder with one good site and one broken.
func configDir(t *testing.T) string {
	dir := t.TempDir()
	good, err := os.ReadFile("../../config/exemple.fr.json")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "exemple.fr.json"), good, 0o644)
	os.WriteFile(filepath.Join(dir, "bad.org.json"), []byte("{\n  \"name\": \"x\",\n  \"url\": \"https://bad.org\",\n  \"lifetimeDays\": 500\n}\n"), 0o644)
	return dir
}

const badErr = "bad.org.json:4:19: lifetimeDays: 500 days is more than 13 months"

// A tiny stand-in for app.wasm: these tests are about configs.
func fakeWidget(io.Writer) (*server.Wasm, []byte, error) {
	return &server.Wasm{Raw: []byte("\x00asm"), Br: []byte("br"), Gz: []byte("gz"), Hash: "0123456789ab"}, []byte("/* loader */"), nil
}

// serve reports a broken config and serves the other sites.
func TestServeSkipsBrokenConfig(t *testing.T) {
	var log bytes.Buffer
	h, err := handler(configDir(t), &log, fakeWidget)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), badErr) || !strings.Contains(log.String(), `msg="site loaded" site=exemple.fr`) {
		t.Errorf("log:\n%s", log.String())
	}
	for path, code := range map[string]int{
		"/s/exemple.fr/": 200, "/s/exemple.fr/embed.js": 200, "/s/exemple.fr/sw.js": 200,
		"/s/exemple.fr/manifest.webmanifest": 200, "/demo/exemple.fr/": 200,
		"/s/bad.org/": 404, "/s/bad.org/embed.js": 404,
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != code {
			t.Errorf("GET %s: %d, want %d", path, rec.Code, code)
		}
	}
}

// Every file serve answers carries its type, and revalidates by ETag.
func TestServeHeaders(t *testing.T) {
	h, err := handler(configDir(t), io.Discard, fakeWidget)
	if err != nil {
		t.Fatal(err)
	}
	for path, ctype := range map[string]string{
		"/s/exemple.fr/":                     "text/html; charset=utf-8",
		"/s/exemple.fr/en/":                  "text/html; charset=utf-8",
		"/s/exemple.fr/embed.js":             "text/javascript; charset=utf-8",
		"/s/exemple.fr/sw.js":                "text/javascript; charset=utf-8",
		"/s/exemple.fr/inventory.json":       "application/json",
		"/s/exemple.fr/shell.fr.html":        "text/html; charset=utf-8",
		"/s/exemple.fr/manifest.webmanifest": "application/manifest+json",
		"/charte/static/icon-512.png":        "image/png",
		"/charte/static/icon.svg":            "image/svg+xml",
		"/charte/loader.js":                  "text/javascript; charset=utf-8",
		"/charte/app.wasm":                   "application/wasm",
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Accept-Encoding", "gzip, br")
		h.ServeHTTP(rec, req)
		res := rec.Result()
		// embed.js may run from the cache while the browser revalidates it.
		cache := "no-cache"
		if strings.HasSuffix(path, "/embed.js") {
			cache = "max-age=0, stale-while-revalidate=604800"
		}
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != ctype || res.Header.Get("Cache-Control") != cache {
			t.Errorf("GET %s: %d %q %q", path, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
		}
		// Files the widget reads from host pages are shared; pages are not.
		if page := strings.HasSuffix(path, "/"); (res.Header.Get("Access-Control-Allow-Origin") == "*") == page {
			t.Errorf("GET %s: Access-Control-Allow-Origin %q", path, res.Header.Get("Access-Control-Allow-Origin"))
		}
		etag := res.Header.Get("ETag")
		req.Header.Set("If-None-Match", etag)
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if etag == "" || rec.Code != http.StatusNotModified {
			t.Errorf("GET %s again with ETag %s: %d", path, etag, rec.Code)
		}
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/charte/app.wasm", nil)
	req.Header.Set("Accept-Encoding", "gzip, br")
	h.ServeHTTP(rec, req)
	if rec.Header().Get("Content-Encoding") != "br" || rec.Body.String() != "br" {
		t.Errorf("wasm: %q encoding %q", rec.Body.String(), rec.Header().Get("Content-Encoding"))
	}
}

// Text files go compressed as the browser accepts, and embed.js, which
// every page view loads, stays within 5 KB brotli for each seed site
// (vanilla-cookieconsent's JS and CSS: 13.7 KB).
func TestServeCompressesText(t *testing.T) {
	h, err := handler("../../config", io.Discard, fakeWidget)
	if err != nil {
		t.Fatal(err)
	}
	get := func(path, ae string) *http.Response {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", path, nil)
		if ae != "" {
			req.Header.Set("Accept-Encoding", ae)
		}
		h.ServeHTTP(rec, req)
		return rec.Result()
	}
	for _, site := range []string{"exemple.fr", "data.tco.re", "herault-data.fr"} {
		path := "/s/" + site + "/embed.js"
		plain, _ := io.ReadAll(get(path, "").Body)
		res := get(path, "gzip, deflate, br")
		packed, _ := io.ReadAll(res.Body)
		if res.Header.Get("Content-Encoding") != "br" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
			t.Fatalf("%s: encoding %q, Vary %q", path, res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
		}
		if b, err := io.ReadAll(brotli.NewReader(bytes.NewReader(packed))); err != nil || !bytes.Equal(b, plain) {
			t.Errorf("%s: brotli body does not give the plain one (%v)", path, err)
		}
		if len(packed) > 5000 {
			t.Errorf("%s is %d bytes brotli, over 5 KB", path, len(packed))
		}
		res = get(path, "gzip")
		zr, err := gzip.NewReader(res.Body)
		if err != nil || res.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("%s with gzip only: %q, %v", path, res.Header.Get("Content-Encoding"), err)
		}
		if b, _ := io.ReadAll(zr); !bytes.Equal(b, plain) {
			t.Errorf("%s: gzip body does not give the plain one", path)
		}
	}
}

// build refuses to write anything while a config is broken.
func TestBuildFailsOnBrokenConfig(t *testing.T) {
	out := filepath.Join(t.TempDir(), "dist")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "-config", configDir(t), "-out", out}, &stdout, &stderr); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), badErr) {
		t.Errorf("stderr: %s", stderr.String())
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("build wrote files despite the broken config")
	}
}

func TestBuildFlags(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "-base", "consent.example"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "not an http(s) URL") {
		t.Errorf("exit %d: %s", code, stderr.String())
	}
}
