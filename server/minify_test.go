package server

import (
	"bytes"
	"io/fs"
	"os/exec"
	"strings"
	"testing"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/charte/charte/inventory"
	"github.com/charte/charte/web"
)

func TestMinify(t *testing.T) {
	out := embedSource()
	if src := sourceSize(t, web.Embed); !bytes.Contains(out, []byte(configSlot)) || len(out) > src*6/10 {
		t.Errorf("embed.js minified from %d to %d bytes, or its config slot lost", src, len(out))
	}
	// Comments and the widget's inner names are gone; the public ones stay.
	for _, gone := range []string{"// ", "function settle(", "readyResolve"} {
		if bytes.Contains(out, []byte(gone)) {
			t.Errorf("minified embed.js still holds %q", gone)
		}
	}
	for _, kept := range []string{"cookies_preferences", "charte:consent", "charte:change", "acceptAll", "onChange", "data-charte-action"} {
		if !bytes.Contains(out, []byte(kept)) {
			t.Errorf("minified embed.js lost %q", kept)
		}
	}
	loader, err := loaderJS()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(loader, []byte("__charteLoad")) || bytes.Contains(loader, []byte("WASM_EXEC")) {
		t.Error("the loader lost its entry point or kept its wasm_exec slot")
	}
	if _, err := minifyJS([]byte("var x = ;"), api.ES5); err == nil || !strings.Contains(err.Error(), "1:") {
		t.Errorf("a syntax error gave %v, want its line and column", err)
	}
	// Still JavaScript for another engine, when node is there to tell
	// (the browser tests run both scripts in Chromium in any case).
	site, err := inventory.LoadFile("../config/herault-data.fr.json")
	if err != nil {
		t.Fatal(err)
	}
	if node, err := exec.LookPath("node"); err == nil {
		for name, js := range map[string][]byte{"embed.js": embedJS(site, assets{Loader: LoaderPath, Wasm: WasmPath}), "loader.js": loader} {
			cmd := exec.Command(node, "--check", "-")
			cmd.Stdin = bytes.NewReader(js)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("minified %s does not parse: %v\n%s", name, err, b)
			}
		}
	}
}

// sourceSize is the bytes of every file in fsys.
func sourceSize(t *testing.T, fsys fs.FS) int {
	n := 0
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		n += len(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
