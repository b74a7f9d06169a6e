package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/mpgo/mpgo/lang/token"
	"github.com/mpgo/mpgo/translate"
)

func translateCommand() command {
	return command{
		name:    "translate",
		summary: "translate the PlusCal algorithm of a module to TLA+, in place",
		run:     runTranslate,
	}
}

func runTranslate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("translate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts translate.Options
	fs.BoolVar(&opts.WF, "wf", false, "weak fairness for processes without a fairness keyword")
	fs.BoolVar(&opts.SF, "sf", false, "strong fairness for processes without a fairness keyword")
	fs.BoolVar(&opts.WFNext, "wfNext", false, "weak fairness of Next")
	fs.BoolVar(&opts.NoF, "nof", false, "no fairness (the default)")
	fs.BoolVar(&opts.Termination, "termination", false, "like -wf (for checking Termination)")
	fs.BoolVar(&opts.Label, "label", false, "add missing labels instead of reporting them")
	fs.StringVar(&opts.LabelRoot, "labelRoot", "Lbl_", "prefix of the labels added")
	fs.IntVar(&opts.LineWidth, "lineWidth", 78, "column at which generated lists are wrapped (at least 60)")
	quiet := fs.Bool("q", false, "print nothing on success")
	fs.Bool("nocfg", true, "accepted for compatibility; mpgo translate never writes a .cfg file")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: mpgo translate [options] SPEC.tla...\n\n"+
			"Translates the PlusCal algorithm of each module in place, as the standard\n"+
			"translator (pcal.trans) does. On error the file is left unchanged.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	if opts.LineWidth != 0 && opts.LineWidth < 60 {
		fmt.Fprintln(stderr, "mpgo translate: -lineWidth must be at least 60")
		return 2
	}
	status := 0
	for _, path := range fs.Args() {
		res, err := translate.File(path, opts)
		if err != nil {
			var list token.ErrorList
			if errors.As(err, &list) {
				for _, e := range list {
					fmt.Fprintln(stderr, e)
				}
			} else {
				fmt.Fprintf(stderr, "mpgo translate: %v\n", err)
			}
			status = 1
			continue
		}
		if !*quiet {
			for _, m := range res.Messages(filepath.Base(path)) {
				fmt.Fprintln(stdout, m)
			}
		}
	}
	return status
}
