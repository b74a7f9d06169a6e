package translate

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/mpgo/mpgo/internal/corpus"
	"github.com/mpgo/mpgo/lang/token"
)

var linePos = regexp.MustCompile(`line (\d+), column (\d+)`)

// TestCorpusErrors: every input the standard translator rejects is rejected, at the place
// its message names, and the file is left unchanged.
func TestCorpusErrors(t *testing.T) {
	cases, err := corpus.ErrorCases()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			orig, err := os.ReadFile(c.Spec)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), filepath.Base(c.Spec))
			if err := os.WriteFile(path, orig, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err = File(path, Options{})
			if err == nil {
				t.Fatalf("accepted; the standard translator says: %s", c.Message)
			}
			after, _ := os.ReadFile(path)
			if string(after) != string(orig) {
				t.Errorf("file changed on error")
			}
			var list token.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error without position: %v", err)
			}
			for _, e := range list {
				if !e.Pos.IsValid() {
					t.Errorf("error without line: %v", e)
				}
			}
			// Compare with every "line L, column C" of the corpus message.
			want := linePos.FindAllStringSubmatch(c.Message, -1)
			if len(want) == 0 {
				t.Logf("%s: %v (corpus: %q)", c.Name, err, c.Message)
				return
			}
			if len(want) != len(list) {
				t.Errorf("got %d errors (%v), corpus message names %d places: %q", len(list), err, len(want), c.Message)
				return
			}
			for i, w := range want {
				line, _ := strconv.Atoi(w[1])
				col, _ := strconv.Atoi(w[2])
				if list[i].Pos.Line != line || list[i].Pos.Column != col {
					t.Errorf("error at %d:%d (%s), corpus says line %d, column %d: %q",
						list[i].Pos.Line, list[i].Pos.Column, list[i].Msg, line, col, c.Message)
				}
			}
		})
	}
}
