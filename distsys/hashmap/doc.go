// Package hashmap is a mutable hash map keyed by tla.Value, for code that must
// not use a Go map or == on values (runtime.md §2.3, §6).
//
// Keys are bucketed by tla.Value.Hash and compared with tla.Value.Equal, so
// equal values (a tuple and the function 1..n with the same graph, sets built
// in different orders) are one key. Keys iterate in insertion order. A
// HashMap is not safe for concurrent use; there is no Delete.
package hashmap
