package server

import (
	"bytes"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"time"
)

// A Tree reads as an fs.FS (and fs.ReadFileFS, fs.ReadDirFS): the files
// and forms it lists, in folders made of their names.

// formExt is the encoding of each form, by its file name's extension.
var formExt = map[string]string{".br": "br", ".gz": "gzip"}

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

// ReadFile returns a copy of the named file of the tree, or of one of its
// forms.
func (t *Tree) ReadFile(name string) ([]byte, error) {
	b, err := t.read(name)
	return bytes.Clone(b), err
}

// read is the named file or form itself, for reading only.
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
