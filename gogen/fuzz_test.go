package gogen

import (
	"bytes"
	"errors"
	"go/format"
	"os"
	"testing"
)

// FuzzGogen: on any input, gogen returns code or diagnostics, never panics or fails
// internally, and the code it returns is gofmt-clean.
func FuzzGogen(f *testing.F) {
	for _, spec := range testSpecs(f) {
		src, err := os.ReadFile(spec)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte(largeSpec(200)))
	f.Fuzz(func(t *testing.T, src []byte) {
		code, err := GenerateFile("fuzz.tla", src, Options{})
		if errors.Is(err, ErrInternal) {
			t.Fatalf("internal error: %v", err)
		}
		if err != nil {
			return
		}
		if f, ferr := format.Source(code); ferr != nil || !bytes.Equal(f, code) {
			t.Fatalf("output is not gofmt-clean (%v)", ferr)
		}
	})
}
