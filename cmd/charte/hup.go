//go:build !(js && wasm)

package main

import (
	"os"
	"os/signal"
	"syscall"
)

// notifyReload has SIGHUP reload the configs.
func notifyReload(c chan<- os.Signal) { signal.Notify(c, syscall.SIGHUP) }
