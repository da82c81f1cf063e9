package server

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"sync"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/charte/charte/pwa"
	"github.com/charte/charte/web"
)

// Paths of the shared assets under the base URL.
const (
	LoaderPath = "/charte/loader.js"
	WasmPath   = "/charte/app.wasm"
)

// assets names the files all sites share: stable names in serve (no-cache,
// ETag), content-hashed names in a build (cached for ever).
type assets struct {
	Loader, Wasm string // root-relative paths
	Hashed       bool
	loader       []byte
	wasmHash     string
}

// serveAssets are the stable names the dev server uses.
func serveAssets(w *Wasm, loader []byte) assets {
	return assets{Loader: LoaderPath, Wasm: WasmPath, loader: loader, wasmHash: w.Hash}
}

// hashedAssets are the content-hashed names of a build.
func hashedAssets(w *Wasm, loader []byte) assets {
	return assets{
		Loader: "/charte/loader." + hash12(loader) + ".js",
		Wasm:   "/charte/app." + w.Hash + ".wasm",
		Hashed: true, loader: loader, wasmHash: w.Hash,
	}
}

// hash12 is the first 12 hex digits of b's SHA-256: in the names of a
// build's hashed files and in ETags.
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

// LoaderWith is the loader with the given wasm_exec.js inside: the Go
// toolchain's (internal/toolchain), or in a release binary the one its
// app.wasm was built with.
func LoaderWith(exec []byte) ([]byte, error) {
	// Minified once wasm_exec.js is in: the loader is on the first visit's
	// path to the banner's takeover.
	return bundleJS(filled{web.Loader, []byte("/*WASM_EXEC*/"), exec}, "loader/main.js", api.ES2020)
}
