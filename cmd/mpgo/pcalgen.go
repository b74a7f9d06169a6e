package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/mpgo/mpgo/lang/check"
	"github.com/mpgo/mpgo/pcalgen"
)

func pcalgenCommand() command {
	return command{
		name:    "pcalgen",
		summary: "compile the MPCal block of a spec to PlusCal and TLA+, in place",
		run:     runPcalgen,
	}
}

func runPcalgen(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("pcalgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts pcalgen.Options
	fs.BoolVar(&opts.NoMultipleWrites, "no-multiple-writes", false, "reject a second assignment to a variable within one critical section")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: mpgo pcalgen [-no-multiple-writes] SPEC.tla\n\n"+
			"Compiles the --mpcal block of SPEC.tla to PlusCal, written between the\n"+
			"\\* BEGIN/END PLUSCAL TRANSLATION lines, and translates that PlusCal to TLA+\n"+
			"between \\* BEGIN TRANSLATION and \\* END TRANSLATION. On error the file is\n"+
			"left unchanged.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	if err := pcalgen.File(fs.Arg(0), opts); err != nil {
		var list check.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				fmt.Fprintln(stderr, e)
			}
		} else {
			fmt.Fprintf(stderr, "mpgo pcalgen: %v\n", err)
		}
		return 1
	}
	return 0
}
