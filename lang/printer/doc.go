// Package printer renders lang/ast trees back to TLA+, PlusCal and Modular PlusCal text that re-parses to the same tree.
package printer
