package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/mpgo/mpgo/cmd/pbkvs/internal/client"
)

// clientCmd runs one get or put, or an interactive session reading commands from stdin.
func clientCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("client", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common commonFlags
	common.register(fs, true)
	common.logLevel = "warn"
	if err := parse(fs, args, true); err != nil {
		return err
	}
	log, err := common.logger(stderr)
	if err != nil {
		return err
	}
	cmd := fs.Args()
	if len(cmd) > 0 {
		if err := checkCommand(cmd); err != nil {
			return usageError{err.Error()}
		}
	}
	cfg, err := common.load()
	if err != nil {
		return err
	}
	pool := client.NewPool(cfg, log)
	defer pool.Close()
	c, err := pool.NewClient()
	if err != nil {
		return err
	}
	defer c.Close()
	if len(cmd) > 0 {
		return execute(ctx, c, cmd, stdout)
	}
	// Interactive mode.
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for {
		if ctx.Err() != nil {
			return nil
		}
		if !sc.Scan() {
			return sc.Err()
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if line == "quit" || line == "exit" {
			return nil
		}
		words := strings.Fields(line)
		if words[0] == "put" && len(words) >= 3 {
			// The value is the rest of the line, spaces included.
			rest := strings.TrimSpace(strings.TrimPrefix(line, "put"))
			rest = strings.TrimSpace(strings.TrimPrefix(rest, words[1]))
			words = []string{"put", words[1], rest}
		}
		if err := checkCommand(words); err != nil {
			fmt.Fprintln(stdout, "error:", err)
			continue
		}
		if err := execute(ctx, c, words, stdout); err != nil {
			fmt.Fprintln(stdout, "error:", err)
		}
	}
}

// checkCommand validates "get K" or "put K V".
func checkCommand(cmd []string) error {
	switch {
	case len(cmd) == 2 && cmd[0] == "get":
	case len(cmd) == 3 && cmd[0] == "put":
	default:
		return fmt.Errorf("want \"get KEY\" or \"put KEY VALUE\", got %q", strings.Join(cmd, " "))
	}
	return nil
}

// execute runs a checked command and prints its outcome: the value read ("(nil)" if the
// key has none) or "OK".
func execute(ctx context.Context, c *client.Client, cmd []string, stdout io.Writer) error {
	switch cmd[0] {
	case "get":
		v, found, err := c.Get(ctx, cmd[1])
		if err != nil {
			return err
		}
		if !found {
			fmt.Fprintln(stdout, "(nil)")
		} else {
			fmt.Fprintln(stdout, v)
		}
	case "put":
		if err := c.Put(ctx, cmd[1], cmd[2]); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "OK")
	}
	return nil
}
