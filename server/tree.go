package server

import (
	"bytes"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

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

var formExt = map[string]string{".br": "br", ".gz": "gzip"}

// ReadFile is a copy of the file name of the tree, or of one of its forms.
func (t *Tree) ReadFile(name string) ([]byte, error) {
	b, err := t.read(name)
	return bytes.Clone(b), err
}

// read is the file name of the tree, or one of its forms, shared.
func (t *Tree) read(name string) ([]byte, error) {
	if f := t.files[name]; f != nil {
		return f.body, nil
	}
	ext := path.Ext(name)
	if f := t.files[strings.TrimSuffix(name, ext)]; f != nil && f.forms && formExt[ext] != "" {
		return f.packed(formExt[ext]), nil
	}
	return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
}

// names are the tree's files and forms, sorted.
func (t *Tree) names() []string {
	var out []string
	for name, f := range t.files {
		out = append(out, name)
		if f.forms {
			out = append(out, name+".br", name+".gz")
		}
	}
	slices.Sort(out)
	return out
}

// ReadDir lists a folder of the tree, sorted by name: its files and
// forms, and its folders.
func (t *Tree) ReadDir(dir string) ([]fs.DirEntry, error) {
	prefix := dir + "/"
	if dir == "." {
		prefix = ""
	}
	isDir := map[string]bool{}
	for _, name := range t.names() {
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			sub, _, deeper := strings.Cut(rest, "/")
			isDir[sub] = deeper
		}
	}
	if len(isDir) == 0 && dir != "." {
		return nil, &fs.PathError{Op: "readdir", Path: dir, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(isDir))
	for _, sub := range slices.Sorted(maps.Keys(isDir)) {
		out = append(out, entry{t, prefix + sub, isDir[sub]})
	}
	return out, nil
}

// entry is a file or folder in a listing; a form's size is known once
// it is made, so Info makes it.
type entry struct {
	t     *Tree
	name  string
	isDir bool
}

func (e entry) Name() string { return path.Base(e.name) }
func (e entry) IsDir() bool  { return e.isDir }
func (e entry) Type() fs.FileMode {
	if e.isDir {
		return fs.ModeDir
	}
	return 0
}
func (e entry) Info() (fs.FileInfo, error) {
	return e.info(), nil
}

func (e entry) info() info {
	if e.isDir {
		return info{path.Base(e.name), 0, true}
	}
	b, _ := e.t.read(e.name)
	return info{path.Base(e.name), int64(len(b)), false}
}

// Open opens a file or a folder of the tree.
func (t *Tree) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if b, err := t.read(name); err == nil {
		return &openFile{Reader: bytes.NewReader(b), info: info{path.Base(name), int64(len(b)), false}}, nil
	}
	entries, err := t.ReadDir(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &openDir{info: info{path.Base(name), 0, true}, entries: entries}, nil
}

// info describes a file or folder of a tree: read-only, with no time,
// as the same input gives the same tree.
type info struct {
	name  string
	size  int64
	isDir bool
}

func (i info) Name() string       { return i.name }
func (i info) Size() int64        { return i.size }
func (i info) ModTime() time.Time { return time.Time{} }
func (i info) IsDir() bool        { return i.isDir }
func (i info) Sys() any           { return nil }
func (i info) Mode() fs.FileMode {
	if i.isDir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}

type openFile struct {
	*bytes.Reader
	info info
}

func (f *openFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *openFile) Close() error               { return nil }

type openDir struct {
	info    info
	entries []fs.DirEntry
}

func (d *openDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *openDir) Close() error               { return nil }
func (d *openDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: fs.ErrInvalid}
}

// ReadDir reads the folder's next n entries, or all that are left when
// n <= 0.
func (d *openDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if n <= 0 {
		out := d.entries
		d.entries = nil
		return out, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	out := d.entries[:min(n, len(d.entries))]
	d.entries = d.entries[len(out):]
	return out, nil
}
