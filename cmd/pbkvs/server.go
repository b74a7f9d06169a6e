package main

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"os"
	"runtime/debug"

	"github.com/mpgo/mpgo/cmd/pbkvs/internal/node"
)

// serverCmd runs one replica until SIGINT/SIGTERM (exit 0) or until one of its contexts
// fails (exit 1: fail-stop).
func serverCmd(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common commonFlags
	common.register(fs, true)
	id := fs.Int("id", 0, "the replica id, 1..N (required)")
	if err := parse(fs, args, false); err != nil {
		return err
	}
	log, err := common.logger(stderr)
	if err != nil {
		return err
	}
	if *id == 0 {
		return usagef("-id is required")
	}
	cfg, err := common.load()
	if err != nil {
		return err
	}
	stopProfile, err := common.startProfile()
	if err != nil {
		return err
	}
	defer stopProfile()
	tuneGC()
	slog.SetDefault(log) // resources log through the default logger
	return node.Run(ctx, cfg, *id, node.Options{Logger: log})
}

// serverGCPercent is the GOGC a server runs with unless the GOGC environment
// variable says otherwise. Its live heap is small (a state of a few hundred KB
// plus, for raftkv, the log), while every step allocates fresh immutable
// values, so at the default 100 the collector runs very often; 400 cut its CPU
// share noticeably in the benchmarks at the price of a larger heap.
const serverGCPercent = 400

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serverGCPercent)
	}
}
