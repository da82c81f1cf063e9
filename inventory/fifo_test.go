//go:build unix

package inventory

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A FIFO in the config folder is refused at once: reading it would wait
// for a writer for ever.
func TestFIFORefused(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "pipe.org.json")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { _, err := LoadFile(p); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "pipe.org.json: this is not a regular file but a FIFO") {
			t.Errorf("%v", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("LoadFile blocks on a FIFO")
	}
}
