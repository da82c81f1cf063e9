// Package precompress makes the brotli and gzip forms of the files Charte
// sends, ahead of the requests: the same bytes always give the same forms,
// so builds are reproducible.
package precompress

import (
	"bytes"
	"compress/gzip"
	"math/bits"

	"github.com/andybalholm/brotli"
)

// Brotli compresses at the highest quality with a window no larger than
// the file: quality 11's match finder allocates in proportion to the
// window (about 130 MB at brotli's largest, 16 MB), and a window past the
// file's size finds nothing more.
func Brotli(b []byte) []byte {
	var buf bytes.Buffer
	w := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: 11, LGWin: brotliWindow(len(b))})
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// brotliWindow is the base-2 logarithm of the smallest window that holds
// n bytes, within brotli's bounds (10 to 24).
func brotliWindow(n int) int {
	return min(max(bits.Len(uint(max(n-1, 0))), 10), 24)
}

// Gzip compresses at the best level, with no name or time in the header.
func Gzip(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}
