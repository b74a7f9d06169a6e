package translate

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// tokKind classifies the tokens of an expression. Only identifiers are candidates for
// renaming, priming and indexing; strings are rendered in their own way in the checksum text.
type tokKind uint8

const (
	tIdent tokKind = iota
	tNumber
	tString
	tOp
	tDone // text produced by the translator itself (never substituted again)
)

// tok is one token of an expression. For strings s is the text between the quotes as
// written. col is the column of the token relative to its expression (see texpr).
type tok struct {
	s    string
	kind tokKind
	col  int
}

func (t tok) text() string {
	if t.kind == tString {
		return `"` + t.s + `"`
	}
	return t.s
}

func (t tok) width() int { return utf8.RuneCountInString(t.text()) }

// texpr is an expression as the standard translator keeps it: lines of tokens with their
// columns, so that the user's spacing and the relative layout of multi-line expressions
// survive translation (pluscal-translation.md §7, §15). Columns are normalised so that the
// leftmost line start is column 0.
type texpr struct {
	lines [][]tok
}

func (e *texpr) empty() bool { return e == nil || len(e.lines) == 0 }

// single reports whether the expression is exactly one token.
func (e *texpr) single() bool { return len(e.lines) == 1 && len(e.lines[0]) == 1 }

func (e *texpr) clone() *texpr {
	if e == nil {
		return &texpr{}
	}
	c := &texpr{lines: make([][]tok, len(e.lines))}
	for i, l := range e.lines {
		c.lines[i] = append([]tok(nil), l...)
	}
	return c
}

func (e *texpr) normalize() {
	minCol := -1
	for _, l := range e.lines {
		if len(l) > 0 && (minCol < 0 || l[0].col < minCol) {
			minCol = l[0].col
		}
	}
	if minCol <= 0 {
		return
	}
	for _, l := range e.lines {
		for j := range l {
			l[j].col -= minCol
		}
	}
}

// strings renders the expression line by line; continuation lines carry their leading
// spaces, and the first line is indented only when a later line starts further left.
func (e *texpr) strings() []string {
	out := make([]string, 0, len(e.lines))
	for _, l := range e.lines {
		var b strings.Builder
		next := 0
		for _, t := range l {
			if t.col > next {
				b.WriteString(strings.Repeat(" ", t.col-next))
				next = t.col
			}
			b.WriteString(t.text())
			next += t.width()
		}
		out = append(out, b.String())
	}
	return out
}

// oneLine renders the expression as it would be printed on one line (for error messages
// and names); continuation lines are joined by a space.
func (e *texpr) oneLine() string {
	return strings.Join(e.strings(), " ")
}

// identExpr and friends build expressions the translator writes itself.
func identExpr(s string) *texpr { return &texpr{lines: [][]tok{{{s: s, kind: tIdent}}}} }

func stringExpr(s string) *texpr { return &texpr{lines: [][]tok{{{s: s, kind: tString}}}} }

// rawExpr tokenises text the translator generated (e.g. Head(stack).pc).
func rawExpr(s string) *texpr {
	e, _ := tokenize(s, 0)
	return e
}

// substitute replaces tokens: repl returns the replacement tokens (laid out contiguously,
// their own cols relative to each other) and true, or false to keep the token. Tokens after
// a replaced one move right or left by the change in width; a later line whose first token
// was aligned with a moved token moves with it, as the standard translator keeps the
// relative layout of multi-line expressions.
func (e *texpr) substitute(repl func(i, j int) ([]tok, bool)) *texpr {
	out := &texpr{lines: make([][]tok, len(e.lines))}
	// shift[i][j]: how far token j of line i moved; used to anchor later lines.
	type anchor struct{ col, shift int }
	var anchors []anchor
	for i, l := range e.lines {
		lineShift := 0
		if i > 0 && len(l) > 0 {
			// Align with the latest token above that started at the same column.
			for k := len(anchors) - 1; k >= 0; k-- {
				if anchors[k].col == l[0].col {
					lineShift = anchors[k].shift
					break
				}
			}
		}
		var nl []tok
		delta := lineShift
		var lineAnchors []anchor
		for j, t := range l {
			lineAnchors = append(lineAnchors, anchor{t.col, delta})
			r, ok := repl(i, j)
			if !ok {
				t.col += delta
				nl = append(nl, t)
				continue
			}
			start := t.col + delta
			w := 0
			if len(r) > 0 {
				base := r[0].col
				for _, rt := range r {
					rt.col = start + rt.col - base
					nl = append(nl, rt)
					if end := rt.col + rt.width() - start; end > w {
						w = end
					}
				}
			}
			delta += w - t.width()
		}
		out.lines[i] = nl
		// Later lines find their anchor among all tokens above; keep the latest per column.
		anchors = append(anchors, lineAnchors...)
	}
	// Drop lines that became empty (an identifier replaced by nothing).
	k := 0
	for _, l := range out.lines {
		if len(l) > 0 {
			out.lines[k] = l
			k++
		}
	}
	out.lines = out.lines[:k]
	out.normalize()
	return out
}

// flatTokens returns the tokens of e on one line, laid out from column 0 with the spacing of
// their own lines and a single space between lines.
func (e *texpr) flatTokens() []tok {
	var out []tok
	next := 0
	for i, l := range e.lines {
		if len(l) == 0 {
			continue
		}
		base := l[0].col
		start := next
		if i > 0 {
			start = next + 1
		}
		for _, t := range l {
			t.col = start + t.col - base
			out = append(out, t)
			next = t.col + t.width()
		}
	}
	return out
}

// concat builds a one-line expression from pieces separated as given: each piece is either
// a string (tokenised) or an expression (flattened).
func lineOf(parts ...any) *texpr {
	var toks []tok
	col := 0
	for _, p := range parts {
		var ts []tok
		switch v := p.(type) {
		case string:
			if v == " " {
				col++
				continue
			}
			e, _ := tokenize(v, 0)
			ts = e.flatTokens()
		case *texpr:
			ts = v.flatTokens()
		case tok:
			v.col = 0
			ts = []tok{v}
		}
		if len(ts) == 0 {
			continue
		}
		base := ts[0].col
		for _, t := range ts {
			t.col = col + t.col - base
			toks = append(toks, t)
		}
		last := toks[len(toks)-1]
		col = last.col + last.width()
	}
	if len(toks) == 0 {
		return &texpr{}
	}
	return &texpr{lines: [][]tok{toks}}
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

// tlaOps are the operator and punctuation symbols, longest first.
var tlaOps = func() []string {
	ops := []string{
		"<=>", "=>", "=<", "<=", ">=", "/=", "/\\", "\\/", "==", "=", "#", "~>", "~",
		"<<", ">>_", ">>", "<:", ":>", "<-", "->", "|->", "|-", "-|", "||", "|", "=|", "|=",
		"[]", "<>", "...", "..", "::", ":=", ":", ",", ".", "!", "@@", "@", "'",
		"(", ")", "[", "]", "{", "}", "+", "-+->", "-", "*", "/", "%", "^", "&", "$", "?",
		"++", "--", "**", "//", "^^", "%%", "&&", "$$", "??", "##", "<", ">", "-.", "^+", "^*", "^#",
	}
	sort.SliceStable(ops, func(i, j int) bool { return len(ops[i]) > len(ops[j]) })
	return ops
}()

func isLetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// tokenize splits expression text into tokens with columns; col0 is the column of s[0] in
// its line. Comments are skipped. It returns the normalised expression and whether the text
// was fully understood (false for an unterminated string or comment).
func tokenize(s string, col0 int) (*texpr, bool) {
	e := &texpr{}
	var line []tok
	col := col0
	ok := true
	flush := func() {
		if len(line) > 0 {
			e.lines = append(e.lines, line)
		}
		line = nil
	}
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == '\n':
			flush()
			col = 0
			i++
			continue
		case c == '\r':
			i++
			continue
		case c == ' ' || c == '\t':
			col++
			i++
			continue
		case c == '(' && i+1 < len(s) && s[i+1] == '*':
			depth := 0
			for i < len(s) {
				if s[i] == '(' && i+1 < len(s) && s[i+1] == '*' {
					depth++
					i += 2
					col += 2
					continue
				}
				if s[i] == '*' && i+1 < len(s) && s[i+1] == ')' {
					depth--
					i += 2
					col += 2
					if depth == 0 {
						break
					}
					continue
				}
				if s[i] == '\n' {
					flush()
					col = 0
				} else if s[i]&0xC0 != 0x80 {
					col++
				}
				i++
			}
			if depth != 0 {
				ok = false
			}
			continue
		case c == '\\' && i+1 < len(s) && s[i+1] == '*':
			for i < len(s) && s[i] != '\n' {
				i++
			}
			continue
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' && s[j] != '\n' {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				j++
			}
			if j >= len(s) || s[j] != '"' {
				ok = false
				line = append(line, tok{s: s[i+1 : j], kind: tString, col: col})
				col += utf8.RuneCountInString(s[i:j])
				i = j
				continue
			}
			line = append(line, tok{s: s[i+1 : j], kind: tString, col: col})
			col += utf8.RuneCountInString(s[i : j+1])
			i = j + 1
			continue
		case isLetter(c) || isDigit(c):
			j := i
			letter := false
			for j < len(s) && (isLetter(s[j]) || isDigit(s[j])) {
				if isLetter(s[j]) {
					letter = true
				}
				j++
			}
			kind := tIdent
			if !letter {
				kind = tNumber
				if j+1 < len(s) && s[j] == '.' && isDigit(s[j+1]) {
					j++
					for j < len(s) && isDigit(s[j]) {
						j++
					}
				}
			}
			line = append(line, tok{s: s[i:j], kind: kind, col: col})
			col += j - i
			i = j
			continue
		case c == '\\' && i+1 < len(s) && isLetter(s[i+1]):
			j := i + 1
			for j < len(s) && (isLetter(s[j]) || isDigit(s[j])) {
				j++
			}
			kind := tOp
			w := s[i:j]
			// \b101, \o17, \h1F are numbers.
			if len(w) > 2 && (w[1] == 'b' || w[1] == 'o' || w[1] == 'h' || w[1] == 'B' || w[1] == 'O' || w[1] == 'H') && isNumberTail(w[1], w[2:]) {
				kind = tNumber
			}
			line = append(line, tok{s: w, kind: kind, col: col})
			col += j - i
			i = j
			continue
		}
		matched := false
		for _, op := range tlaOps {
			if strings.HasPrefix(s[i:], op) {
				line = append(line, tok{s: op, kind: tOp, col: col})
				col += len(op)
				i += len(op)
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		if c == '\\' {
			line = append(line, tok{s: `\`, kind: tOp, col: col})
			col++
			i++
			continue
		}
		// Anything else (non-ASCII symbols, stray characters) is kept as one token.
		_, n := utf8.DecodeRuneInString(s[i:])
		line = append(line, tok{s: s[i : i+n], kind: tOp, col: col})
		col++
		i += n
	}
	flush()
	e.normalize()
	return e, ok
}

func isNumberTail(base byte, s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch base {
		case 'b', 'B':
			if c != '0' && c != '1' {
				return false
			}
		case 'o', 'O':
			if c < '0' || c > '7' {
				return false
			}
		default:
			if !isDigit(c) && !(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// needsParens is the standard translator's test for putting parentheses around a right-hand
// side or initial value (pluscal-translation.md §5): it looks at the first line only.
func needsParens(first string) bool {
	depth := 0
	n := len(first)
	for i := 0; i < n; i++ {
		c := first[i]
		switch {
		case c == '"':
			i++
			for i < n && first[i] != '"' {
				if first[i] == '\\' {
					i++
				}
				i++
			}
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == '<' && i+1 < n && first[i+1] == '<':
			depth++
			i++
		case c == '>' && i+1 < n && first[i+1] == '>':
			depth--
			i++
		case depth != 0:
		case c == '=' || c == '#' || c == '<' || c == '>':
			return true
		case c == '/' && i+1 < n && first[i+1] == '\\':
			return true
		case c == '|' && (i+1 < n && first[i+1] == '-' || i > 0 && first[i-1] == '-'):
			return true
		case c == '\\':
			if i+1 >= n {
				continue
			}
			switch first[i+1] {
			case 'o', 'X', ' ':
				continue
			}
			return true
		}
	}
	return false
}
