package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/cmd/pbkvs/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runCmd(stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCLIUsage(t *testing.T) {
	code, _, stderr := runCmd("")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "usage:")
	code, _, stderr = runCmd("", "frobnicate")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `unknown command "frobnicate"`)
	code, _, stderr = runCmd("", "server", "-config", "x.yaml")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "-id is required")
	code, _, stderr = runCmd("", "client", "-config", "x.yaml", "del", "k")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `want "get KEY" or "put KEY VALUE"`)
	code, _, stderr = runCmd("", "bench", "-config", "x.yaml", "-workload", "z")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "workload")

	bad := filepath.Join(t.TempDir(), "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("replicas: 3\n"), 0o644))
	code, _, stderr = runCmd("", "client", "-config", bad, "get", "k")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "config "+bad)
}

func TestLocalConfigOnly(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCmd("", "local", "-n", "5", "-dir", dir, "-config-only")
	require.Equal(t, 0, code, stderr)
	path := strings.TrimSpace(stdout)
	cfg, err := config.Load(path)
	require.NoError(t, err)
	assert.Equal(t, 5, cfg.N())
}

// TestClientCommand runs the client command, one-shot and interactive, against a cluster.
func TestClientCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	tc := startCluster(t, 3)
	waitServing(t, tc.newClient(t))
	code, stdout, stderr := runCmd("", "client", "-config", tc.cfgPath, "put", "greeting", "hello")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "OK\n", stdout)
	code, stdout, stderr = runCmd("", "client", "-config", tc.cfgPath, "get", "greeting")
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "hello\n", stdout)
	code, stdout, stderr = runCmd("get greeting\nput greeting hello, world\n\n# a comment\nget greeting\nget nothing\ndel x\nquit\nget greeting\n",
		"client", "-config", tc.cfgPath)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, "hello\nOK\nhello, world\n(nil)\nerror: want \"get KEY\" or \"put KEY VALUE\", got \"del x\"\n", stdout)

	// SIGTERM stops a replica cleanly: exit status 0 after stopping its contexts.
	require.NoError(t, tc.Stop(2))
	exited, err := tc.ExitErr(2)
	require.True(t, exited)
	require.NoError(t, err, "exit status")
	assert.Contains(t, tc.Tail(2, 20), `msg="replica stopped"`)
}
