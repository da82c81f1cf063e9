package toolchain

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/charte/charte/internal/goappclient"
	"github.com/charte/charte/internal/precompress"
	"github.com/charte/charte/server"
)

// widgetPkg is the client's main package.
const widgetPkg = "./cmd/widget"

// wasmSources are the folders whose Go files make app.wasm: its packages,
// and the one that readies go-app for it.
var wasmSources = []string{"app", "cmd/widget", "consent", "internal/goappclient", "internal/lazyre", "inventory", "policy"}

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
func EnsureWasm(root string, log io.Writer) (*server.Wasm, error) {
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
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	br, err := compressed(path, ".br", raw, precompress.Brotli, log)
	if err != nil {
		return nil, err
	}
	gz, err := compressed(path, ".gz", raw, precompress.Gzip, log)
	if err != nil {
		return nil, err
	}
	return server.NewWasm(raw, br, gz), nil
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

// compressed is raw compressed by f, read from path+ext when that file is
// not older than path, else made and written there.
func compressed(path, ext string, raw []byte, f func([]byte) []byte, log io.Writer) ([]byte, error) {
	src, _ := os.Stat(path)
	if st, err := os.Stat(path + ext); err == nil && !st.ModTime().Before(src.ModTime()) {
		return os.ReadFile(path + ext)
	}
	fmt.Fprintf(log, "charte: compressing web/app.wasm%s\n", ext)
	b := f(raw)
	return b, os.WriteFile(path+ext, b, 0o644)
}

// LoaderJS is the loader with this toolchain's wasm_exec.js inside.
func LoaderJS() ([]byte, error) {
	exec, err := WasmExecJS()
	if err != nil {
		return nil, err
	}
	return server.LoaderWith(exec)
}
