// Command valuecmp fails when Go code compares tla.Value with == or != (including switch cases)
// or uses tla.Value as a Go map key. A Value is a handle to an immutable object, so == compares
// handles, not TLA+ values (runtime.md §2.3); compare with Value.Equal and key maps through
// distsys/hashmap instead.
//
// Usage: go run ./internal/valuecmp [packages]   (default ./...)
package main
