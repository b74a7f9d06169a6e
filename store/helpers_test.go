package store

// Minimal assertion helpers. testify is in go.mod, but go.sum lacks the
// checksums of its dependencies (go-spew, go-difflib), and this package must
// not touch go.mod/go.sum, so the tests use these instead. They mirror
// testify's assert (report and continue) and require (stop the test) forms.

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
)

func failf(t testing.TB, fatal bool, msgAndArgs []any, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if len(msgAndArgs) > 0 {
		if f, ok := msgAndArgs[0].(string); ok {
			msg += ": " + fmt.Sprintf(f, msgAndArgs[1:]...)
		} else {
			msg += fmt.Sprint(": ", msgAndArgs)
		}
	}
	if fatal {
		t.Fatal(msg)
	}
	t.Error(msg)
}

func assertNoError(t testing.TB, err error, msgAndArgs ...any) bool {
	t.Helper()
	if err != nil {
		failf(t, false, msgAndArgs, "unexpected error: %v", err)
		return false
	}
	return true
}

func requireNoError(t testing.TB, err error, msgAndArgs ...any) {
	t.Helper()
	if err != nil {
		failf(t, true, msgAndArgs, "unexpected error: %v", err)
	}
}

func assertError(t testing.TB, err error, msgAndArgs ...any) bool {
	t.Helper()
	if err == nil {
		failf(t, false, msgAndArgs, "expected an error, got nil")
		return false
	}
	return true
}

func requireError(t testing.TB, err error, msgAndArgs ...any) {
	t.Helper()
	if err == nil {
		failf(t, true, msgAndArgs, "expected an error, got nil")
	}
}

func assertErrorIs(t testing.TB, err, target error, msgAndArgs ...any) bool {
	t.Helper()
	if !errors.Is(err, target) {
		failf(t, false, msgAndArgs, "error %v is not %v", err, target)
		return false
	}
	return true
}

func requireErrorIs(t testing.TB, err, target error, msgAndArgs ...any) {
	t.Helper()
	if !errors.Is(err, target) {
		failf(t, true, msgAndArgs, "error %v is not %v", err, target)
	}
}

func assertEqual(t testing.TB, want, got any, msgAndArgs ...any) bool {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		failf(t, false, msgAndArgs, "not equal:\nwant %#v\n got %#v", want, got)
		return false
	}
	return true
}

func requireEqual(t testing.TB, want, got any, msgAndArgs ...any) {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		failf(t, true, msgAndArgs, "not equal:\nwant %#v\n got %#v", want, got)
	}
}

func assertTrue(t testing.TB, cond bool, msgAndArgs ...any) bool {
	t.Helper()
	if !cond {
		failf(t, false, msgAndArgs, "expected true")
	}
	return cond
}

func requireTrue(t testing.TB, cond bool, msgAndArgs ...any) {
	t.Helper()
	if !cond {
		failf(t, true, msgAndArgs, "expected true")
	}
}

func assertFalse(t testing.TB, cond bool, msgAndArgs ...any) bool {
	t.Helper()
	if cond {
		failf(t, false, msgAndArgs, "expected false")
	}
	return !cond
}

func assertLen(t testing.TB, obj any, n int, msgAndArgs ...any) bool {
	t.Helper()
	if l := reflect.ValueOf(obj).Len(); l != n {
		failf(t, false, msgAndArgs, "length %d, want %d", l, n)
		return false
	}
	return true
}

func assertEmpty(t testing.TB, obj any, msgAndArgs ...any) bool {
	t.Helper()
	if obj == nil {
		return true
	}
	if l := reflect.ValueOf(obj).Len(); l != 0 {
		failf(t, false, msgAndArgs, "expected empty, got %d elements: %v", l, obj)
		return false
	}
	return true
}

func assertNotNil(t testing.TB, obj any, msgAndArgs ...any) bool {
	t.Helper()
	if obj == nil || reflect.ValueOf(obj).IsNil() {
		failf(t, false, msgAndArgs, "expected non-nil")
		return false
	}
	return true
}

// assertContains checks that map m has key k.
func assertContains(t testing.TB, m, k any, msgAndArgs ...any) bool {
	t.Helper()
	if !reflect.ValueOf(m).MapIndex(reflect.ValueOf(k)).IsValid() {
		failf(t, false, msgAndArgs, "key %#v missing", k)
		return false
	}
	return true
}

func assertLess(t testing.TB, a, b int64, msgAndArgs ...any) bool {
	t.Helper()
	if a >= b {
		failf(t, false, msgAndArgs, "%d is not less than %d", a, b)
		return false
	}
	return true
}
