package server

import (
	"path"
	"strings"
	"sync"

	"github.com/charte/charte/internal/precompress"
)

// A Tree is Charte's URL tree as files, which serve answers from and build
// writes. As an fs.FS, the page at /s/<site>/ is the file
// s/<site>/index.html, and each text file, and the wasm, has its brotli
// and gzip forms beside it as <name>.br and <name>.gz. A form is made on
// its first read and kept.
type Tree struct {
	files map[string]*file // by name, without the forms
}

// file is one file of a tree.
type file struct {
	body []byte
	hash string // for names and ETags: hash12(body), or the wasm's
	csp  string // a page's Content-Security-Policy, else ""
	// forms: listed beside the file in the tree; given: made elsewhere
	// (the wasm's), so always worth sending.
	forms, given bool
	br, gz       form
}

// form is a file's compressed form, made once: concurrent first reads
// wait for it instead of each compressing again.
type form struct {
	once sync.Once
	b    []byte
}

// packed is f's body compressed with enc, "br" or "gzip".
func (f *file) packed(enc string) []byte {
	fm, compress := &f.br, precompress.Brotli
	if enc == "gzip" {
		fm, compress = &f.gz, precompress.Gzip
	}
	fm.once.Do(func() { fm.b = compress(f.body) })
	return fm.b
}

// compressible says which files a tree lists with their forms.
func compressible(name string) bool {
	switch path.Ext(name) {
	case ".js", ".json", ".webmanifest", ".html", ".svg":
		return true
	}
	return false
}

// fileName is the tree's name of the URL path p: a path ending in "/"
// names a page, stored as its index.html.
func fileName(p string) string {
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	return name
}

// add puts b in the tree at the URL path p.
func (t *Tree) add(p string, b []byte) *file {
	name := fileName(p)
	f := &file{body: b, hash: hash12(b), forms: compressible(name)}
	t.files[name] = f
	return f
}

// addWasm puts the widget build at the URL path p, with its own forms.
func (t *Tree) addWasm(p string, w *Wasm) {
	f := &file{body: w.Raw, hash: w.Hash, forms: true, given: true}
	f.br.once.Do(func() { f.br.b = w.Br })
	f.gz.once.Do(func() { f.gz.b = w.Gz })
	t.files[fileName(p)] = f
}

// at is the file at the URL path p, and its name. Only a path ending in
// "/" reaches an index.html, and no URL reaches a form: the server picks
// the form itself.
func (t *Tree) at(p string) (string, *file) {
	if !strings.HasPrefix(p, "/") || path.Base(p) == "index.html" {
		return "", nil
	}
	name := fileName(p)
	return name, t.files[name]
}
