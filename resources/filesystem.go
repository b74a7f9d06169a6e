package resources

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"sync"

	"github.com/mpgo/mpgo/distsys"
	"github.com/mpgo/mpgo/distsys/tla"
)

// FileSystem is fs[path]: the files under a working directory, each a
// string-valued resource (runtime.md §5.10).
//
// Keys are relative paths (strings, slash-separated) inside the directory;
// a key that is not local (absolute, empty, or climbing out with "..")
// panics with a tla.ErrTLAType error, as does reading a file that does not
// exist (the key is outside the function's domain; as in PGo). Files are
// accessed through an os.Root, so a symbolic link leading out of the
// directory fails like an I/O error (a panic). A file is read once
// and cached (the process is assumed to own the directory). Writes are
// buffered until Commit, which replaces the file atomically: the contents go
// to a temporary file in the same directory, which is synced, renamed over
// the file (mode 0644) and followed by a sync of the directory, so after a
// crash the file holds either the old or the new contents, and after Commit
// returns the new contents are durable. Abort writes nothing. An I/O error at
// Commit panics (the contract has no way to report it; PGo panics too).
//
// Refinement. fs refines a plain variable holding a function from file
// names to strings,
//
//	mapping macro FS { read { yield $variable; } write { yield $value; } }   \* applied to fs[path]
//
// under the assumption that no other process modifies the directory; the
// commit of a section writing several files is atomic per file, not across
// files, so a crash during Commit can leave some of its files replaced and
// others not.
type FileSystem struct {
	*IncMap
	root      *os.Root
	closeOnce sync.Once
}

// NewFileSystem returns the files under workingDirectory, which must exist
// (otherwise it panics: a start-up configuration error).
func NewFileSystem(workingDirectory string) *FileSystem {
	root, err := os.OpenRoot(workingDirectory)
	if err != nil {
		panic(fmt.Errorf("file system: %w", err))
	}
	fsys := &FileSystem{root: root}
	fsys.IncMap = NewIncMap(func(index tla.Value) distsys.ArchetypeResource {
		if !index.IsString() {
			panic(fmt.Errorf("%w: file system: key %v is not a string", tla.ErrTLAType, index))
		}
		name := index.AsString()
		if !filepath.IsLocal(filepath.FromSlash(name)) {
			panic(fmt.Errorf("%w: file system: path %q is not inside the working directory", tla.ErrTLAType, name))
		}
		return &fileResource{root: root, name: path.Clean(name)}
	})
	return fsys
}

// Close closes the directory handle. It is idempotent.
func (fsys *FileSystem) Close() error {
	err := fsys.IncMap.Close()
	fsys.closeOnce.Do(func() { err = errors.Join(err, fsys.root.Close()) })
	return err
}

// fileResource is one file: its committed contents (cached once read) and
// the current attempt's write.
type fileResource struct {
	distsys.ArchetypeResourceLeafMixin
	root *os.Root
	name string

	cached    bool
	committed tla.Value
	written   bool
	value     tla.Value
}

var _ distsys.ArchetypeResource = (*fileResource)(nil)

func (f *fileResource) ReadValue(distsys.ArchetypeInterface) (tla.Value, error) {
	if f.written {
		return f.value, nil
	}
	if !f.cached {
		data, err := f.root.ReadFile(filepath.FromSlash(f.name))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			panic(fmt.Errorf("%w: file system: %s does not exist", tla.ErrTLAType, f.name))
		case err != nil:
			panic(fmt.Errorf("file system: reading %s: %w", f.name, err))
		}
		f.committed, f.cached = tla.MakeString(string(data)), true
	}
	return f.committed, nil
}

// WriteValue buffers the new contents, which must be a string.
func (f *fileResource) WriteValue(_ distsys.ArchetypeInterface, value tla.Value) error {
	value = value.StripVClock()
	if !value.IsString() {
		panic(fmt.Errorf("%w: file system: writing %v to %s: contents must be a string", tla.ErrTLAType, value, f.name))
	}
	f.value, f.written = value, true
	return nil
}

func (f *fileResource) PreCommit(distsys.ArchetypeInterface) chan error { return nil }

// Commit replaces the file atomically and durably (on the Run goroutine, so
// that a panic on an I/O error reaches the context's caller).
func (f *fileResource) Commit(distsys.ArchetypeInterface) chan struct{} {
	if !f.written {
		return nil
	}
	if err := f.replace([]byte(f.value.AsString())); err != nil {
		panic(fmt.Errorf("file system: committing %s: %w", f.name, err))
	}
	f.committed, f.cached = f.value, true
	f.written, f.value = false, tla.Value{}
	return nil
}

// Abort drops the buffered write; nothing was written.
func (f *fileResource) Abort(distsys.ArchetypeInterface) chan struct{} {
	f.written, f.value = false, tla.Value{}
	return nil
}

func (f *fileResource) Close() error { return nil }

// replace writes data to a temporary file next to the target, syncs it,
// renames it over the target and syncs the directory.
func (f *fileResource) replace(data []byte) (err error) {
	name := filepath.FromSlash(f.name)
	dir := filepath.Dir(name)
	if err := f.root.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(dir, fmt.Sprintf(".%s.tmp-%016x", filepath.Base(name), rand.Uint64()))
	file, err := f.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = file.Close()
			_ = f.root.Remove(tmp)
		}
	}()
	if err = file.Chmod(0o644); err != nil { // the umask may have cleared bits
		return err
	}
	if _, err = file.Write(data); err != nil {
		return err
	}
	if err = file.Sync(); err != nil {
		return err
	}
	if err = file.Close(); err != nil {
		return err
	}
	if err = f.root.Rename(tmp, name); err != nil {
		return err
	}
	// The rename is durable once the directory is synced.
	d, err := f.root.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
