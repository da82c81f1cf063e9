//go:build js && wasm

package main

import "os"

// notifyReload: no signals under js; the folder is still polled.
func notifyReload(chan<- os.Signal) {}
