package pcalgen

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/lang/check"
	"github.com/mpgo/mpgo/lang/token"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// goldenSpecs have their PlusCal output pinned in testdata/golden/NAME.pcal.
var goldenSpecs = []string{"Mini", "Parallel", "Queue", "Procs", "Repeated", "Flatten", "Locals", "RefLocal"}

func generate(t *testing.T, path string, opts Options) string {
	t.Helper()
	fset := token.NewFileSet()
	spec, errs := check.LoadFile(fset, path, nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	text, alg, err := Generate(fset, spec, opts)
	if err != nil {
		t.Fatal(err)
	}
	if alg == nil || alg.Name.Name != spec.Algorithm.Name.Name {
		t.Fatalf("Generate returned algorithm %v", alg)
	}
	return text
}

func TestGolden(t *testing.T) {
	for _, name := range goldenSpecs {
		t.Run(name, func(t *testing.T) {
			got := generate(t, filepath.Join("testdata", name+".tla"), Options{})
			golden := filepath.Join("testdata", "golden", name+".pcal")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("PlusCal output differs from %s (run go test -update and review the diff):\n%s", golden, got)
			}
		})
	}
}

// regions splits a compiled module into the text outside the two generated regions.
func outside(t *testing.T, src string) []string {
	t.Helper()
	var parts []string
	rest := src
	for _, m := range []string{`\* BEGIN PLUSCAL TRANSLATION`, `\* END PLUSCAL TRANSLATION`, `\* BEGIN TRANSLATION`, `\* END TRANSLATION`} {
		i := strings.Index(rest, m)
		if i < 0 {
			t.Fatalf("no %s line", m)
		}
		if strings.Contains(m, "BEGIN") {
			parts = append(parts, rest[:i])
		}
		rest = rest[i:]
		if strings.Contains(m, "BEGIN") {
			nl := strings.IndexByte(rest, '\n')
			rest = rest[nl+1:]
		}
	}
	return append(parts, rest)
}

// TestInPlace checks the in-place rewrite of every spec: only the two regions change, the
// PlusCal region is the generated algorithm and an empty line, and a second run gives the
// same file.
func TestInPlace(t *testing.T) {
	for _, c := range specCases {
		t.Run(c.name, func(t *testing.T) {
			orig, err := os.ReadFile(filepath.Join("testdata", c.name+".tla"))
			if err != nil {
				t.Fatal(err)
			}
			spec, _ := compileCopy(t, c.name, Options{})
			first, err := os.ReadFile(spec)
			if err != nil {
				t.Fatal(err)
			}
			a, b := outside(t, string(orig)), outside(t, string(first))
			if len(a) != len(b) {
				t.Fatalf("regions %d vs %d", len(a), len(b))
			}
			for i := range a {
				if i == 0 || i == 2 {
					continue // before the BEGIN lines: compared below
				}
				if a[i] != b[i] {
					t.Errorf("text outside the generated regions changed (part %d)", i)
				}
			}
			text := generate(t, filepath.Join("testdata", c.name+".tla"), Options{})
			want := `\* BEGIN PLUSCAL TRANSLATION` + "\n" + text + "\n" + `\* END PLUSCAL TRANSLATION`
			if !strings.Contains(string(first), want) {
				t.Errorf("the PLUSCAL TRANSLATION region is not the algorithm followed by an empty line")
			}
			if !strings.HasPrefix(string(first), a[0]) {
				t.Errorf("text before the BEGIN PLUSCAL TRANSLATION line changed")
			}
			if err := File(spec, Options{}); err != nil {
				t.Fatal(err)
			}
			second, _ := os.ReadFile(spec)
			if !bytes.Equal(first, second) {
				t.Errorf("second run changed the file")
			}
			entries, _ := os.ReadDir(filepath.Dir(spec))
			if len(entries) != 2 {
				t.Errorf("directory holds %d entries, want the spec and its cfg", len(entries))
			}
		})
	}
}

const miniBlock = `(* --mpcal Tiny {
  archetype A(ref x) {
    a1: x := x + 1;
  }
  variables v = 0;
  process (P = 1) == instance A(ref v);
}
`

func tinyModule(block, markers string) string {
	return "---- MODULE Tiny ----\nEXTENDS Naturals, TLC\n" + block + markers + "*)\n\\* BEGIN TRANSLATION\n\\* END TRANSLATION\n====\n"
}

const goodMarkers = "\\* BEGIN PLUSCAL TRANSLATION\n\\* END PLUSCAL TRANSLATION\n"

// TestErrors checks the pcalgen-only errors and that a failing run leaves the file as it
// was, without temporary files.
func TestErrors(t *testing.T) {
	cases := []struct {
		name string
		src  string
		opts Options
		kind check.Kind
	}{
		{"tags missing both", tinyModule(miniBlock, ""), Options{}, check.PCalTagsError},
		{"tags missing begin", tinyModule(miniBlock, "\\* END PLUSCAL TRANSLATION\n"), Options{}, check.PCalTagsError},
		{"tags missing end", tinyModule(miniBlock, "\\* BEGIN PLUSCAL TRANSLATION\n"), Options{}, check.PCalTagsError},
		{"tags swapped", tinyModule(miniBlock, "\\* END PLUSCAL TRANSLATION\n\\* BEGIN PLUSCAL TRANSLATION\n"), Options{}, check.PCalTagsError},
		{"tags twice", tinyModule(miniBlock, goodMarkers+goodMarkers), Options{}, check.PCalTagsError},
		// balanced, so that the block's comment still closes where it should
		{"comment-breaking string", tinyModule(strings.Replace(miniBlock, "x := x + 1", `x := "a (* b *) c"`, 1), goodMarkers), Options{}, check.CommentBreakingStringError},
		{"no processes", tinyModule("(* --mpcal Tiny {\n  archetype A(ref x) { a1: x := 1; }\n}\n", goodMarkers), Options{}, check.MPCalEffectivelyNoProcesses},
		{"empty block", tinyModule("(* --mpcal Tiny { }\n", goodMarkers), Options{}, check.MPCalEffectivelyNoProcesses},
		{"multiple writes", tinyModule(strings.Replace(miniBlock, "x := x + 1;", "x := x + 1; x := x + 2;", 1), goodMarkers), Options{NoMultipleWrites: true}, check.MultipleAssignmentError},
		{"kind mismatch", tinyModule(strings.Replace(miniBlock, "instance A(ref v)", "instance A(ref v[_])", 1), goodMarkers), Options{}, check.MPCalKindMismatchError},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "Tiny.tla")
			if err := os.WriteFile(path, []byte(c.src), 0o644); err != nil {
				t.Fatal(err)
			}
			err := File(path, c.opts)
			if err == nil {
				t.Fatal("no error")
			}
			var list check.ErrorList
			if !asList(err, &list) || !list.Has(c.kind) {
				t.Fatalf("error %v, want kind %s", err, c.kind)
			}
			for _, e := range list {
				s := e.Error()
				if !strings.HasPrefix(s, path+":") || !strings.Contains(s, ": "+string(e.Kind)+": ") {
					t.Errorf("error %q is not file:line:col: Kind: message", s)
				}
			}
			got, _ := os.ReadFile(path)
			if string(got) != c.src {
				t.Error("file changed on error")
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("%d entries in the directory after the error, want 1", len(entries))
			}
		})
	}
	// with the flag off the repeated write compiles
	dir := t.TempDir()
	path := filepath.Join(dir, "Tiny.tla")
	src := tinyModule(strings.Replace(miniBlock, "x := x + 1;", "x := x + 1; x := x + 2;", 1), goodMarkers)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := File(path, Options{}); err != nil {
		t.Fatalf("repeated write without -no-multiple-writes: %v", err)
	}
	if err := File(filepath.Join(dir, "Missing.tla"), Options{}); err == nil {
		t.Error("missing file: no error")
	}
}

func asList(err error, list *check.ErrorList) bool {
	l, ok := err.(check.ErrorList)
	if ok {
		*list = l
	}
	return ok
}

// TestConsistency exercises the consistency check directly: generated code that breaks
// the rules (here, a variable assigned twice in one section) is ConsistencyCheckFailed.
func TestConsistency(t *testing.T) {
	fset := token.NewFileSet()
	at := token.Position{Filename: "Tiny.tla", Line: 3, Column: 12}
	good := "--algorithm Tiny {\n  variables v = 0;\n\n  process (P = 1)\n  {\n    a1:\n      v := 1;\n      goto Done;\n  }\n}\n"
	if _, err := Consistency(fset, nil, good, at); err != nil {
		t.Fatalf("good algorithm: %v", err)
	}
	for _, bad := range []string{
		strings.Replace(good, "v := 1;", "v := 1;\n      v := 2;", 1),
		strings.Replace(good, "goto Done;", "goto Nowhere;", 1),
		"--algorithm Tiny {",
	} {
		_, err := Consistency(fset, nil, bad, at)
		var list check.ErrorList
		if !asList(err, &list) || !list.Has(check.ConsistencyCheckFailed) {
			t.Errorf("%q: error %v, want ConsistencyCheckFailed", bad, err)
			continue
		}
		if !strings.HasPrefix(list[0].Error(), "Tiny.tla:3:12: ConsistencyCheckFailed: ") {
			t.Errorf("error %q", list[0].Error())
		}
	}
}

// TestCheckerCorpus compiles the valid specs of lang/check's tests (the §8 checklist among
// them) through the whole pipeline, translation included.
func TestCheckerCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "lang", "check", "testdata", "valid", "*.tla"))
	if len(files) == 0 {
		t.Skip("no lang/check corpus")
	}
	for _, p := range files {
		t.Run(filepath.Base(p), func(t *testing.T) {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(src, []byte("--mpcal")) {
				t.Skip("plain PlusCal")
			}
			out, err := Source(p, src, Options{})
			if err != nil {
				var list check.ErrorList
				if asList(err, &list) && len(list) == 1 && list.Has(check.MPCalEffectivelyNoProcesses) {
					return // a block without processes: nothing to generate
				}
				if asList(err, &list) && list.Has(check.PCalTagsError) {
					return // not meant for pcalgen
				}
				t.Fatal(err)
			}
			again, err := Source(p, out, Options{})
			if err != nil || !bytes.Equal(again, out) {
				t.Errorf("second run: %v, same output %v", err, bytes.Equal(again, out))
			}
		})
	}
}
