package server

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// WriteDir writes the files of a tree (a Tree, or any fs.FS) under dir.
// Files already there stay: the previous build's hashed files keep
// serving pages that still name them.
// Nothing is written through a symbolic link already inside dir: a folder
// on the way that is a link stops the build before anything is written,
// and each file is written beside its name then renamed over it, which
// replaces a link (or a file a server is sending) instead of writing into
// it.
func WriteDir(dir string, files fs.FS) error {
	var names []string
	err := fs.WalkDir(files, ".", func(name string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			names = append(names, name)
		}
		return err
	})
	if err != nil {
		return err
	}
	for _, name := range names {
		sub := dir
		parts := strings.Split(name, "/")
		for _, part := range parts[:len(parts)-1] {
			sub = filepath.Join(sub, part)
			st, err := os.Lstat(sub)
			switch {
			case errors.Is(err, fs.ErrNotExist):
			case err != nil:
				return err
			case st.Mode()&fs.ModeSymlink != 0:
				return fmt.Errorf("%s is a symbolic link: charte build writes nothing through one; remove it or choose another -out folder", sub)
			case !st.IsDir():
				return fmt.Errorf("%s is a file where the build needs a folder; remove it", sub)
			}
		}
	}
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		b, err := fs.ReadFile(files, name)
		if err == nil {
			err = replaceFile(p, b)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// replaceFile writes b to a new file beside p and renames it to p.
func replaceFile(p string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(p), ".charte-*")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
