// Package toolchain runs the Go toolchain for Charte's widget: it builds
// app.wasm from the source tree, keeps its brotli and gzip forms beside it,
// and finds the wasm_exec.js that matches it. The development flow (serve,
// build, the tests) and make release use it; a release binary carries what
// it made and needs neither Go nor the source tree.
package toolchain

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// ModuleRoot finds the folder of Charte's go.mod from dir upwards.
func ModuleRoot(dir string) (string, error) {
	dir, _ = filepath.Abs(dir)
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && bytes.Contains(b, []byte("module github.com/charte/charte\n")) {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", fmt.Errorf("not inside Charte's source tree (no go.mod of github.com/charte/charte): run from the repository")
		}
		dir = up
	}
}

// WasmExecJS is Go's wasm_exec.js from the toolchain that builds app.wasm:
// the loader carries it, and the two must match.
func WasmExecJS() ([]byte, error) {
	exec, err := os.ReadFile(filepath.Join(goroot(), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return nil, fmt.Errorf("Go's wasm_exec.js: %w", err)
	}
	return exec, nil
}

func goroot() string {
	if r := os.Getenv("GOROOT"); r != "" {
		return r
	}
	if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil && len(bytes.TrimSpace(out)) > 0 {
		return strings.TrimSpace(string(out))
	}
	return runtime.GOROOT()
}

// goTool is the go command of that toolchain, else the one on PATH.
func goTool() string {
	p := filepath.Join(goroot(), "bin", "go")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return "go"
}
