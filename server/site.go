package server

import (
	"encoding/json"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/charte/charte/inventory"
	"github.com/charte/charte/pwa"
)

// pagePath is the root-relative path of a site's policy page in lang: the
// default language at /s/<site>/, the others at /s/<site>/<lang>/.
func pagePath(s *inventory.Site, lang string) string {
	if lang == s.DefaultLanguage {
		return "/s/" + s.ID + "/"
	}
	return "/s/" + s.ID + "/" + lang + "/"
}

// siteFiles is every file of one site under /s/<site>/, by root-relative
// path (a trailing slash names a page).
func siteFiles(s *inventory.Site, a assets) map[string][]byte {
	dir := "/s/" + s.ID + "/"
	out := map[string][]byte{
		dir + "embed.js":             embedJS(s, a),
		dir + "inventory.json":       inventoryJSON(s),
		dir + "manifest.webmanifest": pwa.Manifest(s, rel(dir+"manifest.webmanifest", "/charte/static/")),
	}
	for _, lang := range s.Languages {
		out[pagePath(s, lang)] = policyPage(s, lang)
	}
	for name, b := range shellFiles(s) {
		out[dir+name] = b
	}
	for name, b := range placeholderFiles(s) {
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

// inventoryJSON is the normalized inventory the widget reads.
func inventoryJSON(s *inventory.Site) []byte {
	c := *s
	c.Schema = ""
	b, _ := json.MarshalIndent(c, "", " ")
	return b
}
