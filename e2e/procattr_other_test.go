//go:build !linux

package e2e

import "os/exec"

// setDeathSignal has no portable equivalent outside Linux; the cleanup's SIGTERM still stops the
// server on every ordinary exit.
func setDeathSignal(cmd *exec.Cmd) {}
