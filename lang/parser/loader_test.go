package parser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/internal/corpus"
	"github.com/mpgo/mpgo/lang/token"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoaderCorpusInstance(t *testing.T) {
	cases, err := corpus.Cases("tla")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		l := NewLoader(token.NewFileSet())
		m, err := l.Load(c.Spec)
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		if c.Name != "instance_sub" {
			continue
		}
		var names []string
		for _, d := range m.Deps {
			names = append(names, d.Name)
		}
		if strings.Join(names, ",") != "Naturals,Sequences,BoundedChan" {
			t.Errorf("instance_sub deps: %v", names)
		}
		bc := m.Deps[2]
		if bc.Module == nil || bc.Module.Def("Send") == nil || len(bc.Deps) != 2 {
			t.Errorf("BoundedChan not parsed")
		}
	}
}

func TestLoaderResolution(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"Main.tla": "---- MODULE Main ----\nEXTENDS Lib, Integers\nI == INSTANCE Lib2\nX == LET J == INSTANCE Lib IN 1\n====\n",
		"Lib.tla":  "---- MODULE Lib ----\nEXTENDS Sequences, TLC\nL == 1\n====\n",
		"Lib2.tla": "---- MODULE Lib2 ----\nEXTENDS Lib\n====\n",
	})
	l := NewLoader(token.NewFileSet())
	m, err := l.Load(filepath.Join(dir, "Main.tla"))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Deps) != 3 || m.Deps[0].Name != "Lib" || m.Deps[1].Name != "Integers" || m.Deps[2].Name != "Lib2" {
		t.Fatalf("deps %+v", m.Deps)
	}
	if m.Deps[2].Deps[0] != m.Deps[0] {
		t.Errorf("Lib parsed twice (no caching)")
	}
	ints := m.Deps[1].Builtin
	if ints == nil || len(ints.Extends) != 1 || ints.Extends[0] != "Naturals" || len(m.Deps[1].Deps) != 1 {
		t.Errorf("Integers: %+v", ints)
	}
	if op, ok := ints.Op("-.", token.Prefix); !ok || op.Arity != 1 {
		t.Errorf("Integers prefix minus")
	}
}

func TestLoaderErrors(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"A.tla":     "---- MODULE A ----\nEXTENDS B\n====\n",
		"B.tla":     "---- MODULE B ----\nEXTENDS Naturals, A\n====\n",
		"U.tla":     "---- MODULE U ----\nEXTENDS Naturals,\n        Nope\n====\n",
		"W.tla":     "---- MODULE W ----\nEXTENDS Wrong\n====\n",
		"Wrong.tla": "---- MODULE Other ----\n====\n",
	})
	_, err := NewLoader(token.NewFileSet()).Load(filepath.Join(dir, "A.tla"))
	if err == nil || !strings.Contains(err.Error(), "B.tla:2:19: cyclic module dependency: A -> B -> A") {
		t.Errorf("cycle: %v", err)
	}
	_, err = NewLoader(token.NewFileSet()).Load(filepath.Join(dir, "U.tla"))
	if err == nil || !strings.HasSuffix(err.Error(), "U.tla:3:9: module Nope not found") {
		t.Errorf("unknown: %v", err)
	}
	_, err = NewLoader(token.NewFileSet()).Load(filepath.Join(dir, "W.tla"))
	if err == nil || !strings.Contains(err.Error(), "module Other is in file Wrong.tla") {
		t.Errorf("name mismatch: %v", err)
	}
}

func TestBuiltins(t *testing.T) {
	for _, name := range BuiltinNames() {
		b, ok := Builtin(name)
		if !ok || b.Name != name || len(b.Ops) == 0 {
			t.Errorf("%s: %+v", name, b)
		}
		for _, e := range b.Extends {
			if _, ok := Builtin(e); !ok {
				t.Errorf("%s extends unknown %s", name, e)
			}
		}
	}
	seq, _ := Builtin("Sequences")
	if op, ok := seq.Op(`\o`, token.Infix); !ok || op.Arity != 2 {
		t.Errorf("Sequences \\o")
	}
	if op, ok := seq.Op("SubSeq", token.Named); !ok || op.Arity != 3 {
		t.Errorf("SubSeq")
	}
	tlc, _ := Builtin("TLC")
	if _, ok := tlc.Op(":>", token.Infix); !ok {
		t.Errorf("TLC :>")
	}
	if _, ok := Builtin("NoSuchModule"); ok {
		t.Errorf("unknown module resolved")
	}
}
