// Command pbkvs runs the pbkvs replicated key-value store compiled from specs/pbkvs.tla.
//
// The system is not built yet; see the open issues.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "pbkvs: not built yet (see the project's open issues)")
	os.Exit(2)
}
