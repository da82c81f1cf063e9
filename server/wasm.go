package server

// Wasm is the compiled widget, with its precompressed forms: built by
// internal/toolchain in development, embedded in a release binary.
type Wasm struct {
	Raw, Br, Gz []byte
	Hash        string // first hex digits of the raw file's SHA-256
}

// NewWasm is a widget build from its three forms.
func NewWasm(raw, br, gz []byte) *Wasm {
	return &Wasm{Raw: raw, Br: br, Gz: gz, Hash: hash12(raw)}
}
