package modelcheck

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/lang/ast"
	"github.com/mpgo/mpgo/lang/token"
	"github.com/mpgo/mpgo/modelcheck/cfg"
)

// Version is printed in the start banner.
const Version = "mpgo check 0.1 (TLC-compatible breadth-first model checker)"

// Options configure a model-checking run.
type Options struct {
	// Spec is the .tla file of the root module.
	Spec string
	// Config is the .cfg file; default: Spec with the extension .cfg.
	Config string
	// Workers is the number of goroutines expanding states (default 1).
	Workers int
	// NoDeadlock turns deadlock checking off (TLC's -deadlock flag),
	// whatever the configuration's CHECK_DEADLOCK says.
	NoDeadlock bool
	// Out receives TLC-style output (nil: discarded).
	Out io.Writer
	// ProgressInterval is the period of Progress lines (default one
	// minute; negative: none).
	ProgressInterval time.Duration
	// IgnoreTemporal checks only the safety part of a model whose
	// PROPERTIES include temporal formulas (no liveness check).
	IgnoreTemporal bool
	// RecordGraph keeps the state graph in Result.Graph.
	RecordGraph bool

	// inspect, if set, is called with the compiled model at the end of a
	// run that got that far (tests).
	inspect func(*model)
}

// Result is the summary of a run, in the schema of the corpus'
// expected.json (the exit status under TLC's name tlcExitCode).
type Result struct {
	Result            string `json:"result"`
	Violated          string `json:"violated,omitempty"`
	InitialStates     int64  `json:"initialStates"`
	TotalStates       int64  `json:"totalStates"`
	DistinctStates    int64  `json:"distinctStates"`
	StatesLeftOnQueue int64  `json:"statesLeftOnQueue"`
	StateDepth        int64  `json:"stateDepth"`
	TraceLength       int64  `json:"traceLength,omitempty"`
	// TraceLoop ends a temporal counterexample (a lasso): "Back to state
	// k" (the last state steps to state k) or "Stuttering" (the last
	// state repeats forever).
	TraceLoop   string  `json:"traceLoop,omitempty"`
	ExitCode    int     `json:"tlcExitCode"`
	Error       string  `json:"error,omitempty"`
	Workers     int     `json:"workers"`
	WallSeconds float64 `json:"wallSeconds"`

	// Trace is the error trace, if any.
	Trace []TraceState `json:"trace,omitempty"`
	// Graph is the state graph (Options.RecordGraph, complete searches).
	Graph *Graph `json:"-"`
}

// TraceState is one state of an error trace.
type TraceState struct {
	// Action is "Initial predicate" or the action's name, e.g. read(1).
	Action string `json:"action"`
	// Location is TLC's "line L, col C to line L2, col C2 of module M" of
	// the action (empty for the initial state).
	Location string `json:"location,omitempty"`
	// Vars are the variables with their values in TLC's format.
	Vars []TraceVar `json:"vars"`
	// Values are the variables' values in declaration order.
	Values []tla.Value `json:"-"`
}

// TraceVar is one variable of a trace state.
type TraceVar struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Result strings, as in expected.json.
const (
	ResultSuccess        = "success"
	ResultInvariant      = "invariant violated"
	ResultDeadlock       = "deadlock"
	ResultAssertion      = "assertion failed"
	ResultProperty       = "property violated"
	ResultActionProperty = "action property violated"
	ResultAssumption     = "assumption violated"
	ResultError          = "error"
	startBanner          = "Running breadth-first search Model-Checking with %s on %s (%s %s/%s) [pid: %d]."
)

// Check model-checks a specification. The returned Result is never nil;
// the error is non-nil when the run failed (parse, configuration or
// evaluation error), in which case Result.ExitCode tells TLC's status.
func Check(ctx context.Context, opts Options) (res *Result, err error) {
	defer func() {
		// A bug must not crash the caller: report it as an internal error.
		if r := recover(); r != nil {
			e := &Error{Kind: ErrInternal, Msg: fmt.Sprintf("internal error: %v", r)}
			if opts.Out != nil {
				fmt.Fprintf(opts.Out, "Error: %v\n", e)
			}
			res = &Result{Result: ResultError, ExitCode: ExitOther, Error: e.Msg, Workers: opts.Workers}
			err = e
		}
	}()
	return check(ctx, opts)
}

func check(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	if opts.Workers <= 0 {
		opts.Workers = 1
	}
	if opts.ProgressInterval == 0 {
		opts.ProgressInterval = time.Minute
	}
	out := opts.Out
	if out == nil {
		out = io.Discard
	}
	m := &model{fset: token.NewFileSet(), out: out, fileModule: map[string]string{}}
	res := &Result{Workers: opts.Workers}
	fail := func(err error) (*Result, error) {
		res.Result = ResultError
		var e *Error
		if errors.As(err, &e) {
			res.ExitCode = e.Kind.exitCode()
		} else {
			res.ExitCode = ExitOther
		}
		res.Error = err.Error()
		res.WallSeconds = time.Since(start).Seconds()
		return res, err
	}

	m.printf("%s\n", Version)
	m.printf(startBanner+"\n", plural(int64(opts.Workers), "worker"), plural(int64(runtime.NumCPU()), "core"),
		runtime.Version(), runtime.GOOS, runtime.GOARCH, os.Getpid())

	// Parse.
	l := newLoader(m.fset, filepath.Dir(opts.Spec))
	rootAST, err := l.parseFile(opts.Spec)
	for _, f := range l.parsed {
		m.printf("Parsing file %s\n", f)
	}
	if err != nil {
		m.printf("Error: %v\n", err)
		return fail(err)
	}
	m.rootAST = rootAST
	m.modules = l.mods
	for name, mod := range l.nested {
		if _, ok := m.modules[name]; !ok {
			m.modules[name] = mod
		}
	}
	for name, mod := range m.modules {
		if f := m.fset.File(mod.Pos()); f != nil {
			if _, ok := m.fileModule[f.Name()]; !ok || name == moduleNameOf(f.Name()) {
				m.fileModule[f.Name()] = name
			}
		}
	}
	m.fileModule[opts.Spec] = rootAST.Name.Name
	for _, f := range l.parsed {
		m.printf("Semantic processing of module %s\n", m.fileModule[f])
	}

	// Configuration.
	cfgPath := opts.Config
	if cfgPath == "" {
		cfgPath = strings.TrimSuffix(opts.Spec, ".tla") + ".cfg"
	}
	conf, err := cfg.ParseFile(cfgPath)
	if err == nil {
		err = conf.Validate()
	}
	if err != nil {
		e := &Error{Kind: ErrConfig, Msg: err.Error(), Err: err}
		m.printf("Error: %v\n", e)
		return fail(e)
	}
	m.config = conf

	// Compile.
	if err := m.build(&opts); err != nil {
		m.printf("Error: %v\n", err)
		return fail(err)
	}
	if opts.inspect != nil {
		defer opts.inspect(m)
	}
	m.printf("Starting... (%s)\n", now())
	if m.live != nil {
		m.printf("Implied-temporal checking--satisfiability problem has %d branches.\n", len(m.live.groups))
	}

	// Assumptions.
	if ok, err := m.checkAssumptions(res); err != nil {
		m.reportEvalError(err, nil)
		return fail(err)
	} else if !ok {
		res.WallSeconds = time.Since(start).Seconds()
		m.printf("Finished in %s at (%s)\n", elapsed(time.Since(start)), now())
		return res, nil
	}

	// Search.
	s := &search{m: m, opts: &opts, ctx: ctx, seen: newFPSet(1 << 16)}
	if opts.RecordGraph {
		s.graph = &Graph{}
	}
	s.live = m.live != nil
	m.printf("Computing initial states...\n")
	runErr := s.run()
	res.InitialStates = int64(s.parents.len())
	if runErr == nil {
		// the number of distinct initial states: ids with no parent
		res.InitialStates = 0
		for i := 0; i < s.parents.len() && s.parents.get(i) == noParent; i++ {
			res.InitialStates++
		}
	}
	res.TotalStates = s.generated.Load()
	res.DistinctStates = s.seen.count.Load()
	res.StatesLeftOnQueue = s.pending.Load()
	res.StateDepth = int64(s.depth)
	if runErr != nil {
		if errors.Is(runErr, context.Canceled) || errors.Is(runErr, context.DeadlineExceeded) {
			m.printf("Error: model checking was interrupted: %v\n", runErr)
			res.Result = ResultError
			res.ExitCode = ExitOther
			res.Error = runErr.Error()
			return res, runErr
		}
		m.reportEvalError(runErr, nil)
		return fail(runErr)
	}
	var retErr error
	violated := false
	if v := s.viol; v != nil {
		retErr = m.reportViolation(s, v, res)
		res.StatesLeftOnQueue = s.pending.Load()
		violated = true
	} else if ctx.Err() != nil {
		res.Result, res.ExitCode, res.Error = ResultError, ExitOther, ctx.Err().Error()
		return res, ctx.Err()
	}
	if !violated && m.live != nil {
		res.StatesLeftOnQueue = 0
		found, err := m.livenessPhase(s, res)
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				m.printf("Error: model checking was interrupted: %v\n", err)
				res.Result, res.ExitCode, res.Error = ResultError, ExitOther, err.Error()
				return res, err
			}
			m.reportEvalError(err, nil)
			return fail(err)
		}
		violated = found
	}
	if !violated {
		res.Result, res.ExitCode = ResultSuccess, ExitSuccess
		res.StatesLeftOnQueue = 0
		m.printf("Model checking completed. No error has been found.\n")
		m.printf("  Estimates of the probability that TLC did not check all reachable states\n")
		m.printf("  because two distinct states had the same fingerprint:\n")
		m.printf("  calculated (optimistic):  val = %s\n", collisionEstimate(res.DistinctStates, res.TotalStates))
	}
	if s.graph != nil && s.viol == nil {
		s.graph.finish(s)
		res.Graph = s.graph
	}
	m.printf("%d states generated, %d distinct states found, %d states left on queue.\n",
		res.TotalStates, res.DistinctStates, res.StatesLeftOnQueue)
	m.printf("The depth of the complete state graph search is %d.\n", res.StateDepth)
	if res.Result == ResultSuccess {
		m.printOutdegree(s)
	}
	res.WallSeconds = time.Since(start).Seconds()
	m.printf("Finished in %s at (%s)\n", elapsed(time.Since(start)), now())
	if retErr != nil {
		res.Error = retErr.Error()
		return res, retErr
	}
	return res, nil
}

// printf writes TLC-style output.
func (m *model) printf(format string, args ...any) {
	m.outMu.Lock()
	defer m.outMu.Unlock()
	fmt.Fprintf(m.out, format, args...)
}

// checkAssumptions evaluates every ASSUME; it reports false (and fills res)
// when one is false.
func (m *model) checkAssumptions(res *Result) (bool, error) {
	var all []*ast.Assume
	seen := map[*ast.Assume]bool{}
	for _, a := range m.root.assumes {
		if !seen[a] {
			seen[a] = true
			all = append(all, a)
		}
	}
	for _, a := range all {
		var fn evalFn
		if err := m.catchCompile(ErrParse, func() {
			fn = m.expr(a.Expr, m.rootEnv(&frame{})).fn
		}); err != nil {
			return false, err
		}
		c := m.constCtx()
		var v tla.Value
		if err := m.protect(c, func() { v = fn(c) }); err != nil {
			if ae, ok := err.(*assertError); ok {
				res.Result, res.ExitCode, res.Violated = ResultAssertion, ExitAssert, assertText(ae.msg)
				m.printf("Error: %s\n", ae.Error())
				return false, nil
			}
			return false, err
		}
		if !v.IsBool() || !v.AsBool() {
			res.Result, res.ExitCode = ResultAssumption, ExitAssumption
			res.Violated = m.span(a.Expr)
			m.printf("Error: Assumption %s is false.\n", m.span(a.Expr))
			return false, nil
		}
	}
	return true, nil
}

func assertText(v tla.Value) string {
	if v.IsString() {
		return v.AsString()
	}
	return v.TLCString()
}

// reportViolation prints the error and its trace, and fills res.
func (m *model) reportViolation(s *search, v *violation, res *Result) error {
	var retErr error
	switch v.kind {
	case vInvariant:
		res.Result, res.ExitCode, res.Violated = ResultInvariant, ExitSafety, v.name
		m.printf("Error: Invariant %s is violated.\n", v.name)
	case vInitProperty:
		res.Result, res.ExitCode, res.Violated = ResultProperty, ExitLiveness, v.name
		m.printf("Error: Property %s is violated by the initial state.\n", v.name)
	case vDeadlock:
		res.Result, res.ExitCode = ResultDeadlock, ExitDeadlock
		m.printf("Error: Deadlock reached.\n")
	case vAssert:
		res.Result, res.ExitCode, res.Violated = ResultAssertion, ExitAssert, assertText(v.msg)
		m.printf("Error: %s\n", v.err.Error())
	case vActionProperty:
		res.Result, res.ExitCode, res.Violated = ResultActionProperty, ExitLiveness, v.name
		m.printf("Error: Action property %s is violated.\n", v.name)
	case vEval:
		res.Result = ResultError
		var e *Error
		if errors.As(v.err, &e) {
			res.ExitCode = e.Kind.exitCode()
		} else {
			res.ExitCode = ExitEval
		}
		retErr = v.err
		m.printf("Error: %s\n", evalMessage(v.err))
	}
	trace, err := s.trace(v)
	if err != nil {
		m.printf("Error: could not reconstruct the error trace: %v\n", err)
	} else {
		res.Trace = trace
		res.TraceLength = int64(len(trace))
		m.printf("Error: The behavior up to this point is:\n")
		for i, st := range trace {
			m.printTraceState(i+1, st)
		}
	}
	if v.kind == vEval || v.kind == vAssert {
		m.printPositions(v.err)
	}
	return retErr
}

func evalMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Msg
	}
	return err.Error()
}

// reportEvalError prints an evaluation error outside a trace.
func (m *model) reportEvalError(err error, _ []TraceState) {
	m.printf("Error: %s\n", evalMessage(err))
	m.printPositions(err)
}

// printPositions prints where an evaluation error happened, as TLC does.
func (m *model) printPositions(err error) {
	pos, mod := m.errorSpan(err)
	if pos == "" {
		return
	}
	m.printf("Error: The error occurred when TLC was evaluating the nested\nexpressions at the following positions:\n0. %s in %s\n\n", pos, mod)
}

// errorSpan finds the innermost expression starting at the error's
// position and renders its span.
func (m *model) errorSpan(err error) (string, string) {
	var p token.Pos
	var e *Error
	var ae *assertError
	switch {
	case errors.As(err, &ae):
		p = ae.pos
	case errors.As(err, &e) && e.Pos.IsValid():
		f := m.fset.File(token.Pos(1))
		for _, mod := range m.modules {
			if ff := m.fset.File(mod.Pos()); ff != nil && ff.Name() == e.Pos.Filename {
				f = ff
			}
		}
		if f == nil {
			return "", ""
		}
		p = f.Pos(e.Pos.Offset)
	}
	if !p.IsValid() {
		return "", ""
	}
	best := m.posNode[p]
	for _, mod := range m.modules {
		if best != nil {
			break
		}
		ast.Inspect(mod, func(n ast.Node) bool {
			if n == nil {
				return false
			}
			if n.Pos() > p || n.End() <= p {
				return n.Pos() <= p
			}
			if n.Pos() == p {
				// The outermost expression starting there (an
				// application rather than its operator's name).
				if _, isUnit := n.(ast.Unit); !isUnit && (best == nil || n.End() > best.End()) {
					best = n
				}
			}
			return true
		})
	}
	if best == nil {
		pp := m.fset.Position(p)
		return fmt.Sprintf("Line %d, column %d", pp.Line, pp.Column), m.fileModule[pp.Filename]
	}
	a, b := m.fset.Position(best.Pos()), m.fset.Position(best.End()-1)
	return fmt.Sprintf("Line %d, column %d to line %d, column %d", a.Line, a.Column, b.Line, b.Column), m.fileModule[a.Filename]
}

func (m *model) printTraceState(i int, st TraceState) {
	var b strings.Builder
	if st.Location == "" {
		fmt.Fprintf(&b, "State %d: <%s>\n", i, st.Action)
	} else {
		fmt.Fprintf(&b, "State %d: <%s %s>\n", i, st.Action, st.Location)
	}
	if len(st.Vars) == 1 {
		fmt.Fprintf(&b, "%s = %s\n", st.Vars[0].Name, st.Vars[0].Value)
	} else {
		for _, v := range st.Vars {
			fmt.Fprintf(&b, "/\\ %s = %s\n", v.Name, v.Value)
		}
	}
	b.WriteString("\n")
	m.printf("%s", b.String())
}

func (m *model) printOutdegree(s *search) {
	var n, sum int64
	minDeg := -1
	for d, k := range s.outdeg {
		if k == 0 {
			continue
		}
		if minDeg < 0 {
			minDeg = d
		}
		n += k
		sum += int64(d) * k
	}
	if n == 0 {
		return
	}
	p95, acc := 0, int64(0)
	for d, k := range s.outdeg {
		acc += k
		if acc*100 >= n*95 {
			p95 = d
			break
		}
	}
	avg := int64(math.Round(float64(sum) / float64(n)))
	m.printf("The average outdegree of the complete state graph is %d (minimum is %d, the maximum %d and the 95th percentile is %d).\n",
		avg, minDeg, s.outdegMax, p95)
}

// collisionEstimate is TLC's optimistic fingerprint collision probability.
func collisionEstimate(distinct, generated int64) string {
	v := float64(distinct) * float64(generated-distinct) / math.Pow(2, 64)
	if v == 0 {
		return "0.0"
	}
	s := fmt.Sprintf("%.1E", v)
	// Java's notation: 1.4E-7, not 1.4E-07.
	if i := strings.Index(s, "E"); i >= 0 {
		mant, exp := s[:i], s[i+1:]
		sign := ""
		if exp[0] == '-' || exp[0] == '+' {
			if exp[0] == '-' {
				sign = "-"
			}
			exp = exp[1:]
		}
		exp = strings.TrimLeft(exp, "0")
		if exp == "" {
			exp = "0"
		}
		s = mant + "E" + sign + exp
	}
	return s
}

func now() string { return time.Now().Format("2006-01-02 15:04:05") }

func elapsed(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	switch {
	case s < 60:
		return fmt.Sprintf("%02ds", s)
	case s < 3600:
		return fmt.Sprintf("%02dmin %02ds", s/60, s%60)
	}
	return fmt.Sprintf("%02dh %02dmin", s/3600, (s%3600)/60)
}

func plural(n int64, what string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, what)
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// commas writes a number with thousands separators, as TLC's Progress.
func commas(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
