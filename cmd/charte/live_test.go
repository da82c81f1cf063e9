package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"log/slog"
)

// syncBuffer is a log that a test reads while the server writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func get(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return rec
}

// /healthz says 503 until the sites are loaded, then 200 with the sites
// and the files that do not load.
func TestHealthz(t *testing.T) {
	dir := configDir(t)
	l := &live{dir: dir, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if rec := get(t, l, "/healthz"); rec.Code != 503 {
		t.Errorf("before loading: %d %s", rec.Code, rec.Body)
	}
	if rec := get(t, l, "/s/exemple.fr/embed.js"); rec.Code != 503 {
		t.Errorf("a page before loading: %d", rec.Code)
	}
	if err := l.start("", 0, io.Discard, fakeWidget); err != nil {
		t.Fatal(err)
	}
	rec := get(t, l, "/healthz")
	var got struct {
		Status string   `json:"status"`
		Sites  []string `json:"sites"`
		Broken []string `json:"broken"`
		Proofs string   `json:"proofs"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != 200 {
		t.Fatalf("%d %s: %v", rec.Code, rec.Body, err)
	}
	if got.Status != "ok" || len(got.Sites) != 1 || got.Sites[0] != "exemple.fr" || len(got.Broken) != 1 || !strings.HasSuffix(got.Broken[0], "bad.org.json") || got.Proofs != "off" {
		t.Errorf("healthz: %+v", got)
	}
}

func name(t *testing.T, h http.Handler) string {
	t.Helper()
	var inv struct{ Name string }
	rec := get(t, h, "/s/exemple.fr/inventory.json")
	if err := json.Unmarshal(rec.Body.Bytes(), &inv); err != nil {
		t.Fatalf("inventory.json: %d %v", rec.Code, err)
	}
	return inv.Name
}

// A changed config is served once the folder is polled; a broken edit is
// reported at file:line:column and the last good version keeps serving.
func TestReload(t *testing.T) {
	dir := configDir(t)
	var log syncBuffer
	l := &live{dir: dir, log: slog.New(slog.NewTextHandler(&log, nil))}
	if err := l.start("", 0, io.Discard, fakeWidget); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "exemple.fr.json")
	good, _ := os.ReadFile(file)
	if n := name(t, l); n != "Exemple de portail" {
		t.Fatalf("name %q", n)
	}
	edit := func(b []byte) {
		os.WriteFile(file, b, 0o644)
		// A later mtime even on coarse clocks.
		later := time.Now().Add(time.Duration(len(b)) * time.Millisecond)
		os.Chtimes(file, later, later)
	}

	edit(bytes.Replace(good, []byte(`"Exemple de portail"`), []byte(`"Portail renommé"`), 1))
	if err := l.reload(false); err != nil {
		t.Fatal(err)
	}
	if n := name(t, l); n != "Portail renommé" {
		t.Errorf("after a valid edit, name %q", n)
	}

	broken := bytes.Replace(good, []byte(`"revision": 1`), []byte(`"revision": "two"`), 1)
	if bytes.Equal(broken, good) {
		t.Fatal("the seed config changed: no revision to break")
	}
	edit(broken)
	if err := l.reload(false); err != nil {
		t.Fatal(err)
	}
	if n := name(t, l); n != "Portail renommé" {
		t.Errorf("after a broken edit, name %q: the last good version must keep serving", n)
	}
	out := log.String()
	if !strings.Contains(out, "exemple.fr.json:") || !strings.Contains(out, "revision: expected a whole number") ||
		!strings.Contains(out, "the last good version keeps serving") {
		t.Errorf("log:\n%s", out)
	}
	// Nothing changed since: no reload, no new report.
	before := strings.Count(log.String(), "expected a whole number")
	l.reload(false)
	if after := strings.Count(log.String(), "expected a whole number"); after != before {
		t.Errorf("an unchanged folder was loaded again")
	}
}

// One log line per request: method, path, status, duration; never the
// cookie, the query or the body.
func TestRequestLog(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		var log syncBuffer
		lg, err := newLogger(&log, format)
		if err != nil {
			t.Fatal(err)
		}
		l := &live{dir: configDir(t), log: lg}
		if err := l.start("", 0, io.Discard, fakeWidget); err != nil {
			t.Fatal(err)
		}
		before := strings.Count(log.String(), "\n")
		req := httptest.NewRequest("POST", "/s/exemple.fr/embed.js?token=querysecret", strings.NewReader("bodysecret"))
		req.Header.Set("Cookie", "cookies_preferences=cookiesecret")
		l.ServeHTTP(httptest.NewRecorder(), req)
		get(t, l, "/nothing-here")
		lines := strings.Split(strings.TrimSpace(log.String()), "\n")[before:]
		if len(lines) != 2 {
			t.Fatalf("%s: want 2 lines, got:\n%s", format, strings.Join(lines, "\n"))
		}
		for _, secret := range []string{"querysecret", "bodysecret", "cookiesecret"} {
			if strings.Contains(log.String(), secret) {
				t.Errorf("%s: the log holds %s", format, secret)
			}
		}
		if format == "json" {
			var rec struct {
				Msg, Method, Path string
				Status            int
				Duration          int64
			}
			if err := json.Unmarshal([]byte(lines[1]), &rec); err != nil {
				t.Fatalf("json line %q: %v", lines[1], err)
			}
			if rec.Msg != "request" || rec.Method != "GET" || rec.Path != "/nothing-here" || rec.Status != 404 || rec.Duration <= 0 {
				t.Errorf("json line %+v", rec)
			}
		} else if !strings.Contains(lines[1], "msg=request method=GET path=/nothing-here status=404") || !strings.Contains(lines[1], "duration=") {
			t.Errorf("text line %q", lines[1])
		}
	}
	if _, err := newLogger(io.Discard, "xml"); err == nil {
		t.Error("-log xml accepted")
	}
}
