package modelcheck

import (
	"fmt"

	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
)

// evalFn is compiled code: it evaluates an expression in a context.
type evalFn func(c *ctx) tla.Value

// cexpr is a compiled expression. When isConst is set its value is known at
// compile time (fn returns it too), so enclosing expressions can fold.
type cexpr struct {
	fn      evalFn
	val     tla.Value
	isConst bool
	impure  bool // has an effect (Print, TLCSet, ...): never folded
}

func constant(v tla.Value) cexpr {
	return cexpr{fn: func(*ctx) tla.Value { return v }, val: v, isConst: true}
}

// level is the TLA+ level of an expression.
type level uint8

const (
	lvlConst    level = iota // depends on constants only
	lvlState                 // reads unprimed variables
	lvlAction                // reads primed variables
	lvlTemporal              // temporal formula
)

// ctx is the evaluation context of one worker: the current state, the next
// state under construction, and a stack of frames holding bound variables.
type ctx struct {
	m     *model
	cur   []tla.Value
	next  []tla.Value
	nset  []bool // nset[i]: next[i] is assigned
	stack []tla.Value
	ok    []bool // ok[i]: stack[i] holds the value of a lazy LET definition
	fp    int    // frame pointer: slot k of the current frame is stack[fp+k]
	sp    int    // first free stack slot
	pos   token.Pos
	depth int // TLCGet("level")
	calls int // nesting of calls, bounded by maxCalls
	regs  []tla.Value
	// emit receives each complete next state of an action or Init.
	emit    func(c *ctx) bool
	enabled bool // result of an ENABLED evaluation
	quiet   bool // suppress Print output (trace reconstruction)

	// Buffers of the single-update EXCEPT (compile.go): the keys, the new
	// value and the @ evaluator, handed to tla.FunctionSubstitution through
	// callbacks made once per context. FunctionSubstitution reads the keys
	// before it calls back, so a nested EXCEPT may reuse them.
	keyBuf     [4]tla.Value
	exceptVal  tla.Value
	constFn    func(tla.Value) tla.Value
	atFn       evalFn
	atSlot     int
	atCallback func(tla.Value) tla.Value
}

func newCtx(m *model) *ctx {
	n := len(m.vars)
	c := &ctx{m: m, next: make([]tla.Value, n), nset: make([]bool, n),
		stack: make([]tla.Value, 256), ok: make([]bool, 256)}
	c.constFn = func(tla.Value) tla.Value { return c.exceptVal }
	c.atCallback = func(anchor tla.Value) tla.Value {
		fn, slot := c.atFn, c.atSlot
		c.stack[c.fp+slot] = anchor
		return fn(c)
	}
	return c
}

// push reserves n slots for a new frame and returns its base.
func (c *ctx) push(n int) int {
	base := c.sp
	if base+n > len(c.stack) {
		size := 2 * len(c.stack)
		for size < base+n {
			size *= 2
		}
		if size > maxStack {
			evalErrorf(c.pos, "stack overflow: recursion too deep")
		}
		st := make([]tla.Value, size)
		copy(st, c.stack)
		ok := make([]bool, size)
		copy(ok, c.ok)
		c.stack, c.ok = st, ok
	}
	c.sp = base + n
	return base
}

const maxStack = 1 << 22

// maxCalls bounds the nesting of operator calls, so that a runaway
// recursion is an evaluation error rather than a Go stack overflow.
const maxCalls = 20000

// enter counts one more nested call.
func (c *ctx) enter() {
	c.calls++
	if c.calls > maxCalls {
		c.calls = 0
		evalErrorf(c.pos, "recursion too deep (more than %d nested calls)", maxCalls)
	}
}

// reset prepares the context for a new top-level evaluation with a frame of
// n slots.
func (c *ctx) reset(n int) {
	c.fp, c.sp, c.calls = 0, 0, 0
	c.push(n)
}

// frame allocates the slots of one compiled function (an operator body, an
// action, an invariant).
type frame struct{ size int }

func (f *frame) alloc(n int) int {
	k := f.size
	f.size += n
	return k
}

// bindKind says what a name bound in a scope stands for.
type bindKind uint8

const (
	bSlot  bindKind = iota // a value in a frame slot
	bConst                 // a value known at compile time
	bSubst                 // an expression substituted by name (call by name)
	bLazy                  // a zero-arity LET definition, evaluated on first use
	bOp                    // an operator (LET operator, LAMBDA, operator argument)
)

type binding struct {
	kind bindKind
	slot int
	val  tla.Value
	expr ast.Expr // bSubst, bLazy
	env  *env     // bSubst: where expr is compiled
	lazy evalFn   // bLazy: computes the value (compiled on first use)
	op   opVal    // bOp
	lvl  level
}

// scope is a linked list of local names.
type scope struct {
	parent *scope
	name   string
	b      *binding
}

func (s *scope) lookup(name string) *binding {
	for ; s != nil; s = s.parent {
		if s.name == name {
			return s.b
		}
	}
	return nil
}

// env is the compile-time environment of an expression.
type env struct {
	m     *model
	mod   *modCtx
	sc    *scope
	fr    *frame
	prime bool // variables read the next state
	init  bool // compiling Init: variables read the state under construction
	at    int  // slot of @ inside an EXCEPT update (-1 outside)
	// opName is the operator whose body is being compiled (for messages).
	opName string
	// hoist maps subexpressions lifted out of a loop to their lazy slots
	// (hoist.go).
	hoist map[ast.Expr]*binding
}

func (e *env) bind(name string, b *binding) *env {
	n := *e
	n.sc = &scope{parent: e.sc, name: name, b: b}
	return &n
}

func (e *env) withPrime() *env {
	n := *e
	n.prime = true
	return &n
}

// modCtx is one module as instantiated: the root module, or a module
// brought in by INSTANCE with its substitutions.
type modCtx struct {
	name   string
	defs   map[string]*defn
	consts map[string]bool
	vars   map[string]bool
	root   bool
	// subst maps a constant or variable of an instantiated module to its
	// substitution (explicit WITH, or implicitly the same name in instEnv).
	subst   map[string]*binding
	instEnv *env
	// inlineOnly: substitutions may refer to frame slots of the
	// instantiating expression, so definitions must be compiled inline.
	inlineOnly bool
	assumes    []*ast.Assume
	instances  map[*ast.ModuleDef]*modCtx
}

// defn is a module-level definition as seen from one modCtx.
type defn struct {
	name      string
	mod       *modCtx
	op        *ast.OpDef
	fn        *ast.FuncDef
	md        *ast.ModuleDef
	recursive bool

	lvl      level
	lvlState uint8 // 0 unknown, 1 computing, 2 known
	impure   int8  // -1 unknown, 0 pure, 1 impure
	nameArgs []int8

	folded  *cexpr       // zero-arity constant definitions: the folded value
	shared  [4]*sharedFn // call-by-value compilations, by (prime, init)
	compErr error        // remembered failure to fold
	inst    *modCtx      // ModuleDef without parameters: its instance
}

func (d *defn) params() []*ast.OpParam {
	if d.op != nil {
		return d.op.Params
	}
	if d.md != nil {
		return d.md.Params
	}
	return nil
}

func (d *defn) body() ast.Expr {
	switch {
	case d.op != nil:
		return d.op.Body
	case d.fn != nil:
		return d.fn.Body
	}
	return nil
}

func (d *defn) pos() token.Pos {
	switch {
	case d.op != nil:
		return d.op.Name.Pos()
	case d.fn != nil:
		return d.fn.Name.Pos()
	case d.md != nil:
		return d.md.Name.Pos()
	}
	return token.NoPos
}

// sharedFn is an operator compiled once and called by value: arguments
// are evaluated into the first slots of a new frame.
type sharedFn struct {
	fr   *frame
	body evalFn
}

// compileError aborts compilation; it is recovered at the compiler's entry
// points.
type compileError struct {
	pos token.Pos
	msg string
}

func (m *model) failf(pos token.Pos, format string, args ...any) {
	panic(&compileError{pos: pos, msg: fmt.Sprintf(format, args...)})
}

// catchCompile runs f and converts a compile error into an *Error.
func (m *model) catchCompile(kind ErrorKind, f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			ce, ok := r.(*compileError)
			if !ok {
				panic(r)
			}
			e := &Error{Kind: kind, Msg: ce.msg}
			if ce.pos.IsValid() {
				e.Pos = m.fset.Position(ce.pos)
			}
			err = e
		}
	}()
	f()
	return nil
}
