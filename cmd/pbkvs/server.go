package main

import (
	"context"
	"flag"
	"io"
	"log/slog"

	"github.com/mpgo/mpgo/cmd/pbkvs/internal/node"
	"github.com/mpgo/mpgo/internal/procutil"
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
	procutil.TuneServerGC()
	slog.SetDefault(log) // resources log through the default logger
	return node.Run(ctx, cfg, *id, node.Options{Logger: log})
}
