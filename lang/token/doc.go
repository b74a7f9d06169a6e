// Package token defines source positions and the lexical tokens of TLA+, PlusCal and Modular PlusCal.
package token
