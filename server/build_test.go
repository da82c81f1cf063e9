package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"

	"github.com/charte/charte/internal/precompress"
	"github.com/charte/charte/inventory"
)

func testSites(t *testing.T) []*inventory.Site {
	sites, errs := inventory.LoadDir("../config")
	if len(errs) > 0 || len(sites) < 3 {
		t.Fatalf("configs: %v", errs)
	}
	return sites
}

// fakeWasm stands for app.wasm: the build only moves its bytes.
func fakeWasm() *Wasm {
	raw := []byte("\x00asm\x01\x00\x00\x00 charte test module")
	return &Wasm{Raw: raw, Br: precompress.Brotli(raw), Gz: precompress.Gzip(raw), Hash: hash12(raw)}
}

// treeFiles reads every file of a tree, forms included, by name.
func treeFiles(t *testing.T, tree fs.FS) map[string][]byte {
	out := map[string][]byte{}
	err := fs.WalkDir(tree, ".", func(name string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		out[name], err = fs.ReadFile(tree, name)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func readTree(t *testing.T, dir string) map[string][]byte {
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Building twice gives the same files, byte for byte.
func TestBuildReproducible(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if err := WriteDir(a, Build(testSites(t), fakeWasm(), []byte("/* loader */"), "https://consent.example")); err != nil {
		t.Fatal(err)
	}
	if err := WriteDir(b, Build(testSites(t), fakeWasm(), []byte("/* loader */"), "https://consent.example")); err != nil {
		t.Fatal(err)
	}
	ta, tb := readTree(t, a), readTree(t, b)
	if len(ta) != len(tb) || len(ta) < 40 {
		t.Fatalf("%d files, then %d", len(ta), len(tb))
	}
	for name, x := range ta {
		if !bytes.Equal(x, tb[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

func TestBuildTree(t *testing.T) {
	w, loader := fakeWasm(), []byte("/* loader */")
	files := treeFiles(t, Build(testSites(t), w, loader, ""))
	lh := hash12(loader)
	for _, name := range []string{
		"index.html",
		"charte/app." + w.Hash + ".wasm", "charte/app." + w.Hash + ".wasm.br", "charte/app." + w.Hash + ".wasm.gz",
		"charte/loader." + lh + ".js", "charte/loader." + lh + ".js.br", "charte/loader." + lh + ".js.gz",
		"charte/static/icon.svg", "charte/static/icon-192.png", "charte/static/icon-512.png",
		"s/herault-data.fr/index.html", "s/herault-data.fr/en/index.html", "s/herault-data.fr/embed.js",
		"s/herault-data.fr/embed.js.br", "s/herault-data.fr/embed.js.gz", "s/herault-data.fr/inventory.json",
		"s/herault-data.fr/manifest.webmanifest", "s/herault-data.fr/sw.js",
	} {
		if files[name] == nil {
			t.Errorf("no %s", name)
		}
	}
	// Every .br and .gz holds its file.
	for name, b := range files {
		var r io.Reader
		switch {
		case strings.HasSuffix(name, ".br"):
			r = brotli.NewReader(bytes.NewReader(b))
		case strings.HasSuffix(name, ".gz"):
			gz, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			r = gz
		default:
			continue
		}
		got, err := io.ReadAll(r)
		if orig := files[name[:strings.LastIndexByte(name, '.')]]; err != nil || !bytes.Equal(got, orig) {
			t.Errorf("%s does not decode to its file (%v)", name, err)
		}
	}
	// embed.js names the hashed files relative to itself; the worker keeps
	// them and trusts their names.
	embed := string(files["s/herault-data.fr/embed.js"])
	for _, want := range []string{`"loader":"../../charte/loader.` + lh + `.js"`, `"wasm":"../../charte/app.` + w.Hash + `.wasm"`, `"inventory":"./inventory.json"`} {
		if !strings.Contains(embed, want) {
			t.Errorf("embed.js lacks %s", want)
		}
	}
	sw := string(files["s/herault-data.fr/sw.js"])
	if !strings.Contains(sw, `"immutable":["../../charte/loader.`+lh+`.js","../../charte/app.`+w.Hash+`.wasm"]`) || !strings.Contains(sw, `"./en/"`) {
		t.Errorf("sw.js config: %s", regexp.MustCompile(`var C = .*`).FindString(sw))
	}
	// No absolute URL of Charte's own files anywhere: the tree moves as is.
	for name, b := range files {
		if strings.HasSuffix(name, ".js") || strings.HasSuffix(name, ".webmanifest") {
			if bytes.Contains(b, []byte("http://127.0.0.1")) || bytes.Contains(b, []byte(`"/charte/`)) {
				t.Errorf("%s holds an absolute path", name)
			}
		}
	}
}

// A new wasm makes new names and a new worker version; the old files'
// names are not reused.
func TestBuildVersions(t *testing.T) {
	w1 := fakeWasm()
	w2 := &Wasm{Raw: []byte("\x00asm other"), Hash: hash12([]byte("\x00asm other"))}
	w2.Br, w2.Gz = precompress.Brotli(w2.Raw), precompress.Gzip(w2.Raw)
	a := treeFiles(t, Build(testSites(t), w1, []byte("l"), ""))
	b := treeFiles(t, Build(testSites(t), w2, []byte("l"), ""))
	if bytes.Equal(a["s/exemple.fr/sw.js"], b["s/exemple.fr/sw.js"]) || bytes.Equal(a["s/exemple.fr/embed.js"], b["s/exemple.fr/embed.js"]) {
		t.Error("a new wasm leaves sw.js or embed.js as they were")
	}
	if !bytes.Equal(a["s/exemple.fr/inventory.json"], b["s/exemple.fr/inventory.json"]) {
		t.Error("the inventory changed with the wasm")
	}
}

// A symbolic link already in the output folder is never written through:
// a linked folder stops the build before anything is written; a linked
// file is replaced by the new file, its target left as it was.
func TestWriteDirSymlinks(t *testing.T) {
	files := fstest.MapFS{"index.html": {Data: []byte("new")}, "s/x/embed.js": {Data: []byte("js")}}

	out, elsewhere := t.TempDir(), t.TempDir()
	os.Symlink(elsewhere, filepath.Join(out, "s"))
	err := WriteDir(out, files)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(out, "s")+" is a symbolic link") {
		t.Errorf("linked folder: %v", err)
	}
	if tree := readTree(t, elsewhere); len(tree) != 0 {
		t.Errorf("written through the link: %v", tree)
	}
	if _, err := os.Lstat(filepath.Join(out, "index.html")); err == nil {
		t.Error("files written before the error")
	}

	out = t.TempDir()
	target := filepath.Join(elsewhere, "precious")
	os.WriteFile(target, []byte("keep"), 0o600)
	os.Symlink(target, filepath.Join(out, "index.html"))
	if err := WriteDir(out, files); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Errorf("the link's target now holds %q", b)
	}
	st, err := os.Lstat(filepath.Join(out, "index.html"))
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); err != nil || !st.Mode().IsRegular() || string(b) != "new" || st.Mode().Perm() != 0o644 {
		t.Errorf("index.html: %v %v %q", st.Mode(), err, b)
	}
	if tree := readTree(t, out); len(tree) != 2 {
		t.Errorf("left over: %v", tree)
	}
}
