package pcalgen

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/check"
	"github.com/mpgo/mpgo/lang/normalize"
	"github.com/mpgo/mpgo/lang/parser"
	"github.com/mpgo/mpgo/lang/token"
	"github.com/mpgo/mpgo/translate"
)

// Options configure a compilation.
type Options struct {
	// NoMultipleWrites rejects a second assignment to a variable within one critical
	// section (mpcal.md §1.4) instead of rewriting it away.
	NoMultipleWrites bool
	// Translate are the PlusCal translator's options for the TLA+ translation (options
	// written in the module as "PlusCal options (...)" are added to them).
	Translate translate.Options
}

// Generate compiles the MPCal algorithm of spec (as check.LoadFile returns it) into a
// PlusCal algorithm. It returns the algorithm's text in the layout of mpcal.md §6.8 (ending
// in a newline) and the algorithm parsed back from that text, on which the consistency
// check ran. Errors are a check.ErrorList of positioned diagnostics; Generate never panics.
func Generate(fset *token.FileSet, spec *check.Spec, opts Options) (text string, alg *ast.Algorithm, err error) {
	if fset == nil {
		fset = token.NewFileSet()
	}
	defer func() {
		if r := recover(); r != nil {
			text, alg = "", nil
			err = check.ErrorList{{Kind: check.ConsistencyCheckFailed, Msg: fmt.Sprintf("internal pcalgen error: %v\n%s", r, debug.Stack())}}
		}
	}()
	if spec == nil || spec.Algorithm == nil || spec.Algorithm.Kind != ast.MPCal {
		e := &check.Error{Kind: check.ParseError, Msg: "no --mpcal block found"}
		if spec != nil && spec.File != nil {
			e.Position = token.Position{Filename: spec.File.Name, Line: 1, Column: 1}
		}
		return "", nil, check.ErrorList{e}
	}
	res, errs := check.Check(fset, spec, check.Config{NoMultipleWrites: opts.NoMultipleWrites, PCalGen: true})
	if len(errs) > 0 {
		return "", nil, errs
	}
	out, gerrs := compile(fset, spec, res)
	if len(gerrs) > 0 {
		gerrs.Sort()
		return "", nil, gerrs
	}
	text = render(out)
	name := spec.Algorithm.Name
	alg, cerr := Consistency(fset, spec, text, fset.Position(name.Pos()))
	if cerr != nil {
		return "", nil, cerr
	}
	return text, alg, nil
}

// compile runs steps 2 to 5 of mpcal.md §6.1 on a checked spec.
func compile(fset *token.FileSet, spec *check.Spec, res *check.Result) (*ast.Algorithm, check.ErrorList) {
	flat, err := normalize.Flatten(res.Expanded)
	if err != nil {
		var fe *normalize.FlattenError
		pos := token.NoPos
		if errors.As(err, &fe) {
			pos = fe.Pos
		}
		return nil, check.ErrorList{internalErr(fset, pos, err.Error())}
	}
	// Pairs on one root are combined into one EXCEPT only where the root is surely not
	// mapped: a ref parameter may be mapped in some expansions, so its pairs stay separate
	// assignments (the repeated-write removal then chains them, with the same result).
	combine := func(root ast.Expr) bool {
		id, ok := root.(*ast.Ident)
		if !ok {
			return true
		}
		sym := res.Info.Use(id)
		return sym == nil || !sym.Ref
	}
	desugared := normalize.DesugarParallel(flat, res.Names, normalize.ParallelOptions{Combine: combine})
	info, rerrs := check.Resolve(fset, spec, desugared)
	if len(rerrs) > 0 {
		return nil, check.ErrorList{internalErr(fset, desugared.Pos(), "normalized algorithm does not resolve: "+rerrs.Error())}
	}
	g := &gen{fset: fset, info: info, names: res.Names, alg: desugared,
		specs: map[string]string{}, procVars: map[string][]string{}}
	g.tables(spec.Module)

	a := desugared
	out := &ast.Algorithm{Kind: ast.PlusCal, Syntax: ast.CSyntax, Start: a.Start, Name: ident(a.Name, a.Name.Name),
		Define: a.Define, EndPos: a.EndPos}
	plain := &copier{}
	for _, v := range a.Vars {
		out.Vars = append(out.Vars, &ast.VarDecl{Name: ident(v.Name, v.Name.Name), Kind: v.Kind, Init: plain.expr(v.Init)})
	}
	for _, p := range a.Procedures {
		out.Procedures = append(out.Procedures, g.procedure(p))
	}
	for _, p := range a.Processes {
		out.Processes = append(out.Processes, g.process(p))
	}
	for _, in := range a.Instances {
		if pr := g.instance(in); pr != nil {
			out.Processes = append(out.Processes, pr)
		}
	}
	out.Procedures = append(out.Procedures, g.procs...)
	out.Vars = append(out.Vars, g.globals...)
	if len(g.errs) > 0 {
		return nil, g.errs
	}
	for _, p := range out.Procedures {
		p.Body = g.finishBody(p.Body, p.Name.Name)
	}
	for _, p := range out.Processes {
		p.Body = g.finishBody(p.Body, "")
	}
	return out, g.errs
}

func (g *gen) finishBody(b *ast.Block, proc string) *ast.Block {
	n := &ast.Block{Lbrace: b.Lbrace, Rbrace: b.Rbrace, EndPos: b.EndPos}
	for _, s := range b.Stmts {
		if l, ok := s.(*ast.LabeledStmt); ok {
			n.Stmts = append(n.Stmts, g.finishSection(l, proc))
		} else {
			n.Stmts = append(n.Stmts, s)
		}
	}
	return n
}

func internalErr(fset *token.FileSet, pos token.Pos, msg string) *check.Error {
	e := &check.Error{Pos: pos, Kind: check.ConsistencyCheckFailed, Msg: "internal error: " + msg}
	if pos.IsValid() {
		e.Position = fset.Position(pos)
	}
	return e
}

// Consistency is the consistency check of mpcal.md §1.2: text, a generated PlusCal
// algorithm, is parsed and checked (with "no multiple writes" on) against the module of
// spec. A failure is a ConsistencyCheckFailed error at at, listing what went wrong; it
// means a compiler bug.
func Consistency(fset *token.FileSet, spec *check.Spec, text string, at token.Position) (*ast.Algorithm, error) {
	fail := func(detail string) error {
		return check.ErrorList{{Position: at, Kind: check.ConsistencyCheckFailed,
			Msg: "the generated PlusCal algorithm does not pass the checks (a compiler bug):\n" + detail}}
	}
	name := at.Filename + " (generated PlusCal)"
	alg, err := parser.ParseAlgorithm(fset, name, []byte(text), parser.PlusCalOnly)
	if err != nil || alg == nil {
		msg := "no algorithm"
		if err != nil {
			msg = err.Error()
		}
		return nil, fail(msg)
	}
	if spec == nil {
		spec = &check.Spec{}
	}
	_, errs := check.Check(fset, &check.Spec{Module: spec.Module, Deps: spec.Deps, Algorithm: alg}, check.Config{NoMultipleWrites: true})
	if len(errs) > 0 {
		return nil, fail(errs.Error())
	}
	return alg, nil
}

// Source compiles the MPCal block of a module and returns the new module text: the PlusCal
// algorithm between the PLUSCAL TRANSLATION lines (mpcal.md §1.2) and its TLA+ translation
// between the BEGIN/END TRANSLATION lines. Nothing else changes.
func Source(filename string, src []byte, opts Options) ([]byte, error) {
	fset := token.NewFileSet()
	spec, errs := check.LoadFile(fset, filename, src)
	if len(errs) > 0 {
		return nil, errs
	}
	text, _, err := Generate(fset, spec, opts)
	if err != nil {
		return nil, err
	}
	mk := spec.File.Markers
	if len(mk.BeginPlusCal) != 1 || len(mk.EndPlusCal) != 1 || mk.EndPlusCal[0].Offset < mk.BeginPlusCal[0].End {
		return nil, check.ErrorList{{Position: token.Position{Filename: filename, Line: 1, Column: 1}, Kind: check.PCalTagsError,
			Msg: `expected one "\* BEGIN PLUSCAL TRANSLATION" line followed by one "\* END PLUSCAL TRANSLATION" line`}}
	}
	begin, end := mk.BeginPlusCal[0], mk.EndPlusCal[0]
	var b bytes.Buffer
	b.Write(src[:begin.End])
	b.WriteString(text)
	b.WriteString("\n")
	b.Write(src[end.Offset:])
	res, err := translate.Source(filename, b.Bytes(), opts.Translate)
	if err != nil {
		return nil, translationErr(filename, err)
	}
	return res.Text, nil
}

// translationErr reports a translator failure on generated PlusCal (a compiler bug) in
// pcalgen's error format.
func translationErr(filename string, err error) error {
	var list token.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		var out check.ErrorList
		for _, e := range list {
			out = append(out, &check.Error{Position: e.Pos, Kind: check.ConsistencyCheckFailed,
				Msg: "the PlusCal translator rejected the generated algorithm: " + e.Msg})
		}
		return out
	}
	return check.ErrorList{{Position: token.Position{Filename: filename, Line: 1, Column: 1}, Kind: check.ConsistencyCheckFailed,
		Msg: "the PlusCal translator rejected the generated algorithm: " + strings.TrimPrefix(err.Error(), filename+":")}}
}

// File compiles the spec at path in place (mpcal.md §1.2). On error the file is left
// untouched; otherwise the new text replaces it atomically (temporary file, then rename).
// Running it again on its output changes nothing.
func File(path string, opts Options) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out, err := Source(path, src, opts)
	if err != nil {
		return err
	}
	if bytes.Equal(out, src) {
		return nil
	}
	return writeAtomic(path, out)
}

func writeAtomic(path string, data []byte) (err error) {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer func() {
		if err != nil {
			os.Remove(name)
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err = tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Chmod(name, mode); err != nil {
		return err
	}
	return os.Rename(name, path)
}
