package main

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const vetBad = `---- MODULE bad ----
EXTENDS Naturals
(* --mpcal bad {
  archetype A(ref x[_]) {
    a: x := 1;
       goto nowhere;
    Done: skip;
  }
  archetype B(ref y) {
    b: TRUE := y;
       y := 1;
       y := 2;
  }
}
*)
\* BEGIN TRANSLATION
====
`

const vetGood = `---- MODULE good ----
EXTENDS Naturals
(* --mpcal good {
  archetype A(ref x) {
    a: x := x + 1;
  }
  variables g = 0;
  fair process (P = 1) == instance A(ref g);
}
*)
\* BEGIN TRANSLATION
====
`

func writeSpec(t *testing.T, name, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestVet(t *testing.T) {
	bad := writeSpec(t, "bad.tla", vetBad)
	good := writeSpec(t, "good.tla", vetGood)
	for _, tc := range []struct {
		args  []string
		code  int
		lines []string // expected stdout lines, after the file name
	}{
		{[]string{"vet", good}, 0, nil},
		{[]string{"vet", bad}, 1, []string{
			":5:8: MPCalKindMismatchError:",
			":6:13: LabelNotDefinedError:",
			":7:5: ReservedLabelError:",
			":10:8: PCalInvalidAssignment:",
		}},
		{[]string{"vet", "-no-multiple-writes", bad}, 1, []string{
			":5:8: MPCalKindMismatchError:",
			":6:13: LabelNotDefinedError:",
			":7:5: ReservedLabelError:",
			":10:8: PCalInvalidAssignment:",
			":12:8: MultipleAssignmentError:",
		}},
		{[]string{"vet"}, 2, nil},
		{[]string{"vet", "-nosuchflag", good}, 2, nil},
		{[]string{"vet", good, bad}, 2, nil},
		{[]string{"vet", filepath.Join(t.TempDir(), "missing.tla")}, 1, nil},
	} {
		var stdout, stderr bytes.Buffer
		code := run(tc.args, &stdout, &stderr)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d (stderr %s)", tc.args, code, tc.code, stderr.String())
		}
		out := strings.TrimSuffix(stdout.String(), "\n")
		var lines []string
		if out != "" {
			lines = strings.Split(out, "\n")
		}
		if len(lines) != len(tc.lines) {
			t.Errorf("%v: %d lines, want %d:\n%s", tc.args, len(lines), len(tc.lines), out)
			continue
		}
		if !sort.SliceIsSorted(lines, func(i, j int) bool { return linePos(lines[i]) < linePos(lines[j]) }) {
			t.Errorf("%v: lines not sorted:\n%s", tc.args, out)
		}
		for i, l := range lines {
			if !strings.HasPrefix(l, bad) || !strings.Contains(l, tc.lines[i]) {
				t.Errorf("%v: line %q, want %s%s...", tc.args, l, bad, tc.lines[i])
			}
		}
	}
}

// linePos extracts line*10000+column from "file:line:col: ...".
func linePos(l string) int {
	f := strings.SplitN(l, ":", 4)
	if len(f) < 3 {
		return -1
	}
	line, _ := strconv.Atoi(f[1])
	col, _ := strconv.Atoi(f[2])
	return line*10000 + col
}

func TestHelpListsVet(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"--help"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(stdout.String(), "  vet ") {
		t.Errorf("--help does not list vet:\n%s", stdout.String())
	}
}
