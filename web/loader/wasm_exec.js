/* Go's wasm_exec.js, put where WASM_EXEC stands when the loader is built
   (server/shared.go), from the toolchain that built app.wasm: the two
   must match. Run with globalThis bound to the widget's stand-in window
   (sandbox.js), so no eval is needed. */
export function runWasmExec(globalThis, fs) {
  /*WASM_EXEC*/
}
