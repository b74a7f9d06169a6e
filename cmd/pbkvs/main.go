// Command pbkvs runs pbkvs, a primary-backup replicated key-value store compiled from the
// MPCal models specs/pbkvs.tla (replication) and specs/leaderelection.tla (choice of the
// primary) by mpgo.
//
// Usage:
//
//	pbkvs server -id N -config FILE.yaml     run replica N
//	pbkvs client -config FILE.yaml get K     read K
//	pbkvs client -config FILE.yaml put K V   write V under K
//	pbkvs client -config FILE.yaml           interactive: "get K" / "put K V" lines on stdin
//	pbkvs bench -config FILE.yaml -workload a|b|c -clients N -duration D [-json OUT]
//	pbkvs local -n 3                         a loopback cluster, until SIGINT/SIGTERM
//	pbkvs report RESULT.json...              one table of bench -json results
//
// See README.md for the configuration file and the protocol.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/mpgo/mpgo/cmd/pbkvs/internal/config"
	"github.com/mpgo/mpgo/internal/procutil"
)

const usage = `usage:
  pbkvs server -id N -config FILE.yaml
  pbkvs client -config FILE.yaml [get K | put K V]
  pbkvs bench -config FILE.yaml -workload a|b|c -clients N -duration D [-json OUT]
  pbkvs local [-n 3] [-dir DIR] [-config-only]
  pbkvs report RESULT.json...
Run "pbkvs <command> -h" for the flags of a command.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes a command and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	var err error
	switch args[0] {
	case "server":
		err = serverCmd(ctx, args[1:], stderr)
	case "client":
		err = clientCmd(ctx, args[1:], stdin, stdout, stderr)
	case "bench":
		err = benchCmd(ctx, args[1:], stdout, stderr)
	case "local":
		err = localCmd(ctx, args[1:], stdout, stderr)
	case "report":
		err = reportCmd(args[1:], stdout)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "pbkvs: unknown command %q\n%s", args[0], usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "pbkvs %s: %v\n", args[0], err)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "pbkvs %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

// usageError is a command-line mistake (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// commonFlags are the flags every command has.
type commonFlags struct {
	config     string
	logLevel   string
	cpuProfile string
	memProfile string
}

func (c *commonFlags) register(fs *flag.FlagSet, needConfig bool) {
	if needConfig {
		fs.StringVar(&c.config, "config", "", "the cluster's YAML configuration file (required)")
	}
	fs.StringVar(&c.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the command to this file")
	fs.StringVar(&c.memProfile, "memprofile", "", "write an allocation profile of the command to this file at exit")
}

// startProfile starts the profiles asked for; call the returned function to stop them.
func (c *commonFlags) startProfile() (stop func(), err error) {
	return procutil.StartProfiles(c.cpuProfile, c.memProfile)
}

func (c *commonFlags) logger(w io.Writer) (*slog.Logger, error) {
	log, err := procutil.Logger(w, c.logLevel)
	if err != nil {
		return nil, usagef("-log-level: %v", err)
	}
	return log, nil
}

func (c *commonFlags) load() (*config.Config, error) {
	if c.config == "" {
		return nil, usagef("-config is required")
	}
	return config.Load(c.config)
}

// parse parses args with fs, rejecting positional arguments unless allowed.
func parse(fs *flag.FlagSet, args []string, positional bool) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if !positional && fs.NArg() > 0 {
		return usagef("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	return nil
}
