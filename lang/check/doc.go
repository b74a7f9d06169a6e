// Package check performs the static semantic checks of Modular PlusCal and PlusCal (scoping, labels, assignments, ref kinds, mappings) and reports positioned diagnostics.
package check
