// Command prepare writes what a release binary of charte embeds: app.wasm
// built from this tree, its brotli and gzip forms, and the toolchain's
// wasm_exec.js, into one folder (make release: cmd/charte/release/). It
// goes through web/app.wasm as make run does, so a fresh development build
// and its compressed forms are reused rather than made again.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/charte/charte/internal/toolchain"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: prepare OUTDIR")
		os.Exit(2)
	}
	if err := prepare(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "prepare:", err)
		os.Exit(1)
	}
}

func prepare(out string) error {
	root, err := toolchain.ModuleRoot(".")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	start := time.Now()
	w, err := toolchain.EnsureWasm(root, os.Stdout)
	if err != nil {
		return err
	}
	raw, br, gz := w.Raw, w.Br, w.Gz
	exec, err := toolchain.WasmExecJS()
	if err != nil {
		return err
	}
	for name, b := range map[string][]byte{"app.wasm": raw, "app.wasm.br": br, "app.wasm.gz": gz, "wasm_exec.js": exec} {
		if err := os.WriteFile(filepath.Join(out, name), b, 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("prepare: app.wasm %d bytes (%d brotli, %d gzip) in %s, %s\n", len(raw), len(br), len(gz), out, time.Since(start).Round(100*time.Millisecond))
	return nil
}
