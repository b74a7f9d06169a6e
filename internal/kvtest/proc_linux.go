package kvtest

import "syscall"

// sysProcAttr makes the kernel kill a server process if the test process dies, so that no
// server outlives an interrupted test run. (Pdeathsig follows the thread that started the
// process; the Go runtime only ends threads of goroutines that exit while locked to them.)
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
