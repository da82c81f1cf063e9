package server

import (
	"bytes"
	"io/fs"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// loaderJS is the loader with the Go toolchain's wasm_exec.js, found as
// internal/toolchain finds it (which imports this package, so its tests
// cannot call it).
func loaderJS() ([]byte, error) {
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return nil, err
	}
	wasmExec, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return nil, err
	}
	return LoaderWith(wasmExec)
}

// A tree reads as any fs.FS does: every file and folder opens, lists and
// stats as io/fs requires.
func TestTreeFS(t *testing.T) {
	tree := Build(testSites(t), fakeWasm(), []byte("/* loader */"), "")
	files := treeFiles(t, tree)
	var names []string
	for name := range files {
		names = append(names, name)
	}
	if err := fstest.TestFS(tree, names...); err != nil {
		t.Fatal(err)
	}
	// Forms stand only beside the files that have them.
	for _, name := range []string{"charte/static/icon-192.png.br", "s/exemple.fr/index.html.br.gz", "nowhere.js"} {
		if _, err := fs.ReadFile(tree, name); err == nil {
			t.Errorf("%s reads", name)
		}
	}
}

// serve and build answer from the same tree: every file a build writes
// but the index is served, at its URL, with the same bytes (its hashed
// names aside).
func TestServeAnswersTheBuiltTree(t *testing.T) {
	sites, w, loader := testSites(t), fakeWasm(), []byte("/* loader */")
	srv := New(sites, w, loader)
	built := treeFiles(t, Build(sites, w, loader, ""))
	a := hashedAssets(w, loader)
	n := 0
	for name, b := range built {
		p := "/" + strings.TrimSuffix(name, "index.html")
		switch {
		case p == "/", strings.HasSuffix(p, ".br"), strings.HasSuffix(p, ".gz"):
			continue
		case p == a.Loader:
			p = LoaderPath
		case p == a.Wasm:
			p = WasmPath
		case strings.HasSuffix(p, "/embed.js"), strings.HasSuffix(p, "/sw.js"):
			b = nil // they name the assets
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		if rec.Code != 200 || b != nil && !bytes.Equal(rec.Body.Bytes(), b) {
			t.Errorf("GET %s: %d, %d bytes where the build has %d", p, rec.Code, rec.Body.Len(), len(b))
		}
		n++
	}
	if n < 30 {
		t.Errorf("only %d files compared", n)
	}
}
