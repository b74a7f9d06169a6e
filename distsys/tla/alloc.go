package tla

// Small composites are allocated together with their element storage: one
// struct type per inline size, so a tuple, set or function of up to 8 (16
// slots for functions: keys and values) elements is a single allocation of
// the right size class instead of two. The impl is the first field, so the
// Value points at the start of the object and keeps all of it alive.

type tuple1 struct {
	x tupleImpl
	a [1]Value
}

type tuple2 struct {
	x tupleImpl
	a [2]Value
}

type tuple3 struct {
	x tupleImpl
	a [3]Value
}

type tuple4 struct {
	x tupleImpl
	a [4]Value
}

type tuple5 struct {
	x tupleImpl
	a [5]Value
}

type tuple6 struct {
	x tupleImpl
	a [6]Value
}

type tuple7 struct {
	x tupleImpl
	a [7]Value
}

type tuple8 struct {
	x tupleImpl
	a [8]Value
}

type set1 struct {
	x setImpl
	a [1]Value
}

type set2 struct {
	x setImpl
	a [2]Value
}

type set3 struct {
	x setImpl
	a [3]Value
}

type set4 struct {
	x setImpl
	a [4]Value
}

type set5 struct {
	x setImpl
	a [5]Value
}

type set6 struct {
	x setImpl
	a [6]Value
}

type set7 struct {
	x setImpl
	a [7]Value
}

type set8 struct {
	x setImpl
	a [8]Value
}

type func1 struct {
	x funcImpl
	a [1]Value
}

type func2 struct {
	x funcImpl
	a [2]Value
}

type func3 struct {
	x funcImpl
	a [3]Value
}

type func4 struct {
	x funcImpl
	a [4]Value
}

type func5 struct {
	x funcImpl
	a [5]Value
}

type func6 struct {
	x funcImpl
	a [6]Value
}

type func7 struct {
	x funcImpl
	a [7]Value
}

type func8 struct {
	x funcImpl
	a [8]Value
}

type func9 struct {
	x funcImpl
	a [9]Value
}

type func10 struct {
	x funcImpl
	a [10]Value
}

type func11 struct {
	x funcImpl
	a [11]Value
}

type func12 struct {
	x funcImpl
	a [12]Value
}

type func13 struct {
	x funcImpl
	a [13]Value
}

type func14 struct {
	x funcImpl
	a [14]Value
}

type func15 struct {
	x funcImpl
	a [15]Value
}

type func16 struct {
	x funcImpl
	a [16]Value
}

// allocTuple returns a tuple object with inline storage for m elements.
func allocTuple(m int) (*tupleImpl, []Value) {
	var x *tupleImpl
	var buf []Value
	switch m {
	case 1:
		p := &tuple1{}
		x, buf = &p.x, p.a[:]
	case 2:
		p := &tuple2{}
		x, buf = &p.x, p.a[:]
	case 3:
		p := &tuple3{}
		x, buf = &p.x, p.a[:]
	case 4:
		p := &tuple4{}
		x, buf = &p.x, p.a[:]
	case 5:
		p := &tuple5{}
		x, buf = &p.x, p.a[:]
	case 6:
		p := &tuple6{}
		x, buf = &p.x, p.a[:]
	case 7:
		p := &tuple7{}
		x, buf = &p.x, p.a[:]
	case 8:
		p := &tuple8{}
		x, buf = &p.x, p.a[:]
	default:
		x, buf = &tupleImpl{}, make([]Value, m)
	}
	return x, buf
}

// allocSet returns a set object with inline storage for m members.
func allocSet(m int) (*setImpl, []Value) {
	var x *setImpl
	var buf []Value
	switch m {
	case 1:
		p := &set1{}
		x, buf = &p.x, p.a[:]
	case 2:
		p := &set2{}
		x, buf = &p.x, p.a[:]
	case 3:
		p := &set3{}
		x, buf = &p.x, p.a[:]
	case 4:
		p := &set4{}
		x, buf = &p.x, p.a[:]
	case 5:
		p := &set5{}
		x, buf = &p.x, p.a[:]
	case 6:
		p := &set6{}
		x, buf = &p.x, p.a[:]
	case 7:
		p := &set7{}
		x, buf = &p.x, p.a[:]
	case 8:
		p := &set8{}
		x, buf = &p.x, p.a[:]
	default:
		x, buf = &setImpl{}, make([]Value, m)
	}
	return x, buf
}

// allocFunc returns a function object with inline storage for m values.
func allocFunc(m int) (*funcImpl, []Value) {
	var x *funcImpl
	var buf []Value
	switch m {
	case 1:
		p := &func1{}
		x, buf = &p.x, p.a[:]
	case 2:
		p := &func2{}
		x, buf = &p.x, p.a[:]
	case 3:
		p := &func3{}
		x, buf = &p.x, p.a[:]
	case 4:
		p := &func4{}
		x, buf = &p.x, p.a[:]
	case 5:
		p := &func5{}
		x, buf = &p.x, p.a[:]
	case 6:
		p := &func6{}
		x, buf = &p.x, p.a[:]
	case 7:
		p := &func7{}
		x, buf = &p.x, p.a[:]
	case 8:
		p := &func8{}
		x, buf = &p.x, p.a[:]
	case 9:
		p := &func9{}
		x, buf = &p.x, p.a[:]
	case 10:
		p := &func10{}
		x, buf = &p.x, p.a[:]
	case 11:
		p := &func11{}
		x, buf = &p.x, p.a[:]
	case 12:
		p := &func12{}
		x, buf = &p.x, p.a[:]
	case 13:
		p := &func13{}
		x, buf = &p.x, p.a[:]
	case 14:
		p := &func14{}
		x, buf = &p.x, p.a[:]
	case 15:
		p := &func15{}
		x, buf = &p.x, p.a[:]
	case 16:
		p := &func16{}
		x, buf = &p.x, p.a[:]
	default:
		x, buf = &funcImpl{}, make([]Value, m)
	}
	return x, buf
}

// newTuple returns a tuple with n zero elements for the caller to fill.
func newTuple(n int) *tupleImpl {
	t, buf := allocTuple(n)
	t.elems = buf
	return t
}

// newSet returns a set with n zero members for the caller to fill (sorted).
func newSet(n int) *setImpl {
	s, buf := allocSet(n)
	s.elems = buf
	return s
}

// newFunc returns a function with n zero values, and n zero keys when
// withKeys is set (otherwise the caller shares an existing key slice).
func newFunc(n int, withKeys bool) *funcImpl {
	if !withKeys {
		f, buf := allocFunc(n)
		f.vals = buf
		return f
	}
	f, buf := allocFunc(2 * n)
	f.keys, f.vals = buf[:n:n], buf[n:]
	return f
}

// tupleOf copies elems into a new tuple value.
func tupleOf(elems []Value) Value {
	if len(elems) == 0 {
		return Value{emptyTuple}
	}
	t := newTuple(len(elems))
	copy(t.elems, elems)
	return Value{t}
}

// setOfSorted copies sorted, unique elems into a new set value.
func setOfSorted(elems []Value) Value {
	if len(elems) == 0 {
		return Value{emptySet}
	}
	s := newSet(len(elems))
	copy(s.elems, elems)
	return Value{s}
}
