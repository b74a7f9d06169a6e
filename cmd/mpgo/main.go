// Command mpgo is the Modular PlusCal toolchain: it checks specs, compiles MPCal to Go and to
// PlusCal, translates PlusCal to TLA+ and model-checks TLA+ with TLC's configuration files.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// command is one mpgo subcommand. run receives the arguments after the subcommand name and
// returns the process exit status.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

// allCommands lists every subcommand, sorted by name.
func allCommands() []command {
	cmds := registeredCommands()
	sort.Slice(cmds, func(i, j int) bool { return cmds[i].name < cmds[j].name })
	return cmds
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "mpgo: the Modular PlusCal toolchain\n\nUsage:\n  mpgo <command> [flags] [arguments]\n\nCommands:\n")
	for _, c := range allCommands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'mpgo <command> -h' for a command's flags.\n")
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return 0
	}
	for _, c := range allCommands() {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "mpgo: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}
