package parser_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/internal/corpus"
	"github.com/mpgo/mpgo/lang/parser"
	"github.com/mpgo/mpgo/lang/token"
)

var defHead = regexp.MustCompile(`(?m)^([A-Za-z_][A-Za-z0-9_]*)(\(|\[| ==)`)

// rename changes the last letter of a definition's name (same length, so junction bullets
// on later lines stay aligned).
func rename(head string, copyNo int) string {
	m := defHead.FindStringSubmatch(head)
	name := m[1]
	if len(name) < 2 {
		return head
	}
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	return name[:len(name)-1] + string(letters[copyNo%len(letters)]) + m[2]
}

// bigModule concatenates the units of the corpus modules (definitions renamed per copy)
// until the module has at least lines lines.
func bigModule(tb testing.TB, lines int) []byte {
	specs, err := corpus.AllSpecs()
	if err != nil {
		tb.Fatal(err)
	}
	var bodies []string
	for _, path := range specs {
		src, err := os.ReadFile(path)
		if err != nil {
			tb.Fatal(err)
		}
		text := string(src)
		start := strings.Index(text, "\n")
		end := strings.LastIndex(text, "\n====")
		if start < 0 || end <= start || !strings.Contains(text[:start], "MODULE") {
			continue
		}
		var keep []string
		for _, l := range strings.Split(text[start+1:end], "\n") {
			if !strings.HasPrefix(l, "EXTENDS") {
				keep = append(keep, l)
			}
		}
		bodies = append(bodies, strings.Join(keep, "\n"))
	}
	var b strings.Builder
	b.WriteString("---- MODULE Big ----\nEXTENDS Naturals, Sequences, FiniteSets, TLC\n")
	n := 2
	for copyNo := 0; n < lines; copyNo++ {
		for _, body := range bodies {
			renamed := defHead.ReplaceAllStringFunc(body, func(h string) string {
				return rename(h, copyNo)
			})
			b.WriteString(renamed)
			b.WriteString("\n----\n")
			n += strings.Count(renamed, "\n") + 2
			if n >= lines {
				break
			}
		}
	}
	b.WriteString("====\n")
	return []byte(b.String())
}

func TestBigModuleParses(t *testing.T) {
	src := bigModule(t, 20000)
	m, err := parser.ParseModule(token.NewFileSet(), "big.tla", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(src), "\n"); n < 20000 || len(m.Units) < 2000 {
		t.Errorf("%d lines, %d units", n, len(m.Units))
	}
}

func BenchmarkParse20kLines(b *testing.B) {
	src := bigModule(b, 20000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := parser.ParseModule(token.NewFileSet(), "big.tla", src, 0); err != nil {
			b.Fatal(err)
		}
	}
}
