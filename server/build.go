package server

import (
	"strings"

	"github.com/charte/charte/inventory"
)

// newTree is the files of the sites and what they share, with the shared
// assets named by a: everything but the index page.
func newTree(sites []*inventory.Site, w *Wasm, loader []byte, a assets) *Tree {
	t := &Tree{files: map[string]*file{}}
	for p, b := range staticFiles() {
		t.add(p, b)
	}
	t.add(a.Loader, loader)
	t.addWasm(a.Wasm, w)
	for _, s := range sites {
		for p, b := range siteFiles(s, a) {
			if f := t.add(p, b); strings.HasSuffix(p, "/") {
				f.csp = policyCSP(s, b)
			}
		}
	}
	return t
}

// Build is the URL tree of the sites as static files: content-hashed
// loader and wasm, an index page, every text file with its .br and .gz
// beside it. base, when set, is the URL the tree will be served from, used
// only in the index page's snippets. The same input gives the same bytes.
func Build(sites []*inventory.Site, w *Wasm, loader []byte, base string) *Tree {
	t := newTree(sites, w, loader, hashedAssets(w, loader))
	t.add("/", indexPage(sites, false, strings.TrimSuffix(base, "/"))).csp = indexCSP
	return t
}
