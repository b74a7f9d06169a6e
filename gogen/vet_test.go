package gogen

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestVetFreshCopy compiles specs into a throwaway module that uses this repository and
// runs go vet on the result: the committed test packages are vetted by go vet ./..., this
// covers the large benchmark spec and lang/check's valid specs too.
func TestVetFreshCopy(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	mod := "module vetcopy\n\ngo 1.26\n\nrequire github.com/mpgo/mpgo v0.0.0\n\nreplace github.com/mpgo/mpgo => " + root + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	specs := testSpecs(t)
	more, _ := filepath.Glob(filepath.Join(root, "lang", "check", "testdata", "valid", "*.tla"))
	specs = append(specs, more...)
	write := func(name string, code []byte) {
		pkg := filepath.Join(dir, name)
		if err := os.MkdirAll(pkg, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(pkg, name+".go"), code, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for _, spec := range specs {
		code, err := GenerateFile(spec, nil, Options{Package: "p" + specName(spec)})
		if err != nil {
			continue // plain PlusCal specs among lang/check's
		}
		write("p"+specName(spec), code)
		n++
	}
	code, err := GenerateFile("large.tla", []byte(largeSpec(1000)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	write("large", code)
	cmd := exec.Command(goCmd, "vet", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet on %d generated packages: %v\n%s", n+1, err, out)
	}
}
