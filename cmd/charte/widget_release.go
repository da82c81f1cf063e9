//go:build release

package main

import (
	_ "embed"
	"io"

	"github.com/charte/charte/server"
)

// A release binary carries the widget that make release built, so serve
// and build need neither Go nor the source tree.
var (
	//go:embed release/app.wasm
	releaseWasm []byte
	//go:embed release/app.wasm.br
	releaseWasmBr []byte
	//go:embed release/app.wasm.gz
	releaseWasmGz []byte
	//go:embed release/wasm_exec.js
	releaseWasmExec []byte
)

const releaseBuild = true

func widget(io.Writer) (*server.Wasm, []byte, error) {
	loader, err := server.LoaderWith(releaseWasmExec)
	return server.NewWasm(releaseWasm, releaseWasmBr, releaseWasmGz), loader, err
}
