package ast

import (
	"fmt"
	"reflect"

	"github.com/mpgo/mpgo/lang/token"
)

var posType = reflect.TypeOf(token.NoPos)

// Equal reports whether two trees are the same, ignoring positions and layout-only fields
// (those tagged `ast:"-"`, such as a junction list's column). Nil and empty slices are equal.
func Equal(a, b any) bool {
	return equalValue(reflect.ValueOf(a), reflect.ValueOf(b), nil)
}

// Diff returns "" if Equal(a, b), else the path of the first difference (for test messages).
func Diff(a, b any) string {
	var path []string
	if equalValue(reflect.ValueOf(a), reflect.ValueOf(b), &path) {
		return ""
	}
	var s string
	for i := len(path) - 1; i >= 0; i-- {
		s += path[i]
	}
	return s
}

func note(path *[]string, format string, args ...any) bool {
	if path != nil {
		*path = append(*path, fmt.Sprintf(format, args...))
	}
	return false
}

func equalValue(a, b reflect.Value, path *[]string) bool {
	if !a.IsValid() || !b.IsValid() {
		if a.IsValid() == b.IsValid() {
			return true
		}
		return note(path, ": one side missing")
	}
	if a.Type() != b.Type() {
		return note(path, ": %s vs %s", a.Type(), b.Type())
	}
	switch a.Kind() {
	case reflect.Interface, reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() == b.IsNil() {
				return true
			}
			return note(path, ": nil vs non-nil")
		}
		return equalValue(a.Elem(), b.Elem(), path)
	case reflect.Slice:
		if a.Len() != b.Len() {
			return note(path, ": length %d vs %d", a.Len(), b.Len())
		}
		for i := 0; i < a.Len(); i++ {
			if !equalValue(a.Index(i), b.Index(i), path) {
				return note(path, "[%d]", i)
			}
		}
		return true
	case reflect.Struct:
		t := a.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.Type == posType || f.Type.Kind() == reflect.Slice && f.Type.Elem() == posType ||
				f.Tag.Get("ast") == "-" || !f.IsExported() {
				continue
			}
			if !equalValue(a.Field(i), b.Field(i), path) {
				return note(path, ".%s(%s)", f.Name, t.Name())
			}
		}
		return true
	case reflect.String:
		return a.String() == b.String() || note(path, ": %q vs %q", a.String(), b.String())
	case reflect.Bool:
		return a.Bool() == b.Bool() || note(path, ": %v vs %v", a.Bool(), b.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int() || note(path, ": %d vs %d", a.Int(), b.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return a.Uint() == b.Uint() || note(path, ": %d vs %d", a.Uint(), b.Uint())
	}
	return reflect.DeepEqual(a.Interface(), b.Interface())
}
