package resources_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/mpgo/mpgo/distsys/tla"
	"github.com/mpgo/mpgo/resources"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func panicValue(f func()) (r any) {
	defer func() { r = recover() }()
	f()
	return nil
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestFileSystemAtomicReplace(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.txt"), []byte("old"), 0o600))
	fsys := resources.NewFileSystem(dir)
	defer fsys.Close()

	a := index(t, fsys, str("a.txt"))
	assertValue(t, "read", mustRead(t, a), str("old"))
	require.NoError(t, a.WriteValue(zero, str("new")))
	assertValue(t, "reads see the attempt's write", mustRead(t, a), str("new"))
	data, err := os.ReadFile(filepath.Join(dir, "a.txt"))
	require.NoError(t, err)
	assert.Equal(t, "old", string(data), "nothing is written before Commit")
	require.NoError(t, section(t, fsys))
	data, err = os.ReadFile(filepath.Join(dir, "a.txt"))
	require.NoError(t, err)
	assert.Equal(t, "new", string(data))
	info, err := os.Stat(filepath.Join(dir, "a.txt"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), info.Mode().Perm(), "replaced with mode 0644")
	assert.Equal(t, []string{"a.txt"}, dirNames(t, dir), "no temporary file left")

	// A new file, in a new subdirectory.
	require.NoError(t, index(t, fsys, str("sub/b.txt")).WriteValue(zero, str("bee")))
	require.NoError(t, section(t, fsys))
	data, err = os.ReadFile(filepath.Join(dir, "sub", "b.txt"))
	require.NoError(t, err)
	assert.Equal(t, "bee", string(data))

	// Reads are cached: the resource owns the directory.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.txt"), []byte("changed behind our back"), 0o644))
	assertValue(t, "cached", mustRead(t, index(t, fsys, str("a.txt"))), str("new"))
	abort(t, fsys)
}

func TestFileSystemAbortWritesNothing(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.txt"), []byte("old"), 0o644))
	fsys := resources.NewFileSystem(dir)
	defer fsys.Close()
	require.NoError(t, index(t, fsys, str("a.txt")).WriteValue(zero, str("new")))
	require.NoError(t, index(t, fsys, str("c.txt")).WriteValue(zero, str("created?")))
	abort(t, fsys)
	assert.Equal(t, []string{"a.txt"}, dirNames(t, dir))
	data, err := os.ReadFile(filepath.Join(dir, "a.txt"))
	require.NoError(t, err)
	assert.Equal(t, "old", string(data))
	assertValue(t, "after Abort", mustRead(t, index(t, fsys, str("a.txt"))), str("old"))
	abort(t, fsys)
}

func TestFileSystemMissingFileAndEscapesPanic(t *testing.T) {
	dir := t.TempDir()
	fsys := resources.NewFileSystem(dir)
	defer fsys.Close()
	r := panicValue(func() { _, _ = index(t, fsys, str("missing.txt")).ReadValue(zero) })
	err, ok := r.(error)
	require.True(t, ok, "panics with an error, got %v", r)
	assert.ErrorIs(t, err, tla.ErrTLAType)

	for _, bad := range []string{"../escape.txt", "/etc/passwd", "", "a/../../b"} {
		r := panicValue(func() { _, _ = fsys.Index(zero, str(bad)) })
		err, ok := r.(error)
		require.True(t, ok, "%q: panics with an error, got %v", bad, r)
		assert.ErrorIs(t, err, tla.ErrTLAType, bad)
	}
	// A symbolic link out of the directory is refused too.
	outside := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(outside, "secret"), []byte("s"), 0o644))
	require.NoError(t, os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "link")))
	r = panicValue(func() { _, _ = index(t, fsys, str("link")).ReadValue(zero) })
	require.NotNil(t, r, "reading through an escaping symlink panics")
	abort(t, fsys)

	r = panicValue(func() { resources.NewFileSystem(filepath.Join(dir, "nope")) })
	err, ok = r.(error)
	require.True(t, ok)
	assert.True(t, errors.Is(err, os.ErrNotExist))
}
