// Package modelcheck is an explicit-state, breadth-first model checker for TLA+ specifications that reads TLC configuration files and reports in TLC's words.
package modelcheck
