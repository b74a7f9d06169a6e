package parser

import (
	"bytes"

	"github.com/mpgo/mpgo/lang/token"
)

// tok is one lexical token. Offsets are into the whole file; col is a 1-based byte column.
type tok struct {
	kind token.Kind
	off  int32
	end  int32
	line int32
	col  int32
	lit  string // source text; for ILLEGAL the error message
}

// scanner splits src[off:end] into tokens on demand.
type scanner struct {
	src       []byte
	text      string // src as a string: token texts are substrings of it, not copies
	off, end  int
	line      int
	lineStart int
	pcal      bool // recognise $variable and $value
}

func newScanner(src []byte, start, end int, pcal bool) *scanner {
	if end > len(src) {
		end = len(src)
	}
	if start > end {
		start = end
	}
	line := 1 + bytes.Count(src[:start], []byte{'\n'})
	ls := bytes.LastIndexByte(src[:start], '\n') + 1
	return &scanner{src: src, text: string(src[:end]), off: start, end: end, line: line, lineStart: ls, pcal: pcal}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isWordChar(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '_'
}

func (s *scanner) at(i int) byte {
	if i < s.end {
		return s.src[i]
	}
	return 0
}

func (s *scanner) newline(i int) {
	s.line++
	s.lineStart = i + 1
}

// skip skips blanks and comments; it returns an ILLEGAL token for an unterminated comment.
func (s *scanner) skip() (tok, bool) {
	for s.off < s.end {
		c := s.src[s.off]
		switch {
		case c == '\n':
			s.newline(s.off)
			s.off++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			s.off++
		case c == '\\' && s.at(s.off+1) == '*':
			for s.off < s.end && s.src[s.off] != '\n' {
				s.off++
			}
		case c == '(' && s.at(s.off+1) == '*':
			start, line, col := s.off, s.line, s.off-s.lineStart+1
			depth := 0
			for s.off < s.end {
				c := s.src[s.off]
				switch {
				case c == '(' && s.at(s.off+1) == '*':
					depth++
					s.off += 2
				case c == '*' && s.at(s.off+1) == ')':
					depth--
					s.off += 2
				case c == '\n':
					s.newline(s.off)
					s.off++
				default:
					s.off++
				}
				if depth == 0 {
					break
				}
			}
			if depth > 0 {
				return tok{kind: token.ILLEGAL, off: int32(start), end: int32(s.off), line: int32(line),
					col: int32(col), lit: "comment not terminated"}, true
			}
		default:
			return tok{}, false
		}
	}
	return tok{}, false
}

// next returns the next token (EOF at the end, repeatedly).
func (s *scanner) next() tok {
	if t, bad := s.skip(); bad {
		return t
	}
	t := tok{off: int32(s.off), line: int32(s.line), col: int32(s.off - s.lineStart + 1)}
	if s.off >= s.end {
		t.kind = token.EOF
		t.end = t.off
		return t
	}
	t.kind, t.lit = s.scan()
	t.end = int32(s.off)
	if t.kind != token.ILLEGAL {
		t.lit = s.text[t.off:t.end]
	}
	return t
}

// ops lists the symbolic tokens, longest first within each leading character.
var symbolTable = [...]struct {
	text string
	kind token.Kind
}{
	{"-+->", token.OP}, {"->", token.ARROW}, {"--", token.OP}, {"-|", token.OP}, {"-.", token.OP},
	{"-", token.OP},
	{"::=", token.OP}, {":=", token.OP}, {":>", token.OP}, {":", token.COLON},
	{"<=>", token.OP}, {"<<", token.LTUPLE}, {"<=", token.OP}, {"<:", token.OP}, {"<-", token.LARROW},
	{"<>", token.OP}, {"<", token.OP},
	{"=>", token.OP}, {"=<", token.OP}, {"=|", token.OP}, {"==", token.DEFEQ}, {"=", token.OP},
	{">>_", token.RTUPLESUB}, {">>", token.RTUPLE}, {">=", token.OP}, {">", token.OP},
	{"...", token.OP}, {"..", token.OP}, {".", token.DOT},
	{"/\\", token.OP}, {"/=", token.OP}, {"//", token.OP}, {"/", token.OP},
	{"~>", token.OP}, {"~", token.OP},
	{"!!", token.OP}, {"!", token.BANG},
	{"##", token.OP}, {"#", token.OP},
	{"$$", token.OP}, {"$", token.OP},
	{"??", token.OP}, {"?", token.OP},
	{"++", token.OP}, {"+", token.OP},
	{"**", token.OP}, {"*", token.OP},
	{"^^", token.OP}, {"^+", token.OP}, {"^*", token.OP}, {"^#", token.OP}, {"^", token.OP},
	{"%%", token.OP}, {"%", token.OP},
	{"|->", token.MAPSTO}, {"|-", token.OP}, {"|=", token.OP}, {"||", token.OP}, {"|", token.OP},
	{"&&", token.OP}, {"&", token.OP},
	{"@@", token.OP}, {"@", token.AT},
	{"[]", token.BOX}, {"[", token.LBRACK},
	{"]_", token.RBRACKSUB}, {"]", token.RBRACK},
	{"(+)", token.OP}, {"(-)", token.OP}, {"(.)", token.OP}, {"(/)", token.OP}, {"(\\X)", token.OP},
	{"(", token.LPAREN}, {")", token.RPAREN},
	{"{", token.LBRACE}, {"}", token.RBRACE},
	{",", token.COMMA}, {";", token.SEMICOLON}, {"'", token.OP},
}

func (s *scanner) hasPrefix(p string) bool {
	if s.off+len(p) > s.end {
		return false
	}
	return string(s.src[s.off:s.off+len(p)]) == p
}

// scan reads one token at s.off (not at the end, not at a blank).
func (s *scanner) scan() (token.Kind, string) {
	c := s.src[s.off]
	switch {
	case isWordChar(c):
		return s.scanWord()
	case c == '"':
		return s.scanString()
	case c == '\\':
		return s.scanBackslash()
	case c == '-' && s.hasPrefix("----"):
		for s.off < s.end && s.src[s.off] == '-' {
			s.off++
		}
		return token.SEPARATOR, ""
	case c == '=' && s.hasPrefix("===="):
		for s.off < s.end && s.src[s.off] == '=' {
			s.off++
		}
		return token.MODULEEND, ""
	case c == '$' && s.pcal:
		for _, w := range [...]struct {
			text string
			kind token.Kind
		}{{"$variable", token.DOLLARVAR}, {"$value", token.DOLLARVAL}} {
			if s.hasPrefix(w.text) && !isWordChar(s.at(s.off+len(w.text))) {
				s.off += len(w.text)
				return w.kind, ""
			}
		}
	}
	for _, sym := range &symbolTable {
		if sym.text[0] == c && s.hasPrefix(sym.text) {
			s.off += len(sym.text)
			return sym.kind, ""
		}
	}
	s.off++
	if c >= 0x80 {
		// skip the rest of a UTF-8 sequence so the message names one character
		for s.off < s.end && s.src[s.off]&0xC0 == 0x80 {
			s.off++
		}
	}
	return token.ILLEGAL, "illegal character " + quoteText(string(s.src[s.off-1:s.off]))
}

func quoteText(s string) string {
	for _, c := range []byte(s) {
		if c < 0x20 || c >= 0x7f {
			return "'\\x" + hex2(s[0]) + "'"
		}
	}
	return "'" + s + "'"
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// scanWord reads an identifier, keyword, number, WF_/SF_ or a lone _.
func (s *scanner) scanWord() (token.Kind, string) {
	start := s.off
	if (s.hasPrefix("WF_") || s.hasPrefix("SF_")) && (start == 0 || !isWordChar(s.src[start-1])) {
		s.off += 3
		if s.src[start] == 'W' {
			return token.WF, ""
		}
		return token.SF, ""
	}
	letter := false
	for s.off < s.end && isWordChar(s.src[s.off]) {
		if isLetter(s.src[s.off]) {
			letter = true
		}
		s.off++
	}
	word := s.src[start:s.off]
	if letter {
		return token.Lookup(string(word)), ""
	}
	allDigits := true
	for _, c := range word {
		if !isDigit(c) {
			allDigits = false
		}
	}
	if !allDigits {
		// underscores and digits only: a lone _ (as in F(_, _)), then digits separately
		s.off = start + 1
		if word[0] == '_' {
			return token.UNDERSCORE, ""
		}
		for s.off < s.end && isDigit(s.src[s.off]) {
			s.off++
		}
		return token.NUMBER, ""
	}
	if s.at(s.off) == '.' && isDigit(s.at(s.off+1)) {
		s.off++
		for s.off < s.end && isDigit(s.src[s.off]) {
			s.off++
		}
	}
	return token.NUMBER, ""
}

func (s *scanner) scanString() (token.Kind, string) {
	s.off++ // opening quote
	for s.off < s.end {
		switch s.src[s.off] {
		case '"':
			s.off++
			return token.STRING, ""
		case '\\':
			switch s.at(s.off + 1) {
			case '"', '\\', 't', 'n', 'f', 'r':
				s.off += 2
				continue
			}
			s.off++
			return token.ILLEGAL, "unknown escape sequence in string"
		case '\n':
			return token.ILLEGAL, "string not terminated"
		}
		s.off++
	}
	return token.ILLEGAL, "string not terminated"
}

func isHexDigit(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// scanBackslash reads \/ \ \A \E \AA \EE \word operators and \b \o \h numbers.
func (s *scanner) scanBackslash() (token.Kind, string) {
	start := s.off
	n := s.at(s.off + 1)
	if n == '/' {
		s.off += 2
		return token.OP, ""
	}
	// numbers in other bases
	var digit func(byte) bool
	switch n {
	case 'b', 'B':
		digit = func(c byte) bool { return c == '0' || c == '1' }
	case 'o', 'O':
		digit = func(c byte) bool { return c >= '0' && c <= '7' }
	case 'h', 'H':
		digit = isHexDigit
	}
	if digit != nil && digit(s.at(s.off+2)) {
		s.off += 2
		for s.off < s.end && digit(s.src[s.off]) {
			s.off++
		}
		return token.NUMBER, ""
	}
	if !isLetter(n) {
		s.off++
		return token.OP, "" // set difference
	}
	s.off++
	for s.off < s.end && isLetter(s.src[s.off]) {
		s.off++
	}
	w := string(s.src[start:s.off])
	switch w {
	case `\A`:
		return token.FORALL, ""
	case `\E`:
		return token.EXISTS, ""
	case `\AA`:
		return token.TFORALL, ""
	case `\EE`:
		return token.TEXISTS, ""
	}
	if token.IsBackslashOp(w) {
		return token.OP, ""
	}
	return token.ILLEGAL, "unknown operator " + w
}
