package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/internal/corpus"
)

// stripBlock removes the BEGIN/END TRANSLATION block the standard translator inserted.
func stripBlock(t *testing.T, src string) string {
	t.Helper()
	lines := strings.SplitAfter(src, "\n")
	begin, end := -1, -1
	for i, l := range lines {
		switch {
		case begin < 0 && strings.HasPrefix(l, `\* BEGIN TRANSLATION`):
			begin = i
		case begin >= 0 && strings.HasPrefix(l, `\* END TRANSLATION`):
			end = i
		}
	}
	if begin < 0 || end < 0 {
		t.Fatal("no translation block")
	}
	return strings.Join(lines[:begin], "") + strings.Join(lines[end+1:], "")
}

func TestTranslateCommand(t *testing.T) {
	cases, err := corpus.Cases("pluscal")
	if err != nil {
		t.Fatal(err)
	}
	var c corpus.Case
	for _, x := range cases {
		if x.Name == "procs_multi" {
			c = x
		}
	}
	want, err := os.ReadFile(c.Spec)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), filepath.Base(c.Spec))
	if err := os.WriteFile(path, []byte(stripBlock(t, string(want))), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"translate", path}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr.String())
	}
	got, _ := os.ReadFile(path)
	if !bytes.Equal(got, want) {
		t.Errorf("translated module differs from the standard translator's")
	}
	if !strings.Contains(stdout.String(), "Translation completed.") {
		t.Errorf("stdout %q", stdout.String())
	}
	// Running again changes nothing.
	stdout.Reset()
	if code := run([]string{"translate", "-q", path}, &stdout, &stderr); code != 0 || stdout.Len() != 0 {
		t.Fatalf("second run: exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
	again, _ := os.ReadFile(path)
	if !bytes.Equal(again, want) {
		t.Errorf("second run changed the module")
	}
}

func TestTranslateCommandError(t *testing.T) {
	cases, err := corpus.ErrorCases()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if c.Name != "duplicate_label" {
			continue
		}
		orig, err := os.ReadFile(c.Spec)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), filepath.Base(c.Spec))
		if err := os.WriteFile(path, orig, 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		code := run([]string{"translate", path}, &stdout, &stderr)
		if code == 0 {
			t.Fatalf("exit 0 for %s", c.Name)
		}
		// The place is the one named by the standard translator's message.
		m := regexp.MustCompile(`line (\d+), column (\d+)`).FindStringSubmatch(c.Message)
		if m == nil {
			t.Fatalf("corpus message without a place: %q", c.Message)
		}
		if !strings.Contains(stderr.String(), path+":"+m[1]+":"+m[2]+": Label a redefined") {
			t.Errorf("stderr %q, corpus message %q", stderr.String(), c.Message)
		}
		after, _ := os.ReadFile(path)
		if !bytes.Equal(after, orig) {
			t.Errorf("file changed on error")
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"translate"}, &stdout, &stderr); code != 2 {
		t.Errorf("no argument: exit %d, want 2", code)
	}
	if code := run([]string{"translate", filepath.Join(t.TempDir(), "missing.tla")}, &stdout, &stderr); code != 1 {
		t.Errorf("missing file: exit %d, want 1", code)
	}
}
