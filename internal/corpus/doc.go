// Package corpus locates the shared golden test corpus (../shared/testdata) and reads the expected results recorded from the real TLA+ tools.
package corpus
