package precompress

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"

	"github.com/andybalholm/brotli"
)

// Both forms decode to the input, and the same input gives the same
// bytes: builds are reproducible.
func TestForms(t *testing.T) {
	in := bytes.Repeat([]byte("<p>Charte: cookies, consent, charte.</p>\n"), 200)
	br, gz := Brotli(in), Gzip(in)
	if !bytes.Equal(br, Brotli(in)) || !bytes.Equal(gz, Gzip(in)) {
		t.Error("the same input gave other bytes")
	}
	if len(br) >= len(in)/10 || len(gz) >= len(in)/10 {
		t.Errorf("%d bytes to %d brotli, %d gzip", len(in), len(br), len(gz))
	}
	got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
	if err != nil || !bytes.Equal(got, in) {
		t.Errorf("brotli does not decode to its input (%v)", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(zr); err != nil || !bytes.Equal(got, in) {
		t.Errorf("gzip does not decode to its input (%v)", err)
	}
}

// The window holds the file, within brotli's bounds.
func TestBrotliWindow(t *testing.T) {
	for n, want := range map[int]int{0: 10, 1: 10, 1024: 10, 1025: 11, 65536: 16, 65537: 17, 1 << 30: 24} {
		if got := brotliWindow(n); got != want {
			t.Errorf("brotliWindow(%d) = %d, want %d", n, got, want)
		}
	}
}
