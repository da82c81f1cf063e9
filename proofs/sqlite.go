//go:build !(js && wasm)

package proofs

// SQLite in pure Go: the binary needs no C toolchain. It does not build
// for the browser, where Charte's server code never runs anyway.
import _ "modernc.org/sqlite"
