package gogen

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/check"
	"github.com/mpgo/mpgo/lang/normalize"
	"github.com/mpgo/mpgo/lang/token"
)

// Options configures Generate.
type Options struct {
	// Package is the Go package name of the output; empty means the MPCal block's name in
	// lower case (mpcal.md §1.3).
	Package string
}

// ErrInternal wraps failures that are gogen's own bugs (never the input's fault): code that
// does not format, a panic caught while generating.
var ErrInternal = errors.New("gogen: internal error")

// GenerateFile loads the spec at path (src, or the file's content when src is nil), checks
// it and compiles it. Diagnostics are returned as a check.ErrorList.
func GenerateFile(path string, src []byte, opts Options) ([]byte, error) {
	fset := token.NewFileSet()
	spec, errs := check.LoadFile(fset, path, src)
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	return Generate(fset, spec, opts)
}

// Generate compiles the MPCal algorithm of spec to one gofmt-formatted Go file (mpcal.md §7).
// Semantic errors found by lang/check and unsupported constructs in reachable code are
// returned as a check.ErrorList sorted by position; nothing is generated then. The output
// depends only on the input: the same spec always gives the same bytes. Generate never
// panics.
func Generate(fset *token.FileSet, spec *check.Spec, opts Options) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("%w: %v\n%s", ErrInternal, r, debug.Stack())
		}
	}()
	if fset == nil {
		fset = token.NewFileSet()
	}
	var where token.Position
	if spec != nil && spec.File != nil {
		where.Filename = spec.File.Name
	}
	if spec == nil || spec.Algorithm == nil {
		return nil, check.ErrorList{{Position: where, Kind: check.ParseError, Msg: "no --mpcal algorithm to compile"}}
	}
	if spec.Algorithm.Kind != ast.MPCal {
		where = fset.Position(spec.Algorithm.Pos())
		return nil, check.ErrorList{{Pos: spec.Algorithm.Pos(), Position: where, Kind: check.ParseError,
			Msg: "the algorithm is plain PlusCal; gogen compiles --mpcal blocks"}}
	}
	res, errs := check.Check(fset, spec, check.Config{})
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	flat, ferr := normalize.Flatten(res.Expanded)
	if ferr != nil {
		return nil, fmt.Errorf("%w: %v", ErrInternal, ferr)
	}
	alg := normalize.DesugarParallel(flat, res.Names, normalize.ParallelOptions{})
	info, errs := check.Resolve(fset, spec, alg)
	if len(errs) > 0 {
		errs.Sort()
		return nil, fmt.Errorf("%w: resolving the normalized algorithm: %v", ErrInternal, errs)
	}
	pkg := opts.Package
	if pkg == "" {
		pkg = strings.ToLower(goIdent(alg.Name.Name))
		if !validGoPackage(pkg) {
			pkg += "_" // a keyword such as "go"
		}
	}
	if !validGoPackage(pkg) {
		return nil, fmt.Errorf("gogen: %q is not a valid Go package name", pkg)
	}
	source := ""
	if spec.File != nil && spec.File.Name != "" {
		source = filepath.Base(spec.File.Name)
	}
	g := newGen(fset, spec, alg, info)
	src, errs, ierr := g.file(pkg, source)
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	if ierr != nil {
		return nil, ierr
	}
	return src, nil
}

// validGoPackage reports whether s can name a Go package: an identifier that is not a
// keyword or the blank identifier.
func validGoPackage(s string) bool {
	if s == "" || s == "_" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	for _, k := range goReserved[:25] { // the keywords
		if s == k {
			return false
		}
	}
	return true
}

// WriteFile writes generated code to path atomically (a temporary file beside it, then a
// rename), so that a failed write never leaves a truncated file.
func WriteFile(path string, code []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".gogen-*.go")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(code); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
