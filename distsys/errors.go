package distsys

import "errors"

// ErrAssertionFailed is wrapped by the error generated code returns for a
// failed assert: fmt.Errorf("%w: <TLA+ text>", ErrAssertionFailed).
var ErrAssertionFailed = errors.New("assertion failed")

// ErrCriticalSectionAborted is returned, bare or wrapped, for a false await
// and by resources that are not ready; the engine aborts and retries the
// section. It is recognised with errors.Is everywhere.
var ErrCriticalSectionAborted = errors.New("MPCal critical section aborted")

// ErrDone is returned by the synthetic "<Arch>.Done" section.
var ErrDone = errors.New("a pseudo-error to indicate an archetype has terminated execution normally")

// ErrProcedureFallthrough is returned by the synthetic "<Proc>.Error" section.
var ErrProcedureFallthrough = errors.New("control has reached the end of a procedure body without reaching a return")

// ErrArchetypeResourceLeafIndexed is returned by ArchetypeResourceLeafMixin.Index.
var ErrArchetypeResourceLeafIndexed = errors.New("internal error: attempted to index a leaf archetype resource")

// ErrArchetypeResourceMapReadWrite is returned by the whole-value accessors of
// ArchetypeResourceMapMixin.
var ErrArchetypeResourceMapReadWrite = errors.New("internal error: attempted to read/write a map archetype resource")

// ErrContextClosed (mpgo addition) is returned by operations on a context, or
// by resources, after Close: the context has stopped and its resources are
// gone.
var ErrContextClosed = errors.New("MPCal context closed")
