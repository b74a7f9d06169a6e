package parser

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// Loaded is a module reached by a Loader: either parsed from a file or builtin.
type Loaded struct {
	Name    string
	Path    string         // the file; "" for a builtin
	File    *ast.File      // the parsed file (nil for a builtin)
	Module  *ast.Module    // File.Module, for convenience (nil for a builtin)
	Builtin *BuiltinModule // nil for a file module
	Deps    []*Loaded      // modules named by EXTENDS and INSTANCE, in order, without repeats
}

// Loader parses a spec and, recursively, the modules it extends and instantiates: a module
// Name resolves to Name.tla beside the module that names it, else to a builtin module.
// Files are parsed once (cached by absolute path); cycles are errors. A Loader is not safe
// for concurrent use.
type Loader struct {
	Fset *token.FileSet
	// Mode is used for the root file (e.g. StopAtTranslation|WithAlgorithm); dependencies
	// are parsed whole.
	Mode Mode
	// ReadFile reads a file; os.ReadFile when nil.
	ReadFile func(path string) ([]byte, error)

	files    map[string]*Loaded
	builtins map[string]*Loaded
	loading  []string // absolute paths being loaded, for cycle reports
}

// NewLoader returns a loader that records files in fset.
func NewLoader(fset *token.FileSet) *Loader {
	return &Loader{Fset: fset}
}

func (l *Loader) read(path string) ([]byte, error) {
	if l.ReadFile != nil {
		return l.ReadFile(path)
	}
	return os.ReadFile(path)
}

// Load parses the spec at path and every module it depends on. It returns what could be
// loaded together with all errors, sorted.
func (l *Loader) Load(path string) (*Loaded, error) {
	var errs token.ErrorList
	m := l.loadFile(path, l.Mode, token.Position{}, &errs)
	return m, errs.Err()
}

func (l *Loader) loadFile(path string, mode Mode, at token.Position, errs *token.ErrorList) *Loaded {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	if l.files == nil {
		l.files = map[string]*Loaded{}
		l.builtins = map[string]*Loaded{}
	}
	if m, ok := l.files[abs]; ok {
		return m
	}
	for i, p := range l.loading {
		if p == abs {
			cycle := append(append([]string{}, l.loading[i:]...), abs)
			for j := range cycle {
				cycle[j] = strings.TrimSuffix(filepath.Base(cycle[j]), ".tla")
			}
			errs.Add(at, "cyclic module dependency: "+strings.Join(cycle, " -> "))
			return nil
		}
	}
	src, err := l.read(path)
	if err != nil {
		errs.Add(at, err.Error())
		return nil
	}
	f, err := ParseFile(l.Fset, path, src, mode)
	if err != nil {
		*errs = append(*errs, err.(token.ErrorList)...)
	}
	m := &Loaded{Path: path, File: f, Module: f.Module}
	if f.Module == nil {
		l.files[abs] = m
		return m
	}
	m.Name = f.Module.Name.Name
	if want := strings.TrimSuffix(filepath.Base(path), ".tla"); at.IsValid() && want != m.Name {
		errs.Add(l.Fset.Position(f.Module.Name.Pos()),
			fmt.Sprintf("module %s is in file %s.tla (expected MODULE %s)", m.Name, want, want))
	}
	l.loading = append(l.loading, abs)
	seen := map[*Loaded]bool{}
	for _, ref := range ModuleRefs(f.Module) {
		dep := l.resolve(ref.Name, filepath.Dir(path), l.Fset.Position(ref.Pos()), errs)
		if dep != nil && !seen[dep] {
			seen[dep] = true
			m.Deps = append(m.Deps, dep)
		}
	}
	l.loading = l.loading[:len(l.loading)-1]
	l.files[abs] = m
	return m
}

func (l *Loader) resolve(name, dir string, at token.Position, errs *token.ErrorList) *Loaded {
	path := filepath.Join(dir, name+".tla")
	if l.exists(path) {
		return l.loadFile(path, 0, at, errs)
	}
	return l.builtin(name, at, errs)
}

func (l *Loader) exists(path string) bool {
	if l.ReadFile != nil {
		_, err := l.ReadFile(path)
		return err == nil
	}
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}

func (l *Loader) builtin(name string, at token.Position, errs *token.ErrorList) *Loaded {
	if m, ok := l.builtins[name]; ok {
		return m
	}
	b, ok := Builtin(name)
	if !ok {
		errs.Add(at, "module "+name+" not found")
		return nil
	}
	m := &Loaded{Name: name, Builtin: b}
	l.builtins[name] = m
	for _, e := range b.Extends {
		if d := l.builtin(e, at, errs); d != nil {
			m.Deps = append(m.Deps, d)
		}
	}
	return m
}

// ModuleRefs returns the module names a module refers to (EXTENDS, INSTANCE anywhere,
// including LET and nested modules), excluding the modules nested in it.
func ModuleRefs(m *ast.Module) []*ast.Ident {
	nested := map[string]bool{}
	var refs []*ast.Ident
	refs = append(refs, m.Extends...)
	ast.Inspect(m, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Module:
			if n != m {
				nested[n.Name.Name] = true
				refs = append(refs, n.Extends...)
			}
		case *ast.Instance:
			refs = append(refs, n.Module)
		}
		return true
	})
	out := refs[:0]
	for _, r := range refs {
		if !nested[r.Name] {
			out = append(out, r)
		}
	}
	return out
}
