// Package hashmap is a mutable hash map keyed by tla.Value, for code that must not use a Go map or == on values.
package hashmap
