package check

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/mpgo/mpgo/lang/token"
)

// Kind names an error kind of mpcal.md §4.8. The names are PGo's where PGo has one (PGo's
// tests match kinds at positions) and mpgo's additions otherwise.
type Kind string

// Error kinds. ParseError covers syntax errors and, in the module prefix, the use of a name
// before its definition (`Foo == Foo`) or of an unknown name.
const (
	ParseError                Kind = "ParseError"
	UnboundRecursiveDeclError Kind = "UnboundRecursiveDeclError"
	DefinitionLookupError     Kind = "DefinitionLookupError"
	MacroLookupError          Kind = "MacroLookupError"
	ProcedureLookupError      Kind = "ProcedureLookupError"
	ArchetypeLookupError      Kind = "ArchetypeLookupError"
	MappingMacroLookupError   Kind = "MappingMacroLookupError"
	ModuleNotFoundError       Kind = "ModuleNotFoundError"
	MappingLookupError        Kind = "MappingLookupError"
	MappingIndexOutOfBounds   Kind = "MappingIndexOutOfBounds"
	ArityMismatchError        Kind = "ArityMismatchError"
	// PClArityMismatch (sic, PGo's spelling): a call or instance with the wrong number of
	// arguments.
	PClArityMismatch                  Kind = "PClArityMismatch"
	ArgumentCountMismatchError        Kind = "ArgumentCountMismatchError"
	MacroExpandAssignmentLhsError     Kind = "MacroExpandAssignmentLhsError"
	UnboundFreeVariableError          Kind = "UnboundFreeVariableError"
	RecursiveMacroError               Kind = "RecursiveMacroError"
	LabelRequiredError                Kind = "LabelRequiredError"
	LabelForbiddenError               Kind = "LabelForbiddenError"
	ReservedLabelError                Kind = "ReservedLabelError"
	DuplicateLabelError               Kind = "DuplicateLabelError" // mpgo
	LabelNotDefinedError              Kind = "LabelNotDefinedError"
	PCalInvalidAssignment             Kind = "PCalInvalidAssignment"
	MultipleAssignmentError           Kind = "MultipleAssignmentError"
	MPCalKindMismatchError            Kind = "MPCalKindMismatchError"
	MPCalReadWriteAssignmentForbidden Kind = "MPCalReadWriteAssignmentForbidden"
	MPCalMultipleMapping              Kind = "MPCalMultipleMapping"
	MPCalMappingValueRefMismatchError Kind = "MPCalMappingValueRefMismatchError"
	// pcalgen's kinds (mpcal.md §1.2, §4.7); defined here so that every kind has one name.
	MPCalEffectivelyNoProcesses Kind = "MPCalEffectivelyNoProcesses"
	PCalTagsError               Kind = "PCalTagsError"
	ConsistencyCheckFailed      Kind = "ConsistencyCheckFailed"
	// gogen's kind (mpcal.md §3.6, §7.1).
	UnsupportedOperationError Kind = "UnsupportedOperationError"
	// mpgo additions of mpcal.md §4.7.
	RefArgumentPlacementError     Kind = "RefArgumentPlacementError"
	RefCaretParamError            Kind = "RefCaretParamError"
	PCalCallFromMPCalError        Kind = "PCalCallFromMPCalError"
	MappingValueInReadError       Kind = "MappingValueInReadError"
	ReturnOutsideProcedureError   Kind = "ReturnOutsideProcedureError"
	ProcedureDoneLabelError       Kind = "ProcedureDoneLabelError"
	UniprocessWithInstancesError  Kind = "UniprocessWithInstancesError"
	RefParamInInitialiserError    Kind = "RefParamInInitialiserError"
	BoundIndexInResourceReadError Kind = "BoundIndexInResourceReadError"
	CommentBreakingStringError    Kind = "CommentBreakingStringError"
	// DuplicateDefinitionError (mpgo): a macro, procedure, mapping macro, archetype,
	// process, global, parameter or local declared twice (see declarations).
	DuplicateDefinitionError Kind = "DuplicateDefinitionError"
)

// Kinds lists every kind name, in the order of mpcal.md §4.8.
func Kinds() []Kind {
	return []Kind{ParseError, UnboundRecursiveDeclError, DefinitionLookupError, MacroLookupError,
		ProcedureLookupError, ArchetypeLookupError, MappingMacroLookupError, ModuleNotFoundError,
		MappingLookupError, MappingIndexOutOfBounds, ArityMismatchError, PClArityMismatch,
		ArgumentCountMismatchError, MacroExpandAssignmentLhsError, UnboundFreeVariableError,
		RecursiveMacroError, LabelRequiredError, LabelForbiddenError, ReservedLabelError,
		DuplicateLabelError, LabelNotDefinedError, PCalInvalidAssignment, MultipleAssignmentError,
		MPCalKindMismatchError, MPCalReadWriteAssignmentForbidden, MPCalMultipleMapping,
		MPCalMappingValueRefMismatchError, MPCalEffectivelyNoProcesses, PCalTagsError,
		ConsistencyCheckFailed, UnsupportedOperationError, RefArgumentPlacementError,
		RefCaretParamError, PCalCallFromMPCalError, MappingValueInReadError,
		ReturnOutsideProcedureError, ProcedureDoneLabelError, UniprocessWithInstancesError,
		RefParamInInitialiserError, BoundIndexInResourceReadError, CommentBreakingStringError,
		DuplicateDefinitionError}
}

// Error is one positioned diagnostic.
type Error struct {
	Pos      token.Pos      // NoPos if the error has no position in the file set
	Position token.Position // Pos resolved
	Kind     Kind
	Msg      string
}

// Error renders "file:line:col: Kind: message".
func (e *Error) Error() string {
	var b strings.Builder
	if e.Position.Filename != "" || e.Position.IsValid() {
		b.WriteString(e.Position.String())
		b.WriteString(": ")
	}
	b.WriteString(string(e.Kind))
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is a list of diagnostics.
type ErrorList []*Error

func (l ErrorList) Len() int      { return len(l) }
func (l ErrorList) Swap(i, j int) { l[i], l[j] = l[j], l[i] }
func (l ErrorList) Less(i, j int) bool {
	a, b := l[i].Position, l[j].Position
	if a.Filename != b.Filename {
		return a.Filename < b.Filename
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	if a.Column != b.Column {
		return a.Column < b.Column
	}
	if l[i].Kind != l[j].Kind {
		return l[i].Kind < l[j].Kind
	}
	return l[i].Msg < l[j].Msg
}

// Sort sorts the list by position, then kind and message, and drops exact duplicates
// (a macro body expanded twice reports its errors once).
func (l *ErrorList) Sort() {
	sort.Stable(*l)
	out := (*l)[:0]
	for i, e := range *l {
		if i > 0 {
			p := (*l)[i-1]
			if p.Position == e.Position && p.Kind == e.Kind && p.Msg == e.Msg {
				continue
			}
		}
		out = append(out, e)
	}
	*l = out
}

// Error renders every diagnostic, one per line.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	if len(l) == 0 {
		return "no errors"
	}
	return b.String()
}

// Err returns nil for an empty list, else the list.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Has reports whether the list contains an error of kind k.
func (l ErrorList) Has(k Kind) bool {
	for _, e := range l {
		if e.Kind == k {
			return true
		}
	}
	return false
}

// ParseErrors converts the error returned by the parser (a token.ErrorList, or any error)
// into ParseError diagnostics.
func ParseErrors(err error) ErrorList {
	if err == nil {
		return nil
	}
	var tl token.ErrorList
	if errors.As(err, &tl) {
		out := make(ErrorList, 0, len(tl))
		for _, e := range tl {
			out = append(out, &Error{Position: e.Pos, Kind: ParseError, Msg: e.Msg})
		}
		return out
	}
	return ErrorList{{Kind: ParseError, Msg: err.Error()}}
}

func errorf(fset *token.FileSet, pos token.Pos, kind Kind, format string, args ...any) *Error {
	e := &Error{Pos: pos, Kind: kind, Msg: fmt.Sprintf(format, args...)}
	if fset != nil && pos.IsValid() {
		e.Position = fset.Position(pos)
	}
	return e
}
