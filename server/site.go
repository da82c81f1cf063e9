package server

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/charte/charte/inventory"
	"github.com/charte/charte/pwa"
	"github.com/charte/charte/web"
)

// Assets names the files all sites share: stable names in serve (no-cache,
// ETag), content-hashed names in a build (cached for ever).
type Assets struct {
	Loader, Wasm string // root-relative paths
	Hashed       bool
	loader       []byte
	wasmHash     string
}

// ServeAssets are the stable names the dev server uses.
func ServeAssets(w *Wasm, loader []byte) Assets {
	return Assets{Loader: LoaderPath, Wasm: WasmPath, loader: loader, wasmHash: w.Hash}
}

// HashedAssets are the content-hashed names of a build.
func HashedAssets(w *Wasm, loader []byte) Assets {
	return Assets{
		Loader: "/charte/loader." + hash12(loader) + ".js",
		Wasm:   "/charte/app." + w.Hash + ".wasm",
		Hashed: true, loader: loader, wasmHash: w.Hash,
	}
}

func hash12(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:12]
}

// staticFiles are Charte's own icons, by root-relative path, made once
// (the PNGs are drawn): callers only read them.
var staticFiles = sync.OnceValue(func() map[string][]byte {
	out := map[string][]byte{}
	fs.WalkDir(web.Static, "static", func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			out["/charte/"+p], _ = web.Static.ReadFile(p)
		}
		return nil
	})
	for _, n := range pwa.Sizes {
		out[fmt.Sprintf("/charte/static/icon-%d.png", n)] = pwa.IconPNG(n)
	}
	return out
})

// PagePath is the root-relative path of a site's policy page in lang: the
// default language at /s/<site>/, the others at /s/<site>/<lang>/.
func PagePath(s *inventory.Site, lang string) string {
	if lang == s.DefaultLanguage {
		return "/s/" + s.ID + "/"
	}
	return "/s/" + s.ID + "/" + lang + "/"
}

// SiteFiles is every file of one site under /s/<site>/, by root-relative
// path (a trailing slash names a page).
func SiteFiles(s *inventory.Site, a Assets) map[string][]byte {
	dir := "/s/" + s.ID + "/"
	out := map[string][]byte{
		dir + "embed.js":             EmbedJS(s, a),
		dir + "inventory.json":       InventoryJSON(s),
		dir + "manifest.webmanifest": pwa.Manifest(s, rel(dir+"manifest.webmanifest", "/charte/static/")),
	}
	for _, lang := range s.Languages {
		out[PagePath(s, lang)] = PolicyPage(s, lang)
	}
	for name, b := range ShellFiles(s) {
		out[dir+name] = b
	}
	for name, b := range PlaceholderFiles(s) {
		out[dir+name] = b
	}

	// The worker keeps the site's files and what its pages load.
	static := staticFiles()
	var entries []pwa.Entry
	for _, p := range slices.Sorted(maps.Keys(out)) {
		entries = append(entries, pwa.Entry{URL: rel(dir+"sw.js", p), Content: out[p]})
	}
	for _, p := range slices.Sorted(maps.Keys(static)) {
		entries = append(entries, pwa.Entry{URL: rel(dir+"sw.js", p), Content: static[p]})
	}
	entries = append(entries,
		pwa.Entry{URL: rel(dir+"sw.js", a.Loader), Content: a.loader, Immutable: a.Hashed},
		pwa.Entry{URL: rel(dir+"sw.js", a.Wasm), Content: []byte(a.wasmHash), Immutable: a.Hashed})
	out[dir+"sw.js"] = pwa.Worker(s.ID, entries)
	return out
}

// rel is the URL of the root-relative path to as seen from the document
// at from, so the tree works under any origin and folder.
func rel(from, to string) string {
	fromDir := strings.Split(strings.TrimPrefix(path.Dir(from+"x"), "/"), "/")
	toParts := strings.Split(strings.TrimPrefix(to, "/"), "/")
	if fromDir[0] == "" {
		fromDir = nil
	}
	i := 0
	for i < len(fromDir) && i < len(toParts)-1 && fromDir[i] == toParts[i] {
		i++
	}
	r := strings.Repeat("../", len(fromDir)-i) + strings.Join(toParts[i:], "/")
	if !strings.HasPrefix(r, "../") {
		r = "./" + r
	}
	return r
}
