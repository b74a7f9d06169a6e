package token

import (
	"sort"
	"testing"
)

func TestFileSetPositions(t *testing.T) {
	fs := NewFileSet()
	a := fs.AddFile("a.tla", -1, 12)
	a.SetLinesForContent([]byte("ab\ncde\n\nfgh\n"))
	b := fs.AddFile("b.tla", -1, 3)
	b.SetLinesForContent([]byte("xyz"))
	tests := []struct {
		pos  Pos
		want string
	}{
		{a.Pos(0), "a.tla:1:1"},
		{a.Pos(2), "a.tla:1:3"},
		{a.Pos(3), "a.tla:2:1"},
		{a.Pos(5), "a.tla:2:3"},
		{a.Pos(7), "a.tla:3:1"},
		{a.Pos(8), "a.tla:4:1"},
		{a.Pos(12), "a.tla:4:5"}, // EOF
		{b.Pos(0), "b.tla:1:1"},
		{b.Pos(2), "b.tla:1:3"},
		{NoPos, "-"},
	}
	for _, tt := range tests {
		if got := fs.Position(tt.pos).String(); got != tt.want {
			t.Errorf("pos %d: got %s, want %s", tt.pos, got, tt.want)
		}
	}
	if fs.File(a.Pos(12)) != a || fs.File(b.Pos(0)) != b || fs.File(NoPos) != nil {
		t.Errorf("File lookup")
	}
	if fs.Offset(b.Pos(2)) != 2 || a.LineStart(4) != 8 || a.LineCount() != 4 {
		t.Errorf("offsets")
	}
}

func TestErrorList(t *testing.T) {
	var l ErrorList
	l.Add(Position{Filename: "b", Line: 1, Column: 1}, "z")
	l.Add(Position{Filename: "a", Line: 3, Column: 2}, "y")
	l.Add(Position{Filename: "a", Line: 3, Column: 1}, "x")
	l.Addf(Position{Filename: "a", Line: 1, Column: 9}, "n=%d", 4)
	err := l.Err()
	want := "a:1:9: n=4\na:3:1: x\na:3:2: y\nb:1:1: z"
	if err == nil || err.Error() != want {
		t.Errorf("got %v", err)
	}
	if !sort.IsSorted(l) {
		t.Errorf("not sorted")
	}
	l.RemoveMultiples()
	if len(l) != 3 {
		t.Errorf("RemoveMultiples: %d", len(l))
	}
	if (ErrorList{}).Err() != nil {
		t.Errorf("empty list is an error")
	}
}

func TestKeywordsAndIdentifiers(t *testing.T) {
	for _, w := range []string{"CASE", "LAMBDA", "RECURSIVE", "WITH", "VARIABLES"} {
		if k := Lookup(w); !k.IsKeyword() || k.String() != w {
			t.Errorf("%s: %v", w, k)
		}
	}
	for s, want := range map[string]bool{"x": true, "1a": true, "_x1": true, "123": false, "WF_x": false,
		"SF_": false, "CASE": false, "TRUE": true, "a-b": false, "": false, "__": false} {
		if got := IsIdentifier(s); got != want {
			t.Errorf("IsIdentifier(%q) = %v", s, got)
		}
	}
}

func TestOperatorTable(t *testing.T) {
	tests := []struct {
		sym       string
		low, high int
		left      bool
	}{
		{"=>", 1, 1, false}, {"<=>", 2, 2, false}, {`/\`, 3, 3, true}, {"=", 5, 5, false},
		{`\cdot`, 5, 14, true}, {"@@", 6, 6, true}, {":>", 7, 7, false}, {`\cup`, 8, 8, true},
		{"..", 9, 9, false}, {"+", 10, 10, true}, {"%", 10, 11, false}, {"-", 11, 11, true},
		{"*", 13, 13, true}, {"/", 13, 13, false}, {"^", 14, 14, false}, {`\X`, 10, 13, false},
	}
	for _, tt := range tests {
		info, ok := InfixInfo(tt.sym)
		if !ok || info.Low != tt.low || info.High != tt.high || info.Left != tt.left {
			t.Errorf("%s: %+v", tt.sym, info)
		}
	}
	if info, _ := PrefixInfo("-"); info.Low != 12 {
		t.Errorf("prefix -")
	}
	if info, _ := PrefixInfo("[]"); info.Low != 4 || info.High != 15 {
		t.Errorf("prefix []")
	}
	if info, _ := PostfixInfo("'"); info.Low != 15 {
		t.Errorf("prime")
	}
	for sym, c := range map[string]string{`\land`: `/\`, "#": "/=", `\leq`: "<=", "=<": "<=", `\union`: `\cup`, `\times`: `\X`, `\oplus`: "(+)"} {
		if got := Canonical(sym, Infix); got != c {
			t.Errorf("Canonical(%s) = %s", sym, got)
		}
	}
	if Canonical("-", Prefix) != "-." || Canonical(`\neg`, Prefix) != "~" {
		t.Errorf("prefix canonical")
	}
	if !IsOpSymbol("+") || IsOpSymbol("x") {
		t.Errorf("IsOpSymbol")
	}
}
