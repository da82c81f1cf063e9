package server

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/charte/charte/inventory"
)

// Build is the URL tree of the sites as static files, by path relative to
// the output folder: content-hashed loader and wasm, every text file with
// its .br and .gz beside it. base, when set, is the URL the tree will be
// served from, used only in the index page's snippets. The same input
// gives the same bytes.
func Build(sites []*inventory.Site, w *Wasm, loader []byte, base string) map[string][]byte {
	a := HashedAssets(w, loader)
	tree := StaticFiles()
	tree[a.Loader] = loader
	for _, s := range sites {
		for p, b := range SiteFiles(s, a) {
			tree[p] = b
		}
	}
	tree["/"] = buildIndex(sites, strings.TrimSuffix(base, "/"))

	out := map[string][]byte{}
	for p, b := range tree {
		name := strings.TrimPrefix(p, "/")
		if name == "" || strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		out[name] = b
		if compressible(name) {
			out[name+".br"] = brotliBytes(b)
			out[name+".gz"] = gzipBytes(b)
		}
	}
	wasm := strings.TrimPrefix(a.Wasm, "/")
	out[wasm], out[wasm+".br"], out[wasm+".gz"] = w.Raw, w.Br, w.Gz
	return out
}

func compressible(name string) bool {
	for _, ext := range []string{".js", ".json", ".webmanifest", ".html", ".svg"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// WriteDir writes the files under dir. Files already there stay: the
// previous build's hashed files keep serving pages that still name them.
// Nothing is written through a symbolic link already inside dir: a folder
// on the way that is a link stops the build before anything is written,
// and each file is written beside its name then renamed over it, which
// replaces a link (or a file a server is sending) instead of writing into
// it.
func WriteDir(dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
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
		if err := replaceFile(p, files[name]); err != nil {
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

var buildIndexTmpl = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<title>Charte</title><link rel="icon" href="charte/static/icon.svg"></head>
<body style="font:17px/1.5 system-ui,sans-serif;max-width:760px;margin:0 auto;padding:24px 16px">
<h1>Charte</h1><p>Sites :</p><ul>
{{range .Sites}}<li><strong>{{.Name}}</strong> — <a href="s/{{.ID}}/">charte cookies</a> · <code>&lt;script src="{{$.Base}}/s/{{.ID}}/embed.js"&gt;&lt;/script&gt;</code></li>
{{end}}</ul></body></html>
`))

func buildIndex(sites []*inventory.Site, base string) []byte {
	var b bytes.Buffer
	if err := buildIndexTmpl.Execute(&b, map[string]any{"Sites": sites, "Base": base, "CSP": strings.TrimSuffix(indexCSP, "; frame-ancestors 'none'")}); err != nil {
		panic(fmt.Sprintf("index template: %v", err))
	}
	return b.Bytes()
}
