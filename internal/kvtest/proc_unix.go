//go:build unix && !linux

package kvtest

import "syscall"

// sysProcAttr returns the attributes of server processes (nothing special outside Linux).
func sysProcAttr() *syscall.SysProcAttr { return nil }
