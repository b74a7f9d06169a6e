package stmts

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
)

// captureStdout runs f and returns what it printed (print statements use fmt.Println).
func captureStdout(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	defer func() { os.Stdout = saved }()
	f()
	w.Close()
	return <-done
}

func TestStatements(t *testing.T) {
	out := make(chan tla.Value, 10)
	a := resources.NewLocalSharedManager(tla.MakeString("A"))
	b := resources.NewLocalSharedManager(tla.MakeString("B"))
	ctx := distsys.NewMPCalContext(tla.MakeNumber(1), AStmts,
		distsys.EnsureArchetypeRefParam("out", resources.NewOutputChan(out)),
		distsys.EnsureArchetypeRefParam("a", a.MakeLocalShared()),
		distsys.EnsureArchetypeRefParam("b", b.MakeLocalShared()))
	var err error
	printed := captureStdout(t, func() { err = ctx.Run() })

	// The assertion x = 1 fails (the swap made x 2), with the condition in the message.
	if !errors.Is(err, distsys.ErrAssertionFailed) {
		t.Fatalf("Run: %v, want an assertion failure", err)
	}
	if !strings.Contains(err.Error(), `x = 1 /\ "%d" # ""`) {
		t.Errorf("assertion message %q lacks the condition", err)
	}
	if printed != "<<\"printed\", 2>>\n" {
		t.Errorf("printed %q", printed)
	}
	close(out)
	var got []string
	for v := range out {
		got = append(got, v.String())
	}
	want := []string{
		`<<42, 43, 1, <<1>>>>`,                  // with (p = 42, q = p + 1): sequential; pick \in S: least; me = <<self>>
		`<<2, 1, "B", "A">>`,                    // both swaps
		`<<5, 10>>`,                             // a LAMBDA using a value read before the statement
		`(("f") :> (5) @@ ("g") :> (<<8, 7>>))`, // indexed and field writes
		`<<"then", "either">>`,                  // if, if without else, either with a blocked branch
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("outputs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// locals can be read after Run
	if x := ctx.IFace().ReadArchetypeResourceLocal("AStmts.x"); !x.Equal(tla.MakeNumber(2)) {
		t.Errorf("x = %v", x)
	}
}

// A runtime type error in a critical section panics with tla.ErrTLAType.
func TestTypeError(t *testing.T) {
	ctx := distsys.NewMPCalContext(tla.MakeNumber(1), ATypeError,
		distsys.EnsureArchetypeRefParam("out", resources.NewOutputChan(make(chan tla.Value, 1))))
	defer func() {
		r := recover()
		if err, ok := r.(error); !ok || !errors.Is(err, tla.ErrTLAType) {
			t.Errorf("recovered %v, want a tla.ErrTLAType", r)
		}
	}()
	err := ctx.Run()
	t.Errorf("Run returned %v", err)
}
