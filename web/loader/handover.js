/* The hand-over the wasm reads as its global charteBoot. Its keys and
   what each holds are defined once, in Go (app/browser/boot.go), which
   refuses a missing, mistyped or unknown key; e2e/handover_test.go checks
   this object against it. */

// handOver is charteBoot for boot (what embed.js gave the loader), the
// inventory's text, focusAt (read as go-app starts) and ready (called
// with the widget's handle).
export function handOver(boot, inventory, focusAt, ready) {
  return {
    inventory: inventory, lang: boot.lang, modal: boot.modal, gpc: boot.gpc,
    banner: boot.banner, current: boot.current,
    get focus() { return focusAt(); },
    saved: boot.saved, ready: ready
  };
}
