// Command raftkv runs the raftkv replicated key-value store compiled from specs/raftkv.tla.
//
// The system is not built yet; see the open issues.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "raftkv: not built yet (see the project's open issues)")
	os.Exit(2)
}
