package hello

import (
	"testing"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
)

// run runs AHello with MK_HELLO bound to mk and returns what it wrote to out and the final
// value of the shared counter.
func run(t *testing.T, mk distsys.MPCalContextConfigFn) []tla.Value {
	t.Helper()
	outCh := make(chan tla.Value, 10)
	shared := resources.NewLocalSharedManager(tla.MakeNumber(10))
	ctx := distsys.NewMPCalContext(tla.MakeString("self"), AHello,
		mk,
		distsys.DefineConstantValue("EXCLAMATION", tla.MakeString("!")),
		distsys.DefineConstantValue("COUNT", tla.MakeNumber(3)),
		distsys.EnsureArchetypeRefParam("out", resources.NewOutputChan(outCh)),
		distsys.EnsureArchetypeRefParam("shared", shared.MakeLocalShared()))
	if err := ctx.Run(); err != nil {
		t.Fatal(err)
	}
	close(outCh)
	var got []tla.Value
	for v := range outCh {
		got = append(got, v)
	}
	return got
}

func check(t *testing.T, got []tla.Value) {
	t.Helper()
	want := []tla.Value{tla.MakeString("hello!"), tla.MakeTuple(tla.MakeString("done"), tla.MakeNumber(13))}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if !got[i].Equal(want[i]) {
			t.Errorf("output %d: got %v, want %v", i, got[i], want[i])
		}
	}
}

func concat(a, b tla.Value) tla.Value { return tla.MakeString(a.AsString() + b.AsString()) }

// The higher-order constant bound as a fixed-arity, a variadic and a partly variadic function.
func TestHelloFixedArity(t *testing.T) {
	check(t, run(t, distsys.DefineConstantOperator("MK_HELLO", func(a, b tla.Value) tla.Value { return concat(a, b) })))
}

func TestHelloVariadic(t *testing.T) {
	check(t, run(t, distsys.DefineConstantOperator("MK_HELLO", func(args ...tla.Value) tla.Value {
		return concat(args[0], args[1])
	})))
}

func TestHelloPartlyVariadic(t *testing.T) {
	check(t, run(t, distsys.DefineConstantOperator("MK_HELLO", func(a tla.Value, rest ...tla.Value) tla.Value {
		return concat(a, rest[0])
	})))
}

// The define-block operator is callable from Go without an archetype.
func TestHelloOperatorWithoutArchetype(t *testing.T) {
	ctx := distsys.NewMPCalContextWithoutArchetype(
		distsys.DefineConstantOperator("MK_HELLO", concat),
		distsys.DefineConstantValue("EXCLAMATION", tla.MakeString("?")))
	if got := HELLO(ctx.IFace()); !got.Equal(tla.MakeString("hello?")) {
		t.Errorf("HELLO = %v", got)
	}
}

// Stop before Run closes the resources, and Run then returns nil without running.
func TestHelloStopBeforeRun(t *testing.T) {
	outCh := make(chan tla.Value, 10)
	ctx := distsys.NewMPCalContext(tla.MakeString("self"), AHello,
		distsys.DefineConstantOperator("MK_HELLO", concat),
		distsys.DefineConstantValue("EXCLAMATION", tla.MakeString("!")),
		distsys.DefineConstantValue("COUNT", tla.MakeNumber(3)),
		distsys.EnsureArchetypeRefParam("out", resources.NewOutputChan(outCh)),
		distsys.EnsureArchetypeRefParam("shared", resources.NewLocalSharedManager(tla.MakeNumber(0)).MakeLocalShared()))
	ctx.Stop()
	if err := ctx.Run(); err != nil {
		t.Fatal(err)
	}
	select {
	case v := <-outCh:
		t.Fatalf("archetype ran after Stop: wrote %v", v)
	default:
	}
}

// Two contexts share the counter through one LocalSharedManager: the one finishing last
// reports all 100 increments.
func TestHelloSharedCounter(t *testing.T) {
	shared := resources.NewLocalSharedManager(tla.MakeNumber(0))
	errs := make(chan error, 2)
	var outs []chan tla.Value
	for i := range 2 {
		outCh := make(chan tla.Value, 10)
		outs = append(outs, outCh)
		ctx := distsys.NewMPCalContext(tla.MakeNumber(int32(i)), AHello,
			distsys.DefineConstantOperator("MK_HELLO", concat),
			distsys.DefineConstantValue("EXCLAMATION", tla.MakeString("!")),
			distsys.DefineConstantValue("COUNT", tla.MakeNumber(50)),
			distsys.EnsureArchetypeRefParam("out", resources.NewOutputChan(outCh)),
			distsys.EnsureArchetypeRefParam("shared", shared.MakeLocalShared()))
		go func() { errs <- ctx.Run() }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	largest := int32(0)
	for _, ch := range outs {
		close(ch)
		var last tla.Value
		for v := range ch {
			last = v
		}
		if n := last.ApplyFunction(tla.MakeNumber(2)).AsNumber(); n > largest {
			largest = n
		}
	}
	if largest != 100 {
		t.Errorf("shared counter = %d, want 100", largest)
	}
}
