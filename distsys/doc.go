// Package distsys is the runtime engine that MPCal-generated Go code runs on: contexts, critical sections, the two-phase resource commit protocol, procedures and fairness.
package distsys
