package check

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/parser"
	"github.com/mpgo/mpgo/lang/token"
)

// Spec is what the checker reads: the module prefix an algorithm sees, the algorithm, and
// the modules the module depends on.
type Spec struct {
	// File is the parsed file (nil when the spec was assembled by hand).
	File *ast.File
	// Module is the module as far as the algorithm sees it (mpcal.md §1.1: up to the
	// "\* BEGIN TRANSLATION" line); nil for none.
	Module *ast.Module
	// Algorithm is the PlusCal or MPCal algorithm; nil for none.
	Algorithm *ast.Algorithm
	// Deps are the modules Module extends or instantiates, as a parser.Loader found them;
	// names not among them resolve through parser.Builtin.
	Deps []*parser.Loaded
}

// LoadFile parses the spec at path (src, or the file's content when src is nil): the module
// up to "\* BEGIN TRANSLATION" and the algorithm (the --mpcal block if there is one, else
// the PlusCal algorithm), and loads the modules it extends and instantiates beside it or
// from the builtin tables. A PlusCal file without translation markers sees the units before
// its algorithm (the translation will be inserted after it). A module without any
// algorithm is loaded alone. Parse errors are returned as ParseError diagnostics; missing
// modules are left to Check (ModuleNotFoundError).
func LoadFile(fset *token.FileSet, path string, src []byte) (*Spec, ErrorList) {
	if src == nil {
		var err error
		src, err = os.ReadFile(path)
		if err != nil {
			return nil, ErrorList{{Position: token.Position{Filename: path}, Kind: ParseError, Msg: err.Error()}}
		}
	}
	markers := parser.FindMarkers(src)
	mpcal, _ := parser.FindMPCal(src, len(src))
	hasAlgText := bytes.Contains(src, []byte("--mpcal")) || bytes.Contains(src, []byte("--algorithm")) ||
		bytes.Contains(src, []byte("--fair"))
	mode := parser.WithAlgorithm
	if len(markers.BeginTranslation) > 0 || mpcal >= 0 {
		mode |= parser.StopAtTranslation
	}
	abs, _ := filepath.Abs(path)
	loader := parser.NewLoader(fset)
	loader.Mode = mode
	loader.ReadFile = func(p string) ([]byte, error) {
		if a, _ := filepath.Abs(p); a == abs {
			return src, nil
		}
		return os.ReadFile(p)
	}
	loaded, err := loader.Load(path)
	var errs ErrorList
	for _, e := range ParseErrors(err) {
		if strings.HasPrefix(e.Msg, "module ") && strings.HasSuffix(e.Msg, " not found") {
			continue // reported by Check as ModuleNotFoundError
		}
		if !hasAlgText && strings.Contains(e.Msg, parser.ErrNoAlgorithm.Error()) {
			continue // a plain TLA+ module: check the module alone
		}
		errs = append(errs, e)
	}
	if loaded == nil || loaded.File == nil {
		if len(errs) == 0 {
			errs = append(errs, &Error{Position: token.Position{Filename: path}, Kind: ParseError, Msg: "cannot load the module"})
		}
		return nil, errs
	}
	spec := &Spec{File: loaded.File, Module: loaded.Module, Algorithm: loaded.File.Algorithm, Deps: loaded.Deps}
	if mode&parser.StopAtTranslation == 0 && spec.Module != nil && spec.Algorithm != nil && loaded.File.AlgStart >= 0 {
		// units after the algorithm's comment will follow the translation: not visible
		m := *spec.Module
		m.Units = nil
		for _, u := range spec.Module.Units {
			if fset.Offset(u.Pos()) < loaded.File.AlgStart {
				m.Units = append(m.Units, u)
			}
		}
		spec.Module = &m
	}
	return spec, errs
}
