package server

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"math/bits"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/charte/charte/internal/goappclient"
)

// Wasm is the compiled widget, with its precompressed forms.
type Wasm struct {
	Raw, Br, Gz []byte
	Hash        string // first hex digits of the raw file's SHA-256
}

// widgetPkg is the client's main package.
const widgetPkg = "./cmd/widget"

// wasmSources are the folders whose Go files make app.wasm: its packages,
// and the one that readies go-app for it.
var wasmSources = []string{"app", "cmd/widget", "consent", "internal/goappclient", "internal/lazyre", "inventory", "policy"}

// ModuleRoot finds the folder of Charte's go.mod from dir upwards.
func ModuleRoot(dir string) (string, error) {
	dir, _ = filepath.Abs(dir)
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && bytes.Contains(b, []byte("module github.com/charte/charte\n")) {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", fmt.Errorf("not inside Charte's source tree (no go.mod of github.com/charte/charte): run from the repository")
		}
		dir = up
	}
}

// newestSource is the latest change among the widget's sources.
func newestSource(root string) time.Time {
	var newest time.Time
	see := func(p string) {
		if st, err := os.Stat(p); err == nil && st.ModTime().After(newest) {
			newest = st.ModTime()
		}
	}
	see(filepath.Join(root, "go.mod"))
	see(filepath.Join(root, "go.sum"))
	for _, d := range wasmSources {
		filepath.WalkDir(filepath.Join(root, d), func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() && (strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".css")) {
				see(p)
			}
			return nil
		})
	}
	return newest
}

// EnsureWasm returns web/app.wasm, built first when it is missing or older
// than its sources, and its .br and .gz, made when older than it. It says
// what it builds on log.
func EnsureWasm(root string, log io.Writer) (*Wasm, error) {
	path := filepath.Join(root, "web", "app.wasm")
	st, err := os.Stat(path)
	if err != nil || st.ModTime().Before(newestSource(root)) {
		fmt.Fprintln(log, "charte: building web/app.wasm (GOOS=js GOARCH=wasm go build ./cmd/widget)…")
		start := time.Now()
		if err := BuildWasm(root, path); err != nil {
			return nil, err
		}
		fmt.Fprintf(log, "charte: built web/app.wasm in %s\n", time.Since(start).Round(100*time.Millisecond))
	}
	w := &Wasm{}
	if w.Raw, err = os.ReadFile(path); err != nil {
		return nil, err
	}
	w.Hash = hash12(w.Raw)
	if w.Br, err = compressed(path, ".br", w.Raw, brotliBytes, log); err != nil {
		return nil, err
	}
	if w.Gz, err = compressed(path, ".gz", w.Raw, gzipBytes, log); err != nil {
		return nil, err
	}
	return w, nil
}

// NewWasm is a widget build from its three forms, as a release binary
// carries them.
func NewWasm(raw, br, gz []byte) *Wasm {
	return &Wasm{Raw: raw, Br: br, Gz: gz, Hash: hash12(raw)}
}

// BuildWasm compiles the client alone, stripped: no server code is linked,
// go-app's own included (goappclient).
func BuildWasm(root, out string) error {
	tmp, err := os.MkdirTemp("", "charte-wasm-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	modfile, err := goappclient.Modfile(goTool(), root, widgetPkg, tmp)
	if err != nil {
		return fmt.Errorf("building app.wasm: %w", err)
	}
	cmd := exec.Command(goTool(), "build", "-trimpath", "-modfile", modfile, "-ldflags=-s -w", "-o", out, widgetPkg)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building app.wasm: %v\n%s", err, out)
	}
	return nil
}

func compressed(path, ext string, raw []byte, f func([]byte) []byte, log io.Writer) ([]byte, error) {
	src, _ := os.Stat(path)
	if st, err := os.Stat(path + ext); err == nil && !st.ModTime().Before(src.ModTime()) {
		return os.ReadFile(path + ext)
	}
	fmt.Fprintf(log, "charte: compressing web/app.wasm%s\n", ext)
	b := f(raw)
	return b, os.WriteFile(path+ext, b, 0o644)
}

// brotliBytes compresses at the highest quality with a window no larger
// than the file: quality 11's match finder allocates in proportion to the
// window (about 130 MB at brotli's largest, 16 MB), and a window past the
// file's size finds nothing more.
func brotliBytes(b []byte) []byte {
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

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func goTool() string {
	if p := filepath.Join(goroot(), "bin", "go"); fileExists(p) {
		return p
	}
	return "go"
}

func goEnv(key string) (string, error) {
	out, err := exec.Command("go", "env", key).Output()
	return trimNL(out), err
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }
