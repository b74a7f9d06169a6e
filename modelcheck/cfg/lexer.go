package cfg

import (
	"fmt"
	"strings"
)

type tokKind int

const (
	tEOF      tokKind = iota
	tIdent            // letters, digits and '_' with at least one letter
	tNumber           // decimal digits
	tString           // "..." (text is the unescaped content)
	tPunct            // = <- [ ] { } ( ) ,
	tNegative         // '-' immediately followed by digits, e.g. -3
	tOther            // any other symbol, kept for error messages
)

type token struct {
	kind tokKind
	text string
	pos  Pos
}

// describe renders t for an error message.
func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of file"
	case tString:
		return "string " + quote(t.text)
	case tIdent:
		if isKeyword(t.text) {
			return "keyword " + t.text
		}
		return fmt.Sprintf("%q", t.text)
	default:
		return fmt.Sprintf("%q", t.text)
	}
}

// lexer splits a configuration into tokens, skipping blanks and comments.
type lexer struct {
	src       []byte
	off       int
	line, col int
}

func newLexer(src []byte) *lexer {
	lx := &lexer{src: src, line: 1, col: 1}
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		lx.off = 3 // UTF-8 byte order mark
	}
	return lx
}

func (lx *lexer) pos() Pos { return Pos{lx.line, lx.col} }

func (lx *lexer) peekAt(i int) byte {
	if lx.off+i < len(lx.src) {
		return lx.src[lx.off+i]
	}
	return 0
}

func (lx *lexer) advance() {
	if lx.src[lx.off] == '\n' {
		lx.line++
		lx.col = 1
	} else {
		lx.col++
	}
	lx.off++
}

func (lx *lexer) errorf(p Pos, format string, args ...any) *Error {
	return &Error{Pos: p, Msg: fmt.Sprintf(format, args...)}
}

// skip skips blanks and comments.
func (lx *lexer) skip() *Error {
	for lx.off < len(lx.src) {
		switch c := lx.src[lx.off]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			lx.advance()
		case c == '\\' && lx.peekAt(1) == '*':
			for lx.off < len(lx.src) && lx.src[lx.off] != '\n' {
				lx.advance()
			}
		case c == '(' && lx.peekAt(1) == '*':
			start := lx.pos()
			lx.advance()
			lx.advance()
			depth := 1
			for depth > 0 {
				if lx.off >= len(lx.src) {
					return lx.errorf(start, "unterminated comment: (* has no matching *)")
				}
				switch {
				case lx.src[lx.off] == '(' && lx.peekAt(1) == '*':
					depth++
					lx.advance()
				case lx.src[lx.off] == '*' && lx.peekAt(1) == ')':
					depth--
					lx.advance()
				}
				lx.advance()
			}
		default:
			return nil
		}
	}
	return nil
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isWordChar(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '_'
}

// next returns the next token.
func (lx *lexer) next() (token, *Error) {
	if err := lx.skip(); err != nil {
		return token{}, err
	}
	p := lx.pos()
	if lx.off >= len(lx.src) {
		return token{kind: tEOF, pos: p}, nil
	}
	c := lx.src[lx.off]
	switch {
	case isWordChar(c):
		start := lx.off
		letter := false
		for lx.off < len(lx.src) && isWordChar(lx.src[lx.off]) {
			letter = letter || isLetter(lx.src[lx.off])
			lx.advance()
		}
		word := string(lx.src[start:lx.off])
		switch {
		case letter:
			return token{tIdent, word, p}, nil
		case strings.Trim(word, "0123456789") != "":
			return token{}, lx.errorf(p, "invalid name %q: a name needs at least one letter", word)
		case lx.peekAt(0) == '.' && isDigit(lx.peekAt(1)):
			return token{}, lx.errorf(p, "decimal number %s.%c...: a TLC model file accepts only integers", word, lx.peekAt(1))
		}
		return token{tNumber, word, p}, nil
	case c == '"':
		return lx.string()
	case c == '-' && isDigit(lx.peekAt(1)):
		start := lx.off
		lx.advance()
		for lx.off < len(lx.src) && isDigit(lx.src[lx.off]) {
			lx.advance()
		}
		return token{tNegative, string(lx.src[start:lx.off]), p}, nil
	case c == '<' && lx.peekAt(1) == '-':
		lx.advance()
		lx.advance()
		return token{tPunct, "<-", p}, nil
	case c == '<' && lx.peekAt(1) == '<', c == '>' && lx.peekAt(1) == '>', c == '=' && lx.peekAt(1) == '=':
		lx.advance()
		lx.advance()
		return token{tOther, string(lx.src[lx.off-2 : lx.off]), p}, nil
	case strings.IndexByte("=[]{}(),", c) >= 0:
		lx.advance()
		return token{tPunct, string(c), p}, nil
	case c == '\\' && isLetter(lx.peekAt(1)):
		// A TLA+ operator or number such as \in or \hFF: not part of the
		// cfg syntax, but reported whole.
		start := lx.off
		lx.advance()
		for lx.off < len(lx.src) && isWordChar(lx.src[lx.off]) {
			lx.advance()
		}
		return token{tOther, string(lx.src[start:lx.off]), p}, nil
	case c >= 0x80:
		return token{}, lx.errorf(p, "unexpected non-ASCII byte %#02x", c)
	case c < 0x20 || c == 0x7f:
		return token{}, lx.errorf(p, "unexpected control character %q", rune(c))
	}
	lx.advance()
	return token{tOther, string(c), p}, nil
}

// string scans a TLA+ string literal: no line breaks, and the escapes
// \" \\ \n \t \r \f.
func (lx *lexer) string() (token, *Error) {
	p := lx.pos()
	lx.advance() // "
	var b strings.Builder
	for {
		if lx.off >= len(lx.src) || lx.src[lx.off] == '\n' {
			return token{}, lx.errorf(p, "unterminated string")
		}
		c := lx.src[lx.off]
		switch c {
		case '"':
			lx.advance()
			return token{tString, b.String(), p}, nil
		case '\\':
			ep := lx.pos()
			lx.advance()
			if lx.off >= len(lx.src) || lx.src[lx.off] == '\n' {
				return token{}, lx.errorf(p, "unterminated string")
			}
			switch e := lx.src[lx.off]; e {
			case '"', '\\':
				b.WriteByte(e)
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'f':
				b.WriteByte('\f')
			default:
				return token{}, lx.errorf(ep, `unknown escape \%c in string (allowed: \" \\ \n \t \r \f)`, e)
			}
			lx.advance()
		default:
			b.WriteByte(c)
			lx.advance()
		}
	}
}
