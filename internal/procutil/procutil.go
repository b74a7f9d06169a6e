// Package procutil holds the process-level set-up shared by mpgo's system binaries
// (cmd/pbkvs, cmd/raftkv): their slog logger, CPU and allocation profiles, and the GC
// setting servers run with.
package procutil

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"runtime/pprof"
)

// Logger returns a text slog logger writing to w at the named level (debug, info, warn,
// error).
func Logger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("bad log level %q", level)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// StartProfiles starts a CPU profile to cpuPath and arranges for an allocation profile to
// be written to memPath; an empty path skips that profile. Call stop when the command
// ends: it stops the CPU profile and writes the allocation profile.
func StartProfiles(cpuPath, memPath string) (stop func(), err error) {
	writeMem := func() {
		if memPath == "" {
			return
		}
		f, err := os.Create(memPath)
		if err != nil {
			fmt.Fprintln(os.Stderr, "memprofile:", err)
			return
		}
		defer f.Close()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			fmt.Fprintln(os.Stderr, "memprofile:", err)
		}
	}
	if cpuPath == "" {
		return writeMem, nil
	}
	f, err := os.Create(cpuPath)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close(); writeMem() }, nil
}

// ServerGCPercent is the GOGC a server runs with unless the GOGC environment variable
// says otherwise. A server's live heap is small (its state, plus raftkv's log) while every
// step allocates fresh immutable values, so at the default 100 the collector runs very
// often; 400 cut its CPU share noticeably in the benchmarks at the price of a larger heap.
const ServerGCPercent = 400

// TuneServerGC sets ServerGCPercent unless GOGC is set in the environment.
func TuneServerGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(ServerGCPercent)
	}
}
