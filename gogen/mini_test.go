package gogen

import (
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/internal/corpus"
)

// TestWorkedExample compares gogen's output for the Mini example of mpcal.md §6.9 with the
// Go code of §7.6 (identical modulo temporaries' names; mpgo's names happen to match).
func TestWorkedExample(t *testing.T) {
	shared, err := corpus.SharedDir()
	if err != nil {
		t.Skip(err)
	}
	doc, err := os.ReadFile(filepath.Join(shared, "docs", "mpcal.md"))
	if err != nil {
		t.Skip(err)
	}
	text := string(doc)
	i := strings.Index(text, "### 7.6")
	if i < 0 {
		t.Fatal("no §7.6 in mpcal.md")
	}
	text = text[i:]
	start := strings.Index(text, "```go\n") + len("```go\n")
	end := strings.Index(text[start:], "```")
	want := "package mini\n\n" + text[start:start+end]

	code, err := GenerateFile(filepath.Join("testdata", "mini.tla"), nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := string(code)
	got = "package mini\n\n" + got[strings.Index(got, "func Clients"):]
	a, err := format.Source([]byte(want))
	if err != nil {
		t.Fatal(err)
	}
	b, err := format.Source([]byte(got))
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(b) {
		t.Errorf("gogen's Mini differs from mpcal.md §7.6:\n--- got\n%s\n--- want\n%s", b, a)
	}
}
