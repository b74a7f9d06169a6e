package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/mpgo/mpgo/gogen"
	"github.com/mpgo/mpgo/lang/check"
)

func gogenCommand() command {
	return command{
		name:    "gogen",
		summary: "compile the MPCal algorithm of a spec to Go",
		run:     runGogen,
	}
}

func runGogen(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gogen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var out, pkg string
	fs.StringVar(&out, "o", "", "write the Go file to `FILE` (default: standard output)")
	fs.StringVar(&out, "out-file", "", "same as -o")
	fs.StringVar(&pkg, "p", "", "Go package `NAME` (default: the MPCal block's name in lower case)")
	fs.StringVar(&pkg, "package-name", "", "same as -p")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: mpgo gogen [-o FILE] [-p PACKAGE] SPEC.tla\n\n"+
			"Compiles the archetypes, MPCal procedures and operator definitions of SPEC.tla to one\n"+
			"Go file running on github.com/mpgo/mpgo/distsys. On error nothing is written.\n\n")
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
	code, err := gogen.GenerateFile(fs.Arg(0), nil, gogen.Options{Package: pkg})
	if err != nil {
		var list check.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				fmt.Fprintln(stderr, e)
			}
		} else {
			fmt.Fprintf(stderr, "mpgo gogen: %v\n", err)
		}
		return 1
	}
	if out == "" {
		if _, err := stdout.Write(code); err != nil {
			fmt.Fprintf(stderr, "mpgo gogen: %v\n", err)
			return 1
		}
		return 0
	}
	if err := gogen.WriteFile(out, code); err != nil {
		fmt.Fprintf(stderr, "mpgo gogen: %v\n", err)
		return 1
	}
	return 0
}
