// Package ast declares the syntax trees of TLA+ modules, PlusCal algorithms and Modular PlusCal blocks. Every node carries its source position.
package ast
