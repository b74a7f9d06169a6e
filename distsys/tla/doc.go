// Package tla implements immutable TLA+ values and the TLA+ standard-module operators used by generated code and by the model checker. It keeps the API of PGo's distsys/tla so PGo code ports by changing the import path.
//
// Representation. A Value holds one interface to an immutable object. Numbers
// are int32 (those in [-1024, 32768) are preallocated, so arithmetic on them
// does not allocate); strings and TLC model values cache their fingerprint; a
// set is a slice of members sorted in the canonical order, so union,
// intersection, difference, inclusion and equality are merges; a function is
// a sorted key slice plus a value slice (records are functions with string
// keys); every function with domain 1..n, <<>> included, is stored as a
// tuple, so tuples and such functions are one value. Small tuples, sets and
// functions share one allocation with their element storage. The
// immutable.Map/List views (AsSet, AsFunction, AsTuple) are built on demand
// and cached.
//
// Lazy sets. a..b, [S -> T], [a: S, b: T], SUBSET S, Seq(S), Nat, Int and
// STRING answer membership and cardinality without enumerating; a finite one
// is enumerated (once, cached) only when an operation needs its members, and
// is then indistinguishable from the enumerated set. Enumerating an infinite
// set panics.
//
// Order, fingerprints and encoding follow one canonical total order
// (Compare), so equal values iterate, print, fingerprint and encode
// identically. Fingerprints and hashes of composite values are cached in the
// value. Every type or domain error panics with an error wrapping ErrTLAType.
//
// mpgo additions beyond PGo's API: Compare, Fingerprint, SortedElements,
// SortedKeys, TLCString, LookupFunction, MakeModelValue, IsModelValue,
// AsModelValue, MarshalBinary, UnmarshalBinary, AppendBinary,
// ErrInvalidEncoding, ModuleNat, ModuleInt, ModuleSTRING, SelectSeq, SortSeq,
// ModulePermutations, the Bags operators and BagOfAll.
package tla
