package tla

import (
	"fmt"
	"strconv"
	"strings"
)

// String prints v in PGo's format: numbers in decimal, TRUE/FALSE,
// defaultInitValue, quoted strings (TLA+ escapes), sequences <<a, b>>
// (including every function with domain 1..n, so the empty function is <<>>),
// sets {a, b} in canonical order, other functions ((k1) :> (v1) @@ (k2) :>
// (v2)) in canonical key order, model values as their bare name, and infinite
// sets by their construction (Nat, Seq({1}), [S -> T], …).
func (v Value) String() string {
	var b strings.Builder
	writeValue(&b, v.base(), modePGo)
	return b.String()
}

// TLCString prints v in TLC's format (mpgo addition): as String, except that
// records (non-empty functions whose keys are all identifier strings) print
// [a |-> 1, b |-> 2] and other non-sequence functions (1 :> 2 @@ 3 :> 4).
func (v Value) TLCString() string {
	var b strings.Builder
	writeValue(&b, v.base(), modeTLC)
	return b.String()
}

// PCalPrint is PlusCal's print statement.
func (v Value) PCalPrint() { fmt.Println(v) }

// describe is a bounded rendering of a value for error messages.
func describe(v Value) string { return describeImpl(v.base()) }

// describeLimit bounds error-message renderings.
const describeLimit = 200

// printMode selects PGo's format, TLC's, or the bounded rendering of error
// messages, which never enumerates a lazy set.
type printMode uint8

const (
	modePGo printMode = iota
	modeTLC
	modeDescribe
)

type truncated struct{}

func describeImpl(i impl) string {
	var b strings.Builder
	func() {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(truncated); !ok {
					b.WriteString("<unprintable>")
				}
			}
		}()
		writeValue(&b, i, modeDescribe)
	}()
	s := b.String()
	if len(s) > describeLimit {
		s = s[:describeLimit] + "…"
	}
	return s
}

func writeValue(b *strings.Builder, i impl, mode printMode) {
	if mode == modeDescribe && b.Len() > describeLimit {
		panic(truncated{})
	}
	switch x := i.(type) {
	case nil:
		b.WriteString("defaultInitValue")
	case *boolImpl:
		if x.b {
			b.WriteString("TRUE")
		} else {
			b.WriteString("FALSE")
		}
	case *numImpl:
		var buf [12]byte
		b.Write(strconv.AppendInt(buf[:0], int64(x.n), 10))
	case *strImpl:
		writeQuoted(b, x.s)
	case *modelImpl:
		b.WriteString(x.name)
	case *tupleImpl:
		b.WriteString("<<")
		for j, e := range x.elems {
			if j > 0 {
				b.WriteString(", ")
			}
			writeValue(b, e.data, mode)
		}
		b.WriteString(">>")
	case *funcImpl:
		writeFunction(b, x, mode)
	case *causalImpl:
		writeValue(b, x.value.data, mode)
	default:
		if s, ok := i.(lazySet); ok && (!s.finite() || mode == modeDescribe) {
			writeLazy(b, s, mode)
			return
		}
		b.WriteByte('{')
		for j, e := range setElems(i) {
			if j > 0 {
				b.WriteString(", ")
			}
			writeValue(b, e.data, mode)
		}
		b.WriteByte('}')
	}
}

func writeFunction(b *strings.Builder, f *funcImpl, mode printMode) {
	if mode == modeTLC && allIdentifiers(f.keys) {
		b.WriteByte('[')
		for j, k := range f.keys {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(k.data.(*strImpl).s)
			b.WriteString(" |-> ")
			writeValue(b, f.vals[j].data, mode)
		}
		b.WriteByte(']')
		return
	}
	b.WriteByte('(')
	for j, k := range f.keys {
		if j > 0 {
			b.WriteString(" @@ ")
		}
		if mode == modeTLC {
			writeValue(b, k.data, mode)
			b.WriteString(" :> ")
			writeValue(b, f.vals[j].data, mode)
		} else {
			b.WriteByte('(')
			writeValue(b, k.data, mode)
			b.WriteString(") :> (")
			writeValue(b, f.vals[j].data, mode)
			b.WriteByte(')')
		}
	}
	b.WriteByte(')')
}

// writeLazy prints a lazy set by its construction.
func writeLazy(b *strings.Builder, s lazySet, mode printMode) {
	switch x := s.(type) {
	case *intervalImpl:
		fmt.Fprintf(b, "%d..%d", x.lo, x.hi)
	case *namedSetImpl:
		b.WriteString(x.name)
	case *seqSetImpl:
		b.WriteString("Seq(")
		writeValue(b, x.base.data, mode)
		b.WriteByte(')')
	case *funcSetImpl:
		b.WriteByte('[')
		writeValue(b, x.domSet.data, mode)
		b.WriteString(" -> ")
		writeValue(b, x.rng.data, mode)
		b.WriteByte(']')
	case *recSetImpl:
		b.WriteByte('[')
		for j, k := range x.keys {
			if j > 0 {
				b.WriteString(", ")
			}
			if s, ok := k.data.(*strImpl); ok && isIdentifier(s.s) {
				b.WriteString(s.s)
			} else {
				writeValue(b, k.data, mode)
			}
			b.WriteString(" : ")
			writeValue(b, x.sets[j].data, mode)
		}
		b.WriteByte(']')
	case *powersetImpl:
		b.WriteString("SUBSET ")
		writeValue(b, x.base.data, mode)
	}
}

func allIdentifiers(keys []Value) bool {
	for _, k := range keys {
		s, ok := k.data.(*strImpl)
		if !ok || !isIdentifier(s.s) {
			return false
		}
	}
	return len(keys) > 0
}

// isIdentifier: TLA+ identifiers are letters, digits and underscores with at
// least one letter.
func isIdentifier(s string) bool {
	letter := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letter = true
		case c >= '0' && c <= '9' || c == '_':
		default:
			return false
		}
	}
	return letter
}

// writeQuoted quotes s with TLA+'s escapes only (\" \\ \t \n \f \r); every
// other byte is written as is.
func writeQuoted(b *strings.Builder, s string) {
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '"':
			esc = `\"`
		case '\\':
			esc = `\\`
		case '\t':
			esc = `\t`
		case '\n':
			esc = `\n`
		case '\f':
			esc = `\f`
		case '\r':
			esc = `\r`
		default:
			continue
		}
		b.WriteString(s[start:i])
		b.WriteString(esc)
		start = i + 1
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}
