// Package parser reads TLA+ modules and the PlusCal or Modular PlusCal algorithm inside them into lang/ast trees, reporting positioned errors.
package parser
