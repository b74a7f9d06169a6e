package main

import (
	"bytes"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const gogenSpec = `---- MODULE Hello ----
EXTENDS Naturals
(* --mpcal Hello {
  archetype AHello(ref out) {
  l:
    out := %s;
  }
}
\* BEGIN PLUSCAL TRANSLATION
\* END PLUSCAL TRANSLATION
*)
\* BEGIN TRANSLATION
\* END TRANSLATION
====
`

func writeGogenSpec(t *testing.T, expr string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "Hello.tla")
	if err := os.WriteFile(path, []byte(strings.Replace(gogenSpec, "%s", expr, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestGogenCommand(t *testing.T) {
	spec := writeGogenSpec(t, "1 + 2")
	for _, args := range [][]string{
		{"-o", "OUT", "-p", "custom"},
		{"--out-file", "OUT", "--package-name", "custom"},
	} {
		out := filepath.Join(t.TempDir(), "hello.go")
		for i, a := range args {
			if a == "OUT" {
				args[i] = out
			}
		}
		var stdout, stderr bytes.Buffer
		if code := run(append(append([]string{"gogen"}, args...), spec), &stdout, &stderr); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
		}
		code, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(code), "package custom\n") || !strings.Contains(string(code), "var AHello = distsys.MPCalArchetype{") {
			t.Errorf("%v: unexpected output:\n%s", args, code)
		}
		if f, err := format.Source(code); err != nil || !bytes.Equal(f, code) {
			t.Errorf("output not gofmt-clean: %v", err)
		}
		if stdout.Len() != 0 {
			t.Errorf("stdout %q", stdout.String())
		}
	}
	// Without -o the code goes to stdout; the package defaults to the block name in lower case.
	var stdout, stderr bytes.Buffer
	if code := run([]string{"gogen", spec}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "package hello\n") {
		t.Errorf("stdout:\n%s", stdout.String())
	}
}

func TestGogenCommandErrors(t *testing.T) {
	spec := writeGogenSpec(t, `1 \in Nat`)
	out := filepath.Join(t.TempDir(), "hello.go")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"gogen", "-o", out, spec}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if want := "Hello.tla:6:18: UnsupportedOperationError: "; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q lacks %q", stderr.String(), want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output written despite the error")
	}
	if code := run([]string{"gogen"}, &stdout, &stderr); code != 2 {
		t.Errorf("no spec: exit %d, want 2", code)
	}
	if code := run([]string{"gogen", "-p", "func", spec}, &stdout, &stderr); code != 1 {
		t.Errorf("bad package name: exit %d, want 1", code)
	}
}
