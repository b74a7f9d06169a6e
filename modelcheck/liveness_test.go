package modelcheck

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/distsys/tla"
)

// liveCase is one model of testdata/liveness.
type liveCase struct {
	spec, cfg string
	result    string
	loop      string // "Stuttering" or "Back to state" (violations)
	length    int64  // trace length with one worker (0: not checked)
}

// The liveness models written for these tests (see each module's header).
var liveCases = []liveCase{
	// SF makes the waiting client get the lock, WF does not; ~> over a
	// constant set.
	{"lock", "lock_sf", ResultSuccess, "", 0},
	{"lock", "lock_wf", ResultProperty, "Back to state", 5},
	// One process without fairness: it may stop, the rest stutters.
	{"procs", "procs", ResultSuccess, "", 0},
	{"procs", "procs_missing", ResultProperty, "Stuttering", 6},
	// []<>, <>[], <><<A>>_v, ENABLED, [][A]_v nested in [].
	{"cycle", "cycle", ResultSuccess, "", 0},
	{"cycle", "cycle_never_zero", ResultProperty, "Back to state", 4},
	{"cycle", "cycle_warm", ResultProperty, "Back to state", 4},
	// No fairness: <>P and <><<A>>_v fail by stuttering.
	{"cycle", "cycle_nofair", ResultProperty, "Stuttering", 1},
	{"cycle", "cycle_nofair_tick", ResultProperty, "Stuttering", 0},
}

func (lc liveCase) paths() (string, string) {
	dir := filepath.Join("testdata", "liveness")
	return filepath.Join(dir, lc.spec+".tla"), filepath.Join(dir, lc.cfg+".cfg")
}

// checkLive runs a model with the state graph recorded and returns the
// compiled model too.
func checkLive(t *testing.T, spec, cfg string, workers int) (*Result, *model, string) {
	t.Helper()
	var m *model
	res, out, err := checkSpec(t, spec, Options{Config: cfg, Workers: workers, RecordGraph: true,
		inspect: func(mm *model) { m = mm }})
	if err != nil {
		t.Fatalf("Check: %v\n%s", err, out)
	}
	if m == nil || m.live == nil {
		t.Fatalf("no liveness check compiled\n%s", out)
	}
	return res, m, out
}

func TestLivenessSpecs(t *testing.T) {
	for _, lc := range liveCases {
		for _, workers := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/workers=%d", lc.cfg, workers), func(t *testing.T) {
				spec, cfg := lc.paths()
				res, m, out := checkLive(t, spec, cfg, workers)
				if res.Result != lc.result {
					t.Fatalf("result %q, want %q\n%s", res.Result, lc.result, out)
				}
				if lc.result == ResultSuccess {
					if res.ExitCode != ExitSuccess || res.TraceLoop != "" {
						t.Fatalf("exit %d loop %q", res.ExitCode, res.TraceLoop)
					}
					return
				}
				if res.ExitCode != ExitLiveness || !strings.Contains(out, "Error: Temporal properties were violated.\n") {
					t.Fatalf("exit %d\n%s", res.ExitCode, out)
				}
				if loopKind(res.TraceLoop) != lc.loop {
					t.Errorf("loop %q, want %q\n%s", res.TraceLoop, lc.loop, out)
				}
				if workers == 1 && lc.length != 0 && res.TraceLength != lc.length {
					t.Errorf("trace length %d, want %d\n%s", res.TraceLength, lc.length, out)
				}
				validateLasso(t, m, res)
			})
		}
	}
}

// TestLivenessCounterexamplesAreGenuine validates every counterexample of
// the corpus: it must be a path of the state graph, fair, and falsify the
// properties (checked directly on the lasso, not with the tableau).
func TestLivenessCounterexamplesAreGenuine(t *testing.T) {
	for _, c := range corpusCases(t, "tla", "pluscal") {
		if c.Expected.Result != ResultProperty {
			continue
		}
		for _, workers := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/workers=%d", c.Name, workers), func(t *testing.T) {
				res, m, out := checkLive(t, c.Spec, c.Config, workers)
				if res.Result != ResultProperty {
					t.Fatalf("result %q\n%s", res.Result, out)
				}
				validateLasso(t, m, res)
			})
		}
	}
}

// lassoEval evaluates formulas on a lasso: positions 0..n-1, position n-1
// followed by position loop. The suffix from position i visits positions
// min(i, loop) .. n-1 forever after, which gives [] and <> directly.
type lassoEval struct {
	m      *model
	c      *ctx
	states [][]tla.Value
	loop   int
	memo   map[[2]int]bool
}

func (le *lassoEval) next(i int) int {
	if i == len(le.states)-1 {
		return le.loop
	}
	return i + 1
}

// atom evaluates atom a at position i (on the step to the next position
// for an action).
func (le *lassoEval) atom(t *testing.T, a int, i int) bool {
	t.Helper()
	at := le.m.live.atoms[a]
	c := le.c
	c.cur = le.states[i]
	copy(c.next, le.states[le.next(i)])
	for k := range c.nset {
		c.nset[k] = true
	}
	var v tla.Value
	if err := le.m.protect(c, func() {
		c.reset(0)
		v = at.p.eval(c)
	}); err != nil {
		t.Fatalf("evaluating %s: %v", at.p.name, err)
	}
	return v.AsBool()
}

func (le *lassoEval) eval(t *testing.T, f *tform, i int) bool {
	key := [2]int{f.id, i}
	if v, ok := le.memo[key]; ok {
		return v
	}
	var v bool
	switch f.kind {
	case tTrue:
		v = true
	case tFalse:
	case tLit:
		v = le.atom(t, f.lit.atom, i) != f.lit.neg
	case tAnd:
		v = true
		for _, a := range f.args {
			v = v && le.eval(t, a, i)
		}
	case tOr:
		for _, a := range f.args {
			v = v || le.eval(t, a, i)
		}
	case tBox, tDia:
		all, some := true, false
		for j := min(i, le.loop); j < len(le.states); j++ {
			h := le.eval(t, f.args[0], j)
			all, some = all && h, some || h
		}
		v = some
		if f.kind == tBox {
			v = all
		}
	}
	le.memo[key] = v
	return v
}

// validateLasso checks a temporal counterexample against the recorded
// state graph and the semantics of the properties and of fairness.
func validateLasso(t *testing.T, m *model, res *Result) {
	t.Helper()
	n := len(res.Trace)
	if n == 0 || int64(n) != res.TraceLength {
		t.Fatalf("trace of %d states, length %d", n, res.TraceLength)
	}
	states := make([][]tla.Value, n)
	for i, st := range res.Trace {
		states[i] = st.Values
	}
	loop := n - 1
	if res.TraceLoop != "Stuttering" {
		k, err := strconv.Atoi(strings.TrimPrefix(res.TraceLoop, "Back to state "))
		if err != nil || k < 1 || k > n {
			t.Fatalf("bad loop %q", res.TraceLoop)
		}
		loop = k - 1
	}
	// A path of the state graph.
	g := res.Graph
	ids := map[uint64]int{}
	for id, fp := range g.Fingerprints {
		ids[fp] = id
	}
	c := newCtx(m)
	id := func(i int) int {
		fp := m.fingerprint(c, states[i])
		k, ok := ids[fp]
		if !ok {
			t.Fatalf("state %d of the trace is not in the state graph", i+1)
		}
		return k
	}
	isInit := false
	for _, k := range g.Init {
		isInit = isInit || int(k) == id(0)
	}
	if !isInit {
		t.Errorf("state 1 is not an initial state")
	}
	step := func(i, j int) {
		from, to := id(i), id(j)
		for _, tr := range g.Succ[from] {
			if int(tr.To) == to {
				return
			}
		}
		t.Errorf("no transition from state %d to state %d", i+1, j+1)
	}
	for i := 0; i+1 < n; i++ {
		step(i, i+1)
	}
	if res.TraceLoop != "Stuttering" {
		step(n-1, loop)
	}
	le := &lassoEval{m: m, c: c, states: states, loop: loop, memo: map[[2]int]bool{}}
	// Fair: WF_v(A) is []<>~ENABLED <<A>>_v \/ []<><<A>>_v, SF_v(A) is
	// <>[]~ENABLED <<A>>_v \/ []<><<A>>_v; on the cycle's positions.
	for _, fc := range m.live.fair {
		enSome, enAll, stepSome := false, true, false
		for j := loop; j < n; j++ {
			en := le.atom(t, fc.en, j)
			enSome, enAll = enSome || en, enAll && en
			stepSome = stepSome || le.atom(t, fc.step, j)
		}
		fair := stepSome || !enAll
		if fc.strong {
			fair = stepSome || !enSome
		}
		if !fair {
			t.Errorf("the counterexample is not fair to %s", fc.text)
		}
	}
	// The negated properties (with the specification's other temporal
	// conjuncts) hold on it.
	if !le.eval(t, m.live.formula, 0) {
		t.Errorf("the properties hold on the counterexample")
	}
}

// --- the tableau and SCC machinery on random formulas ---

// rawF is a temporal formula as generated, before the builder's
// normalisations (which are checked too).
type rawF struct {
	op   string // lit, not, and, or, box, dia, leadsto, implies
	args []*rawF
	atom int
}

// Atoms of the random tests: 0 and 1 are state predicates, 2 an action.
const randAtoms = 3

func randFormula(r *rand.Rand, depth int) *rawF {
	if depth == 0 || r.Intn(4) == 0 {
		return &rawF{op: "lit", atom: r.Intn(randAtoms)}
	}
	ops := []string{"not", "and", "or", "box", "dia", "leadsto", "implies"}
	op := ops[r.Intn(len(ops))]
	switch op {
	case "not", "box", "dia":
		return &rawF{op: op, args: []*rawF{randFormula(r, depth-1)}}
	}
	return &rawF{op: op, args: []*rawF{randFormula(r, depth-1), randFormula(r, depth-1)}}
}

// build makes the tform of f (negated when neg), as conv does.
func (f *rawF) build(b *ltlBuilder, neg bool) *tform {
	switch f.op {
	case "lit":
		return b.lit(f.atom, neg)
	case "not":
		return f.args[0].build(b, !neg)
	case "and", "or":
		x, y := f.args[0].build(b, neg), f.args[1].build(b, neg)
		if (f.op == "and") != neg {
			return b.and(x, y)
		}
		return b.or(x, y)
	case "implies":
		if neg {
			return b.and(f.args[0].build(b, false), f.args[1].build(b, true))
		}
		return b.or(f.args[0].build(b, true), f.args[1].build(b, false))
	case "box":
		if neg {
			return b.dia(f.args[0].build(b, true))
		}
		return b.box(f.args[0].build(b, false))
	case "dia":
		if neg {
			return b.box(f.args[0].build(b, true))
		}
		return b.dia(f.args[0].build(b, false))
	}
	// leadsto
	if neg {
		return b.dia(b.and(f.args[0].build(b, false), b.box(f.args[1].build(b, true))))
	}
	return b.box(b.or(f.args[0].build(b, true), b.dia(f.args[1].build(b, false))))
}

// word is a lasso of atom valuations: val[i][a] at position i.
type word struct {
	val  [][randAtoms]bool
	loop int
}

func (w *word) holds(f *rawF, i int) bool {
	n := len(w.val)
	from := min(i, w.loop)
	switch f.op {
	case "lit":
		return w.val[i][f.atom]
	case "not":
		return !w.holds(f.args[0], i)
	case "and":
		return w.holds(f.args[0], i) && w.holds(f.args[1], i)
	case "or":
		return w.holds(f.args[0], i) || w.holds(f.args[1], i)
	case "implies":
		return !w.holds(f.args[0], i) || w.holds(f.args[1], i)
	case "box", "dia":
		all, some := true, false
		for j := from; j < n; j++ {
			h := w.holds(f.args[0], j)
			all, some = all && h, some || h
		}
		if f.op == "box" {
			return all
		}
		return some
	}
	// P ~> Q at i: every j in the suffix with P has Q at some k in j's
	// suffix.
	for j := from; j < n; j++ {
		if !w.holds(f.args[0], j) {
			continue
		}
		ok := false
		for k := min(j, w.loop); k < n && !ok; k++ {
			ok = w.holds(f.args[1], k)
		}
		if !ok {
			return false
		}
	}
	return true
}

// graph makes the lasso a behaviour graph (without stuttering steps).
func (w *word) graph() *liveGraph {
	n := len(w.val)
	g := &liveGraph{n: n, ws: 1, wa: 1, init: []uint32{0}, fps: make([]uint64, n), stBits: make([]uint64, n),
		start: make([]uint32, n+1), to: make([]uint32, n), eBits: make([]uint64, n)}
	for i, v := range w.val {
		for a := 0; a < 2; a++ {
			if v[a] {
				g.stBits[i] |= 1 << a
			}
		}
		if v[2] {
			g.eBits[i] = 1
		}
		g.start[i+1] = uint32(i + 1)
		g.to[i] = uint32(i + 1)
	}
	g.to[n-1] = uint32(w.loop)
	return g
}

// TestLTLOnLassos checks the normal forms, tableaux, products and fair SCC
// search on random formulas and random lassos: a counterexample to P is
// found in a graph that is a single lasso exactly when the lasso
// satisfies ~P (and the fairness conditions).
func TestLTLOnLassos(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for iter := 0; iter < 5000; iter++ {
		f := randFormula(r, 3)
		w := &word{val: make([][randAtoms]bool, 1+r.Intn(5))}
		for i := range w.val {
			for a := range randAtoms {
				w.val[i][a] = r.Intn(2) == 0
			}
		}
		w.loop = r.Intn(len(w.val))
		lv := &liveness{b: newLTLBuilder(), nState: 2, nAction: 1}
		lv.atoms = []*liveAtom{{bit: 0}, {bit: 1}, {action: true, bit: 0}}
		// Fairness: WF or SF of the action, enabled where atom 0 or 1 holds.
		fairOK := true
		for k := r.Intn(3); k > 0; k-- {
			fc := fairCond{strong: r.Intn(2) == 0, en: r.Intn(2), step: 2}
			lv.fair = append(lv.fair, fc)
			enSome, enAll, stepSome := false, true, false
			for j := w.loop; j < len(w.val); j++ {
				enSome, enAll = enSome || w.val[j][fc.en], enAll && w.val[j][fc.en]
				stepSome = stepSome || w.val[j][2]
			}
			if fc.strong {
				fairOK = fairOK && (stepSome || !enSome)
			} else {
				fairOK = fairOK && (stepSome || !enAll)
			}
		}
		lv.formula = f.build(lv.b, true)
		lv.group()
		v, err := lv.check(context.Background(), w.graph(), 1)
		if err != nil {
			t.Fatal(err)
		}
		want := fairOK && !w.holds(f, 0)
		if (v != nil) != want {
			t.Fatalf("iteration %d: formula %s on %v loop %d (fair %v): counterexample %v, want %v",
				iter, f, w.val, w.loop, fairOK, v != nil, want)
		}
	}
}

func (f *rawF) String() string {
	if f.op == "lit" {
		return fmt.Sprintf("a%d", f.atom)
	}
	parts := make([]string, len(f.args))
	for i, a := range f.args {
		parts[i] = a.String()
	}
	return f.op + "(" + strings.Join(parts, ", ") + ")"
}

// TestLivenessErrors checks temporal formulas the checker does not handle:
// an error wrapping ErrTemporalUnsupported, exit 255.
func TestLivenessErrors(t *testing.T) {
	base := "EXTENDS Naturals\nVARIABLE x\nInit == x = 0\nNext == x' = 1 - x\nSpec == Init /\\ [][Next]_x /\\ WF_x(Next)\n"
	cases := []struct{ name, prop, msg string }{
		{"stateset", "P == \\A v \\in {x} : <>(x = v)", "not a constant set"},
		{"tempquant", "P == \\EE y : <>(x = 1)", "temporal quantification"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spec := writeSpec(t, tc.name, module(tc.name, base+tc.prop), "SPECIFICATION Spec\nPROPERTY P\n", nil)
			res, out, err := checkSpec(t, spec, Options{})
			if !errors.Is(err, ErrTemporalUnsupported) || res.ExitCode != ExitOther {
				t.Fatalf("err %v exit %d\n%s", err, res.ExitCode, out)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("error %q lacks %q", err, tc.msg)
			}
		})
	}
}

// TestLivenessIgnoreTemporal: with IgnoreTemporal only the safety part is
// checked.
func TestLivenessIgnoreTemporal(t *testing.T) {
	spec, cfg := liveCase{spec: "procs", cfg: "procs_missing"}.paths()
	res, _, err := checkSpec(t, spec, Options{Config: cfg, IgnoreTemporal: true})
	if err != nil || res.Result != ResultSuccess {
		t.Fatalf("%q %v", res.Result, err)
	}
}

// rgraph is a small random behaviour graph: node valuations of the state
// atoms 0 and 1, and per edge the value of the action atom 2. No
// self-loops and no parallel edges, so that a lasso is its node sequence.
type rgraph struct {
	st   [][2]bool
	succ [][]int
	act  []map[int]bool
}

func randGraph(r *rand.Rand) *rgraph {
	n := 1 + r.Intn(4)
	g := &rgraph{st: make([][2]bool, n), succ: make([][]int, n), act: make([]map[int]bool, n)}
	for i := range n {
		g.st[i] = [2]bool{r.Intn(2) == 0, r.Intn(2) == 0}
		g.act[i] = map[int]bool{}
		for _, j := range r.Perm(n) {
			if j != i && (len(g.succ[i]) == 0 || r.Intn(2) == 0) && len(g.succ[i]) < 3 {
				g.succ[i] = append(g.succ[i], j)
				g.act[i][j] = r.Intn(2) == 0
			}
		}
	}
	return g
}

func (g *rgraph) live() *liveGraph {
	n := len(g.st)
	lg := &liveGraph{n: n, ws: 1, wa: 1, init: []uint32{0}, fps: make([]uint64, n), stBits: make([]uint64, n),
		start: make([]uint32, n+1)}
	for i := range n {
		for a := range 2 {
			if g.st[i][a] {
				lg.stBits[i] |= 1 << a
			}
		}
		for _, j := range g.succ[i] {
			lg.to = append(lg.to, uint32(j))
			var b uint64
			if g.act[i][j] {
				b = 1
			}
			lg.eBits = append(lg.eBits, b)
		}
		lg.start[i+1] = uint32(len(lg.to))
	}
	return lg
}

// word is the lasso through nodes (nodes[len-1] steps to nodes[loop]).
func (g *rgraph) word(nodes []int, loop int) *word {
	w := &word{val: make([][randAtoms]bool, len(nodes)), loop: loop}
	for i, u := range nodes {
		next := loop
		if i+1 < len(nodes) {
			next = i + 1
		}
		w.val[i] = [randAtoms]bool{g.st[u][0], g.st[u][1], g.act[u][nodes[next]]}
	}
	return w
}

func (w *word) fair(fs []fairCond) bool {
	for _, fc := range fs {
		enSome, enAll, stepSome := false, true, false
		for j := w.loop; j < len(w.val); j++ {
			enSome, enAll = enSome || w.val[j][fc.en], enAll && w.val[j][fc.en]
			stepSome = stepSome || w.val[j][2]
		}
		if fc.strong && !(stepSome || !enSome) || !fc.strong && !(stepSome || !enAll) {
			return false
		}
	}
	return true
}

// TestFairCyclesOnRandomGraphs compares the fair-SCC search with an
// enumeration of the lassos (up to 8 steps) of small random graphs: when
// one is a fair counterexample the checker must find a counterexample,
// and the one it finds must be a fair counterexample.
func TestFairCyclesOnRandomGraphs(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for iter := 0; iter < 3000; iter++ {
		g := randGraph(r)
		f := randFormula(r, 3)
		lv := &liveness{b: newLTLBuilder(), nState: 2, nAction: 1}
		lv.atoms = []*liveAtom{{bit: 0}, {bit: 1}, {action: true, bit: 0}}
		for k := r.Intn(3); k > 0; k-- {
			lv.fair = append(lv.fair, fairCond{strong: r.Intn(2) == 0, en: r.Intn(2), step: 2})
		}
		lv.formula = f.build(lv.b, true)
		lv.group()
		v, err := lv.check(context.Background(), g.live(), 2)
		if err != nil {
			t.Fatal(err)
		}
		bad := func(nodes []int, loop int) bool {
			w := g.word(nodes, loop)
			return w.fair(lv.fair) && !w.holds(f, 0)
		}
		if v != nil {
			nodes := make([]int, len(v.states))
			for i, s := range v.states {
				nodes[i] = int(s)
			}
			if v.stutter || !bad(nodes, v.loop) {
				t.Fatalf("iteration %d: %s: counterexample %v loop %d is not one (graph %+v, fairness %+v)", iter, f, nodes, v.loop, g, lv.fair)
			}
			continue
		}
		// Enumerate walks from node 0 of up to 8 steps.
		var walk, witness []int
		var rec func() bool
		rec = func() bool {
			last := walk[len(walk)-1]
			for k := 0; k < len(walk)-1; k++ {
				if walk[k] == last && bad(walk[:len(walk)-1], k) {
					witness = append([]int(nil), walk...)
					return true
				}
			}
			if len(walk) > 8 {
				return false
			}
			for _, j := range g.succ[last] {
				walk = append(walk, j)
				found := rec()
				walk = walk[:len(walk)-1]
				if found {
					return true
				}
			}
			return false
		}
		walk = []int{0}
		if rec() {
			t.Fatalf("iteration %d: %s: no counterexample found, but %v is one (graph %+v, fairness %+v)", iter, f, witness, g, lv.fair)
		}
	}
}
