//go:build !unix

package e2e

import (
	"os/exec"
	"syscall"
)

func ownGroup(cmd *exec.Cmd) {}

func signalGroup(cmd *exec.Cmd, sig syscall.Signal) { cmd.Process.Kill() }
