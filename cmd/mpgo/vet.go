package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/mpgo/mpgo/lang/check"
	"github.com/mpgo/mpgo/lang/token"
)

func vetCommand() command {
	return command{
		name:    "vet",
		summary: "parse and check a PlusCal or MPCal specification",
		run:     runVet,
	}
}

// runVet parses SPEC.tla (the module up to "\* BEGIN TRANSLATION" and its algorithm) and
// runs the checks of mpcal.md §4, printing "file:line:col: Kind: message" lines sorted by
// position. Exit status: 0 clean, 1 diagnostics (or an unreadable file), 2 usage.
func runVet(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("vet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	noMulti := fs.Bool("no-multiple-writes", false, "report a second assignment to a variable within one critical section (MultipleAssignmentError)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: mpgo vet [-no-multiple-writes] SPEC.tla\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	path := fs.Arg(0)
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(stderr, "mpgo vet: %v\n", err)
		return 1
	}
	fset := token.NewFileSet()
	spec, errs := check.LoadFile(fset, path, src)
	if spec != nil {
		_, more := check.Check(fset, spec, check.Config{NoMultipleWrites: *noMulti})
		errs = append(errs, more...)
	}
	errs.Sort()
	for _, e := range errs {
		fmt.Fprintln(stdout, e.Error())
	}
	if len(errs) > 0 {
		return 1
	}
	return 0
}
