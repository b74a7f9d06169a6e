package tla

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// Binary format (runtime.md §2.6): a version byte, then one value:
//
//	value   = tagZero | tagFalse | tagTrue
//	        | tagNumber varint(zig-zag)            minimal length, fits int32
//	        | tagString uvarint(len) bytes
//	        | tagModel  uvarint(len) bytes         a model value's name
//	        | tagTuple  uvarint(n) value*n         every function with domain 1..n
//	        | tagSet    uvarint(n) value*n         members strictly ascending
//	        | tagFunc   uvarint(n) (key value)*n   n ≥ 1, keys strictly ascending, domain not 1..n
//	        | tagCausal clock value                only at the top level
//	clock   = uvarint(n) (uvarint(len) name value uvarint(count ≥ 1))*n   keys <<name, self>> ascending
//
// The encoding is canonical: equal values encode to identical bytes, and the
// decoder accepts only canonical input (so decode then encode reproduces the
// input exactly). Infinite sets cannot be encoded (ErrTLAType panic).
const (
	encodingVersion = 1

	tagZero   = 0
	tagFalse  = 1
	tagTrue   = 2
	tagNumber = 3
	tagString = 4
	tagModel  = 5
	tagTuple  = 6
	tagSet    = 7
	tagFunc   = 8
	tagCausal = 9

	// maxDecodeDepth bounds the nesting the decoder accepts.
	maxDecodeDepth = 256
)

// ErrInvalidEncoding is wrapped by every decoding error (mpgo addition).
var ErrInvalidEncoding = errors.New("invalid TLA+ value encoding")

// GobEncode implements gob.GobEncoder with the binary format. DECISION: a
// value receiver (PGo: pointer), so gob works on structs holding a Value.
func (v Value) GobEncode() ([]byte, error) { return v.AppendBinary(nil) }

// GobDecode implements gob.GobDecoder.
func (v *Value) GobDecode(input []byte) error { return v.UnmarshalBinary(input) }

// MarshalBinary returns the canonical binary encoding (mpgo addition).
func (v Value) MarshalBinary() ([]byte, error) { return v.AppendBinary(nil) }

// AppendBinary appends the canonical binary encoding to b (mpgo addition,
// encoding.BinaryAppender), avoiding an allocation per value.
func (v Value) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, encodingVersion)
	if c, ok := v.data.(*causalImpl); ok {
		b = append(b, tagCausal)
		b = appendClock(b, c.clock)
		return appendValue(b, c.value.data), nil
	}
	return appendValue(b, v.data), nil
}

// UnmarshalBinary decodes the binary encoding (mpgo addition). It never
// panics; every error wraps ErrInvalidEncoding.
func (v *Value) UnmarshalBinary(input []byte) error {
	var stack [16]Value // one allocation instead of append growing from nil
	d := decoder{buf: input, stack: stack[:0]}
	if err := d.version(); err != nil {
		return err
	}
	val, err := d.value(0)
	if err != nil {
		return err
	}
	if err := d.end(); err != nil {
		return err
	}
	*v = val
	return nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendValue(b []byte, i impl) []byte {
	switch x := i.(type) {
	case nil:
		return append(b, tagZero)
	case *boolImpl:
		if x.b {
			return append(b, tagTrue)
		}
		return append(b, tagFalse)
	case *numImpl:
		return binary.AppendVarint(append(b, tagNumber), int64(x.n))
	case *strImpl:
		return appendString(append(b, tagString), x.s)
	case *modelImpl:
		return appendString(append(b, tagModel), x.name)
	case *tupleImpl:
		b = binary.AppendUvarint(append(b, tagTuple), uint64(len(x.elems)))
		for _, e := range x.elems {
			b = appendValue(b, e.data)
		}
		return b
	case *funcImpl:
		b = binary.AppendUvarint(append(b, tagFunc), uint64(len(x.keys)))
		for j, k := range x.keys {
			b = appendValue(b, k.data)
			b = appendValue(b, x.vals[j].data)
		}
		return b
	case *intervalImpl:
		b = binary.AppendUvarint(append(b, tagSet), uint64(x.card()))
		for n := int64(x.lo); n <= int64(x.hi); n++ {
			b = binary.AppendVarint(append(b, tagNumber), n)
		}
		return b
	case *causalImpl: // not reachable from a stored value; kept total
		return appendValue(b, x.value.data)
	}
	elems := setElems(i) // panics for infinite sets
	b = binary.AppendUvarint(append(b, tagSet), uint64(len(elems)))
	for _, e := range elems {
		b = appendValue(b, e.data)
	}
	return b
}

func appendClock(b []byte, clock VClock) []byte {
	entries := clock.sorted()
	b = binary.AppendUvarint(b, uint64(len(entries)))
	for _, e := range entries {
		t := e.key.data.(*tupleImpl)
		b = appendString(b, t.elems[0].data.(*strImpl).s)
		b = appendValue(b, t.elems[1].data)
		b = binary.AppendUvarint(b, uint64(e.count))
	}
	return b
}

// decoder decodes one input. Members of the composites being decoded sit on
// a scratch stack and are copied into exactly sized storage once complete,
// so allocation follows what the input actually contains (every element
// takes at least one byte), whatever counts it claims. Decoded strings are
// substrings of one copy of the input; within one input, equal function keys
// (record field names) share one value and records with the same fields
// share one key slice.
type decoder struct {
	buf   []byte
	pos   int
	all   string // string(buf), made when the first string is decoded
	stack []Value
	asKey bool // the next value is a function key
	strs  map[string]Value
	keys  [4][]Value // recently decoded key slices, round robin
	next  int
}

func (d *decoder) errorf(format string, args ...any) error {
	return fmt.Errorf("%w at byte %d: %s", ErrInvalidEncoding, d.pos, fmt.Sprintf(format, args...))
}

func (d *decoder) version() error {
	if len(d.buf) == 0 {
		return d.errorf("empty input")
	}
	if d.buf[0] != encodingVersion {
		return d.errorf("unknown version %d", d.buf[0])
	}
	d.pos = 1
	return nil
}

func (d *decoder) end() error {
	if d.pos != len(d.buf) {
		return d.errorf("%d trailing bytes", len(d.buf)-d.pos)
	}
	return nil
}

func (d *decoder) uvarint() (uint64, error) {
	x, n := binary.Uvarint(d.buf[d.pos:])
	if n <= 0 {
		return 0, d.errorf("truncated or overlong varint")
	}
	if n > 1 && d.buf[d.pos+n-1] == 0 {
		return 0, d.errorf("non-minimal varint")
	}
	d.pos += n
	return x, nil
}

// count reads an element count; each element takes at least minSize bytes,
// so a count beyond the remaining input is rejected before any allocation.
func (d *decoder) count(minSize int) (int, error) {
	n, err := d.uvarint()
	if err != nil {
		return 0, err
	}
	if n > uint64(len(d.buf)-d.pos)/uint64(minSize) {
		return 0, d.errorf("count %d exceeds the remaining input", n)
	}
	return int(n), nil
}

func (d *decoder) str() (string, error) {
	n, err := d.count(1)
	if err != nil {
		return "", err
	}
	if len(d.all) == 0 {
		d.all = string(d.buf)
	}
	s := d.all[d.pos : d.pos+n]
	d.pos += n
	return s, nil
}

func (d *decoder) stringValue(asKey bool) (Value, error) {
	if n, m := binary.Uvarint(d.buf[d.pos:]); m == 1 && n <= internMaxLen && int(n) <= len(d.buf)-d.pos-1 {
		// A short string: interned straight from the input (no copy of the input, no
		// per-input key map).
		d.pos++
		b := d.buf[d.pos : d.pos+int(n)]
		d.pos += int(n)
		return Value{internBytes(b)}, nil
	}
	s, err := d.str()
	if err != nil || !asKey {
		return MakeString(s), err
	}
	if v, ok := d.strs[s]; ok {
		return v, nil
	}
	v := MakeString(s)
	if d.strs == nil {
		d.strs = make(map[string]Value)
	}
	d.strs[s] = v
	return v, nil
}

// elements decodes n values onto the stack and returns their region, which
// the caller must release with d.stack = d.stack[:start].
func (d *decoder) elements(n, depth int) (start int, err error) {
	start = len(d.stack)
	for range n {
		v, err := d.value(depth + 1)
		if err != nil {
			return start, err
		}
		d.stack = append(d.stack, v)
	}
	return start, nil
}

// sharedKeys returns a recently decoded key slice equal to keys, if any.
func (d *decoder) sharedKeys(keys []Value, stride int) []Value {
	n := len(keys) / stride
outer:
	for _, ks := range d.keys {
		if len(ks) != n {
			continue
		}
		for i, k := range ks {
			if !equalImpl(k.data, keys[i*stride].data) {
				continue outer
			}
		}
		return ks
	}
	return nil
}

func (d *decoder) value(depth int) (Value, error) {
	if depth > maxDecodeDepth {
		return Value{}, d.errorf("nesting deeper than %d", maxDecodeDepth)
	}
	if d.pos >= len(d.buf) {
		return Value{}, d.errorf("truncated input")
	}
	tag := d.buf[d.pos]
	d.pos++
	asKey := d.asKey
	d.asKey = false
	switch tag {
	case tagZero:
		return Value{}, nil
	case tagFalse:
		return ModuleFALSE, nil
	case tagTrue:
		return ModuleTRUE, nil
	case tagNumber:
		x, n := binary.Varint(d.buf[d.pos:])
		if n <= 0 {
			return Value{}, d.errorf("truncated or overlong number")
		}
		if n > 1 && d.buf[d.pos+n-1] == 0 {
			return Value{}, d.errorf("non-minimal number")
		}
		if x < math.MinInt32 || x > math.MaxInt32 {
			return Value{}, d.errorf("number %d out of int32 range", x)
		}
		d.pos += n
		return MakeNumber(int32(x)), nil
	case tagString:
		return d.stringValue(asKey)
	case tagModel:
		s, err := d.str()
		if err != nil {
			return Value{}, err
		}
		return MakeModelValue(s), nil
	case tagTuple:
		n, err := d.count(1)
		if err != nil {
			return Value{}, err
		}
		start, err := d.elements(n, depth)
		if err != nil {
			return Value{}, err
		}
		v := tupleOf(d.stack[start:])
		d.stack = d.stack[:start]
		return v, nil
	case tagSet:
		at := d.pos
		n, err := d.count(1)
		if err != nil {
			return Value{}, err
		}
		start, err := d.elements(n, depth)
		if err != nil {
			return Value{}, err
		}
		elems := d.stack[start:]
		if !isStrictlySorted(elems) {
			d.pos = at
			return Value{}, d.errorf("set members not strictly ascending")
		}
		v := setOfSorted(elems)
		d.stack = d.stack[:start]
		return v, nil
	case tagFunc:
		at := d.pos
		n, err := d.count(2)
		if err != nil {
			return Value{}, err
		}
		start := len(d.stack)
		for i := range 2 * n {
			d.asKey = i%2 == 0
			v, err := d.value(depth + 1)
			if err != nil {
				return Value{}, err
			}
			d.stack = append(d.stack, v)
		}
		pairs := d.stack[start:]
		for i := 2; i < len(pairs); i += 2 {
			if compareImpl(pairs[i-2].data, pairs[i].data) >= 0 {
				d.pos = at
				return Value{}, d.errorf("function keys not strictly ascending")
			}
		}
		if n == 0 {
			d.pos = at
			return Value{}, d.errorf("the empty function must be encoded as a tuple")
		}
		if first, ok := pairs[0].data.(*numImpl); ok && first.n == 1 {
			if last, ok := pairs[2*n-2].data.(*numImpl); ok && int(last.n) == n {
				d.pos = at
				return Value{}, d.errorf("function with domain 1..%d must be encoded as a tuple", n)
			}
		}
		var f *funcImpl
		if ks := d.sharedKeys(pairs, 2); ks != nil {
			f = newFunc(n, false)
			f.keys = ks
		} else {
			f = newFunc(n, true)
			for i := range n {
				f.keys[i] = pairs[2*i]
			}
			d.keys[d.next] = f.keys
			d.next = (d.next + 1) % len(d.keys)
		}
		for i := range n {
			f.vals[i] = pairs[2*i+1]
		}
		d.stack = d.stack[:start]
		return Value{f}, nil
	case tagCausal:
		if depth != 0 {
			return Value{}, d.errorf("causal wrapper below the top level")
		}
		clock, err := d.clock()
		if err != nil {
			return Value{}, err
		}
		v, err := d.value(depth + 1)
		if err != nil {
			return Value{}, err
		}
		return wrapCausal(v, clock), nil
	}
	d.pos--
	return Value{}, d.errorf("unknown tag %d", tag)
}

func (d *decoder) clock() (VClock, error) {
	n, err := d.count(3)
	if err != nil {
		return VClock{}, err
	}
	var clock VClock
	var prev Value
	for i := range n {
		start := d.pos
		name, err := d.str()
		if err != nil {
			return VClock{}, err
		}
		self, err := d.value(1)
		if err != nil {
			return VClock{}, err
		}
		count, err := d.uvarint()
		if err != nil {
			return VClock{}, err
		}
		if count == 0 || count > math.MaxInt32 {
			return VClock{}, d.errorf("clock count %d out of range", count)
		}
		key := clockKey(name, self)
		if i > 0 && prev.Compare(key) >= 0 {
			d.pos = start
			return VClock{}, d.errorf("clock entries not strictly ascending")
		}
		prev = key
		m := clock.entries()
		clock = VClock{m.Set(key, int(count))}
	}
	return clock, nil
}
