//go:build !release

package main

import (
	"io"

	"github.com/charte/charte/internal/toolchain"
	"github.com/charte/charte/server"
)

const releaseBuild = false

// widget is app.wasm, built when missing or stale, and the loader that
// matches it: the development flow, from Charte's source tree with Go.
func widget(log io.Writer) (*server.Wasm, []byte, error) {
	root, err := toolchain.ModuleRoot(".")
	if err != nil {
		return nil, nil, err
	}
	wasm, err := toolchain.EnsureWasm(root, log)
	if err != nil {
		return nil, nil, err
	}
	loader, err := toolchain.LoaderJS()
	return wasm, loader, err
}
