// Command raftkv runs the raftkv replicated key-value store compiled from
// specs/raftkv.tla (package gen/raftkv): Raft servers, clients, a benchmark, a local
// cluster and the demo. See cmd/raftkv/README.md.
//
// Usage:
//
//	raftkv server -id N -config FILE       run server N of the cluster
//	raftkv client -config FILE [get K | put K V]   one request, or requests from stdin
//	raftkv bench -config FILE -workload a|b|c -clients N -duration D [-json OUT]
//	raftkv status -config FILE [-upto K]   every server's state (term, leader, log)
//	raftkv local -n N [-dir DIR]           an N-server loopback cluster until SIGINT/SIGTERM
//	raftkv demo                            the crash-recovery demo (make demo)
//	raftkv failover [-runs K]              measure failovers (leader SIGKILL to next write)
//	raftkv report FILE.json...             bench results (JSON) as one table
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if len(os.Args) < 2 {
		usage(os.Stderr)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd, args := os.Args[1], os.Args[2:]
	var err error
	switch cmd {
	case "server":
		err = runServer(ctx, args)
	case "client":
		err = runClient(ctx, args, os.Stdin, os.Stdout)
	case "bench":
		err = runBench(ctx, args, os.Stdout)
	case "status":
		err = runStatus(ctx, args, os.Stdout)
	case "local":
		err = runLocal(ctx, args, os.Stdout)
	case "demo":
		err = runDemo(ctx, args, os.Stdout)
	case "failover":
		err = runFailover(ctx, args, os.Stdout)
	case "report":
		err = runReport(args, os.Stdout)
	case "help", "-h", "-help", "--help":
		usage(os.Stdout)
		return
	default:
		fmt.Fprintf(os.Stderr, "raftkv: unknown command %q\n", cmd)
		usage(os.Stderr)
		os.Exit(2)
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "raftkv:", err)
		os.Exit(1)
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage:
  raftkv server -id N -config FILE                run server N
  raftkv client -config FILE [get K | put K V]    one request, or one per stdin line
  raftkv bench -config FILE [-workload a|b|c] [-clients N] [-duration D] [-json OUT]
  raftkv status -config FILE [-upto K]            every server's state
  raftkv local -n N [-dir DIR]                    a loopback cluster until SIGINT/SIGTERM
  raftkv demo                                     the crash-recovery demo
  raftkv failover [-runs K] [-n N]                measure failovers
  raftkv report FILE.json...                      bench results (JSON) as one table
`)
}
