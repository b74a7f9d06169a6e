// Package pcalgen compiles a Modular PlusCal block into a plain PlusCal algorithm and splices it into the spec between the PLUSCAL TRANSLATION markers.
package pcalgen
