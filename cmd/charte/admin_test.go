package main

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// serve answers /admin/ only with an operator token set, and then only
// with a session; without a token, /admin/ is not there at all.
func TestServeAdmin(t *testing.T) {
	dir := t.TempDir()
	cfg, err := os.ReadFile("../../config/exemple.fr.json")
	if err != nil {
		t.Fatal(err)
	}
	cfg = []byte(strings.Replace(string(cfg), "{", "{\n  \"proofs\": true,", 1))
	os.WriteFile(filepath.Join(dir, "exemple.fr.json"), cfg, 0o644)
	for _, tc := range []struct {
		token string
		code  int
	}{{"", 404}, {"tiny-tok", 404}, {"a-long-enough-operator-token", 401}} {
		var log syncBuffer
		l := &live{dir: dir, log: slog.New(slog.NewTextHandler(&log, nil))}
		if err := l.start(filepath.Join(t.TempDir(), "proofs.db"), 30, io.Discard, fakeWidget); err != nil {
			t.Fatal(err)
		}
		l.enableAdmin(tc.token)
		for _, p := range []string{"/admin/", "/admin/s/exemple.fr/"} {
			if rec := get(t, l, p); rec.Code != tc.code || (tc.code == 401 && rec.Header().Get("Cache-Control") != "no-store") {
				t.Errorf("token %q, %s: %d %v", tc.token, p, rec.Code, rec.Header())
			}
		}
		if tc.token != "" && strings.Contains(log.String(), tc.token) {
			t.Errorf("the log holds the token:\n%s", log.String())
		}
		l.store.Close()
	}
}
