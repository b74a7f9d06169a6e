package token

import (
	"fmt"
	"sort"
	"sync"
)

// Pos is a compact source position: the base of the file it belongs to (in its FileSet) plus a
// byte offset. The zero value NoPos means "no position".
type Pos int

// NoPos is the zero Pos: no position.
const NoPos Pos = 0

// IsValid reports whether p is a real position.
func (p Pos) IsValid() bool { return p != NoPos }

// Position is a resolved Pos.
type Position struct {
	Filename string
	Offset   int // byte offset, from 0
	Line     int // from 1
	Column   int // byte column, from 1
}

// IsValid reports whether the position is known.
func (p Position) IsValid() bool { return p.Line > 0 }

// String renders "file:line:col", "line:col", "file" or "-".
func (p Position) String() string {
	s := p.Filename
	if p.IsValid() {
		if s != "" {
			s += ":"
		}
		s += fmt.Sprintf("%d:%d", p.Line, p.Column)
	}
	if s == "" {
		s = "-"
	}
	return s
}

// File is one source file of a FileSet.
type File struct {
	name  string
	base  int
	size  int
	mu    sync.Mutex
	lines []int // offsets of line starts; lines[0] == 0
}

// Name returns the file name given to AddFile.
func (f *File) Name() string { return f.name }

// Base returns the Pos of offset 0.
func (f *File) Base() int { return f.base }

// Size returns the file size in bytes.
func (f *File) Size() int { return f.size }

// LineCount returns the number of lines.
func (f *File) LineCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.lines)
}

// SetLinesForContent computes the line table from the file's content.
func (f *File) SetLinesForContent(src []byte) {
	lines := []int{0}
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			lines = append(lines, i+1)
		}
	}
	f.mu.Lock()
	f.lines = lines
	f.mu.Unlock()
}

// LineStart returns the offset of the first byte of line (1-based), or -1.
func (f *File) LineStart(line int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if line < 1 || line > len(f.lines) {
		return -1
	}
	return f.lines[line-1]
}

// Pos returns the Pos of a byte offset (clamped to the file).
func (f *File) Pos(offset int) Pos {
	if offset < 0 {
		offset = 0
	}
	if offset > f.size {
		offset = f.size
	}
	return Pos(f.base + offset)
}

// Offset returns the byte offset of p, which must belong to f.
func (f *File) Offset(p Pos) int {
	o := int(p) - f.base
	if o < 0 {
		return 0
	}
	if o > f.size {
		return f.size
	}
	return o
}

// Line returns the line number of p.
func (f *File) Line(p Pos) int { return f.Position(p).Line }

// Position resolves p, which must belong to f.
func (f *File) Position(p Pos) Position {
	if !p.IsValid() {
		return Position{}
	}
	off := f.Offset(p)
	f.mu.Lock()
	i := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	start := 0
	if i >= 0 {
		start = f.lines[i]
	}
	f.mu.Unlock()
	return Position{Filename: f.name, Offset: off, Line: i + 1, Column: off - start + 1}
}

// FileSet holds files; every file covers a disjoint range of Pos values.
type FileSet struct {
	mu    sync.RWMutex
	base  int
	files []*File
}

// NewFileSet returns an empty file set.
func NewFileSet() *FileSet { return &FileSet{base: 1} }

// Base returns the base the next added file gets.
func (s *FileSet) Base() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.base
}

// AddFile adds a file of the given size; base < 0 means "use Base()".
func (s *FileSet) AddFile(filename string, base, size int) *File {
	s.mu.Lock()
	defer s.mu.Unlock()
	if base < s.base {
		base = s.base
	}
	f := &File{name: filename, base: base, size: size, lines: []int{0}}
	s.base = base + size + 1 // +1: a Pos at EOF stays inside the file
	s.files = append(s.files, f)
	return f
}

// File returns the file that contains p, or nil.
func (s *FileSet) File(p Pos) *File {
	if !p.IsValid() {
		return nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	i := sort.Search(len(s.files), func(i int) bool { return s.files[i].base > int(p) }) - 1
	if i < 0 {
		return nil
	}
	f := s.files[i]
	if int(p) > f.base+f.size {
		return nil
	}
	return f
}

// Position resolves p; the zero Position if p is unknown.
func (s *FileSet) Position(p Pos) Position {
	if f := s.File(p); f != nil {
		return f.Position(p)
	}
	return Position{}
}

// Offset returns the byte offset of p within its file, or -1.
func (s *FileSet) Offset(p Pos) int {
	if f := s.File(p); f != nil {
		return f.Offset(p)
	}
	return -1
}
