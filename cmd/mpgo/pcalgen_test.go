package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPcalgenCommand(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "pcalgen", "testdata", "Mini.tla"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "Mini.tla")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"pcalgen", path}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out, _ := os.ReadFile(path)
	for _, want := range []string{"--algorithm Mini {", "fair process (Client \\in Clients)", "recv(self) == /\\ pc[self] = \"recv\""} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	// idempotent
	if code := run([]string{"pcalgen", "-no-multiple-writes", path}, &stdout, &stderr); code != 0 {
		t.Fatalf("second run: exit %d: %s", code, stderr.String())
	}
	again, _ := os.ReadFile(path)
	if !bytes.Equal(again, out) {
		t.Error("second run changed the file")
	}

	// an error leaves the file alone and is reported as file:line:col: Kind: message
	bad := strings.Replace(string(src), "\\* END PLUSCAL TRANSLATION\n", "", 1)
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if code := run([]string{"pcalgen", path}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), path+":") || !strings.Contains(stderr.String(), ": PCalTagsError: ") {
		t.Errorf("stderr %q", stderr.String())
	}
	if got, _ := os.ReadFile(path); string(got) != bad {
		t.Error("file changed on error")
	}
	if code := run([]string{"pcalgen"}, &stdout, &stderr); code != 2 {
		t.Errorf("no arguments: exit %d, want 2", code)
	}
}
