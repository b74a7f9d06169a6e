// Package printer renders lang/ast trees back to TLA+, PlusCal and Modular PlusCal text that
// re-parses to the same tree (ast.Equal).
//
// Module, Algorithm and Expr print in Source style: grouping comes from the tree's
// ParenExpr nodes and junction lists are laid out with aligned bullets. Algorithms are
// printed in the syntax they were written in (C or P). ExprParen and
// Config{Style: FullyParenthesized} give the fully parenthesised form of mpcal.md §6.8 that
// pcalgen emits.
package printer
