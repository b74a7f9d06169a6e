package parser

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// Mode selects what a parse covers.
type Mode uint

// Mode bits.
const (
	// StopAtTranslation parses the module only up to the "\* BEGIN TRANSLATION" line (as MPCal
	// compilation does, mpcal.md §1.1); the marker is then required.
	StopAtTranslation Mode = 1 << iota
	// WithAlgorithm also finds and parses the algorithm: the --mpcal block if there is one
	// (unless PlusCalOnly), else the first --algorithm / --fair.
	WithAlgorithm
	// PlusCalOnly looks only for --algorithm / --fair (pluscal-translation.md §1).
	PlusCalOnly
	// MPCalOnly looks only for the --mpcal block (mpcal.md §1.1).
	MPCalOnly
	// SkipModule does not parse the TLA+ module (only the algorithm and markers).
	SkipModule
)

// ErrNoAlgorithm is wrapped by the error returned when a file has no algorithm.
var ErrNoAlgorithm = errors.New("no algorithm found")

// newFile registers src in fset.
func newFile(fset *token.FileSet, filename string, src []byte) *token.File {
	f := fset.AddFile(filename, -1, len(src))
	f.SetLinesForContent(src)
	return f
}

// safely runs f, turning a panic (a parser bug) into a positioned error: a last resort, the
// parser is written not to panic.
func safely(file *token.File, errs *token.ErrorList, f func()) {
	defer func() {
		if r := recover(); r != nil {
			errs.Add(token.Position{Filename: file.Name()}, fmt.Sprintf("internal parser error: %v", r))
		}
	}()
	f()
}

// ParseFile parses a .tla file: the module (unless SkipModule), the algorithm (with
// WithAlgorithm) and the marker lines. It returns the partial result together with the
// sorted error list.
func ParseFile(fset *token.FileSet, filename string, src []byte, mode Mode) (*ast.File, error) {
	file := newFile(fset, filename, src)
	out := &ast.File{Name: filename, Markers: FindMarkers(src), AlgStart: -1, AlgEnd: -1}
	var errs token.ErrorList
	safely(file, &errs, func() {
		if mode&SkipModule == 0 {
			out.Module = parseModuleIn(file, src, mode, out.Markers, &errs)
		}
		if mode&(WithAlgorithm|PlusCalOnly|MPCalOnly) != 0 {
			out.Algorithm, out.AlgStart, out.AlgEnd = parseAlgorithmIn(file, src, mode, out.Markers, &errs)
		}
	})
	return out, errs.Err()
}

// ParseModule parses the TLA+ module of a file (everything, or up to the BEGIN TRANSLATION
// marker with StopAtTranslation).
func ParseModule(fset *token.FileSet, filename string, src []byte, mode Mode) (*ast.Module, error) {
	f, err := ParseFile(fset, filename, src, mode&^(WithAlgorithm|PlusCalOnly|MPCalOnly|SkipModule))
	return f.Module, err
}

// ParseAlgorithm finds and parses the algorithm of a file: the --mpcal block (MPCalOnly), the
// first --algorithm / --fair (PlusCalOnly), or by default the --mpcal block if any, else the
// PlusCal algorithm. The module itself is not parsed.
func ParseAlgorithm(fset *token.FileSet, filename string, src []byte, mode Mode) (*ast.Algorithm, error) {
	if mode&(PlusCalOnly|MPCalOnly) == 0 {
		mode |= WithAlgorithm
	}
	f, err := ParseFile(fset, filename, src, mode|SkipModule)
	return f.Algorithm, err
}

// ParseExpr parses a standalone TLA+ expression.
func ParseExpr(x string) (ast.Expr, error) {
	return ParseExprFrom(token.NewFileSet(), "", []byte(x))
}

// ParseExprFrom parses a standalone TLA+ expression registered in fset as filename.
func ParseExprFrom(fset *token.FileSet, filename string, src []byte) (ast.Expr, error) {
	file := newFile(fset, filename, src)
	var errs token.ErrorList
	var x ast.Expr
	safely(file, &errs, func() {
		p := newParser(file, src, 0, len(src), false)
		x = p.parseExpr()
		if !p.bad && p.tok().kind != token.EOF {
			p.errorf("unexpected %s after expression", describe(p.tok()))
		}
		errs = append(errs, p.errs...)
	})
	return x, errs.Err()
}

func parseModuleIn(file *token.File, src []byte, mode Mode, mk ast.Markers, errs *token.ErrorList) *ast.Module {
	start := bytes.Index(src, []byte("----"))
	if start < 0 {
		errs.Add(file.Position(file.Pos(0)), "no module header (---- MODULE Name ----) found")
		return nil
	}
	end := len(src)
	if mode&StopAtTranslation != 0 {
		if len(mk.BeginTranslation) == 0 {
			errs.Add(file.Position(file.Pos(len(src))), `missing "\* BEGIN TRANSLATION" line`)
			return nil
		}
		end = mk.BeginTranslation[0].Offset
		if end < start {
			errs.Add(file.Position(file.Pos(end)), `"\* BEGIN TRANSLATION" before the module header`)
			return nil
		}
	}
	p := newParser(file, src, start, end, false)
	m := p.parseModule(mode&StopAtTranslation != 0)
	*errs = append(*errs, p.errs...)
	return m
}

func parseAlgorithmIn(file *token.File, src []byte, mode Mode, mk ast.Markers, errs *token.ErrorList) (*ast.Algorithm, int, int) {
	limit := len(src)
	if len(mk.BeginTranslation) > 0 {
		limit = mk.BeginTranslation[0].Offset
	}
	start, end := -1, -1
	if mode&PlusCalOnly == 0 {
		start, end = FindMPCal(src, limit)
	}
	if start < 0 && mode&MPCalOnly == 0 {
		start, end = FindPlusCal(src)
	}
	if start < 0 {
		what := "--algorithm"
		if mode&MPCalOnly != 0 {
			what = "--mpcal"
		}
		errs.Add(token.Position{Filename: file.Name()}, fmt.Sprintf("%v: beginning of algorithm %s not found", ErrNoAlgorithm, what))
		return nil, -1, -1
	}
	p := newParser(file, src, start, end, true)
	a := p.parseAlgorithm()
	*errs = append(*errs, p.errs...)
	if a == nil {
		return nil, -1, -1
	}
	return a, start, file.Offset(a.EndPos)
}

// commentSpans returns the top-level (* ... *) comments of src[from:to] as [start, end)
// pairs (end just after "*)"; an unterminated comment extends to len(src)), skipping
// strings and \* line comments outside comments.
func commentSpans(src []byte, from, to int, visit func(start, end int) bool) {
	i := from
	for i < to {
		c := src[i]
		switch {
		case c == '"':
			i++
			for i < len(src) && src[i] != '"' && src[i] != '\n' {
				if src[i] == '\\' {
					i++
				}
				i++
			}
			i++
		case c == '\\' && i+1 < len(src) && src[i+1] == '*':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '(' && i+1 < len(src) && src[i+1] == '*':
			start := i
			depth := 0
			for i < len(src) {
				if src[i] == '(' && i+1 < len(src) && src[i+1] == '*' {
					depth++
					i += 2
				} else if src[i] == '*' && i+1 < len(src) && src[i+1] == ')' {
					depth--
					i += 2
					if depth == 0 {
						break
					}
				} else {
					i++
				}
			}
			if !visit(start, i) {
				return
			}
		default:
			i++
		}
	}
}

// FindMPCal returns the span of the --mpcal block (mpcal.md §1.1 rule 3): the first top-level
// comment before limit that directly contains "--mpcal" (not in a nested comment or a \*
// line); the span runs from "--mpcal" to the comment's closing "*)". (-1, -1) if none.
func FindMPCal(src []byte, limit int) (start, end int) {
	from := bytes.Index(src, []byte("----"))
	if from < 0 {
		from = 0
	}
	start, end = -1, -1
	commentSpans(src, from, limit, func(cs, ce int) bool {
		depth := 0
		lineComment := false
		for i := cs; i < ce; i++ {
			switch {
			case src[i] == '\n':
				lineComment = false
			case lineComment:
			case src[i] == '(' && i+1 < ce && src[i+1] == '*':
				depth++
				i++
			case src[i] == '*' && i+1 < ce && src[i+1] == ')':
				depth--
				i++
			case depth == 1 && src[i] == '\\' && i+1 < ce && src[i+1] == '*':
				lineComment = true
			case depth == 1 && bytes.HasPrefix(src[i:ce], []byte("--mpcal")) &&
				(i+7 >= ce || !isWordChar(src[i+7])):
				start, end = i, ce
				if bytes.HasSuffix(src[cs:ce], []byte("*)")) {
					end = ce - 2
				}
				return false
			}
		}
		return true
	})
	return start, end
}

// FindPlusCal returns the span of the PlusCal algorithm as the standard translator finds it
// (pluscal-translation.md §1): from the first "--algorithm" or "--fair" anywhere in the file
// to the end of the comment that contains it (or the end of the file). (-1, -1) if none.
func FindPlusCal(src []byte) (start, end int) {
	a := bytes.Index(src, []byte("--algorithm"))
	f := bytes.Index(src, []byte("--fair"))
	start = a
	if f >= 0 && (a < 0 || f < a) {
		start = f
	}
	if start < 0 {
		return -1, -1
	}
	end = len(src)
	commentSpans(src, 0, start+1, func(cs, ce int) bool {
		if cs <= start && start < ce {
			end = ce
			if bytes.HasSuffix(src[cs:ce], []byte("*)")) {
				end = ce - 2
			}
			return false
		}
		return true
	})
	return start, end
}

// FindMarkers finds the translation marker lines: a line whose first non-blank text is
// "\*" (more stars allowed) followed by BEGIN/END [PLUSCAL] TRANSLATION.
func FindMarkers(src []byte) ast.Markers {
	var m ast.Markers
	line := 1
	for off := 0; off < len(src); {
		nl := bytes.IndexByte(src[off:], '\n')
		end := len(src)
		if nl >= 0 {
			end = off + nl + 1
		}
		text := bytes.TrimRight(src[off:end], "\r\n")
		if begin, plus, ok := markerLine(text); ok {
			mk := ast.Marker{Line: line, Offset: off, End: end, Text: string(text)}
			switch {
			case begin && plus:
				m.BeginPlusCal = append(m.BeginPlusCal, mk)
			case begin:
				m.BeginTranslation = append(m.BeginTranslation, mk)
			case plus:
				m.EndPlusCal = append(m.EndPlusCal, mk)
			default:
				m.EndTranslation = append(m.EndTranslation, mk)
			}
		}
		off = end
		line++
	}
	return m
}

func markerLine(text []byte) (begin, plus, ok bool) {
	s := bytes.TrimLeft(text, " \t")
	if !bytes.HasPrefix(s, []byte(`\*`)) {
		return
	}
	s = bytes.TrimLeft(s[1:], "*")
	word := func() string {
		s = bytes.TrimLeft(s, " \t")
		i := 0
		for i < len(s) && isLetter(s[i]) {
			i++
		}
		w := string(s[:i])
		s = s[i:]
		return w
	}
	switch word() {
	case "BEGIN":
		begin = true
	case "END":
	default:
		return
	}
	w := word()
	if w == "PLUSCAL" {
		plus = true
		w = word()
	}
	if w != "TRANSLATION" {
		return
	}
	return begin, plus, true
}
