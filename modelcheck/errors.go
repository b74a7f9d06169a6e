package modelcheck

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/lang/token"
)

// ErrorKind classifies an Error; it decides the exit status (TLC's).
type ErrorKind int

// Error kinds.
const (
	ErrParse       ErrorKind = iota // the spec does not parse or resolve: exit 150
	ErrConfig                       // the configuration is wrong: exit 151
	ErrEval                         // evaluating an expression failed: exit 75
	ErrInternal                     // anything else: exit 255
	ErrUnsupported                  // a feature the checker does not have yet: exit 255
)

// Exit statuses, as TLC's.
const (
	ExitSuccess    = 0
	ExitAssumption = 10
	ExitDeadlock   = 11
	ExitSafety     = 12
	ExitLiveness   = 13
	ExitAssert     = 14
	ExitEval       = 75
	ExitParse      = 150
	ExitConfig     = 151
	ExitOther      = 255
)

// ErrTemporalUnsupported is wrapped by the error returned for a temporal
// formula the liveness checker does not handle (temporal quantification,
// quantification over a set that is not constant, LET around temporal
// operators, ...).
var ErrTemporalUnsupported = errors.New("unsupported temporal formula")

// Error is a positioned checker error.
type Error struct {
	Kind ErrorKind
	Pos  token.Position // may be invalid
	// Span is TLC's "line L, col C to line L2, col C2 of module M" of the
	// failing expression, when known.
	Span string
	Msg  string
	Err  error // wrapped cause, if any
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Pos.IsValid() {
		b.WriteString(e.Pos.String())
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// exitCode maps an error kind to TLC's exit status.
func (k ErrorKind) exitCode() int {
	switch k {
	case ErrParse:
		return ExitParse
	case ErrConfig:
		return ExitConfig
	case ErrEval:
		return ExitEval
	}
	return ExitOther
}

// evalPanic is the panic value of an evaluation error raised by compiled
// code; it is recovered where a state or an action is evaluated.
type evalPanic struct {
	pos token.Pos
	msg string
}

func evalErrorf(pos token.Pos, format string, args ...any) {
	panic(&evalPanic{pos: pos, msg: fmt.Sprintf(format, args...)})
}

// assertPanic is raised by a failing TLC Assert.
type assertPanic struct {
	pos token.Pos
	msg tla.Value
}

// stopPanic aborts an evaluation when the search is cancelled.
type stopPanic struct{}

// recovered turns a recovered panic value into an error. Evaluation errors
// keep their position; tla type errors get the position of the innermost
// expression being evaluated (c.pos).
func (m *model) recovered(r any, pos token.Pos) error {
	switch r := r.(type) {
	case *evalPanic:
		if r.pos.IsValid() {
			pos = r.pos
		}
		return m.evalError(pos, r.msg, nil)
	case *assertPanic:
		return &assertError{msg: r.msg, pos: r.pos}
	case error:
		if errors.Is(r, tla.ErrTLAType) {
			return m.evalError(pos, strings.TrimPrefix(r.Error(), tla.ErrTLAType.Error()+": "), r)
		}
		return m.evalError(pos, r.Error(), r)
	}
	return m.evalError(pos, fmt.Sprint(r), nil)
}

func (m *model) evalError(pos token.Pos, msg string, cause error) *Error {
	e := &Error{Kind: ErrEval, Msg: msg, Err: cause}
	if pos.IsValid() {
		e.Pos = m.fset.Position(pos)
	}
	return e
}

// assertError is a failed Assert (TLC exit 14).
type assertError struct {
	msg tla.Value
	pos token.Pos
}

func (e *assertError) Error() string {
	return "The first argument of Assert evaluated to FALSE; the second argument was:\n" + e.msg.TLCString()
}
