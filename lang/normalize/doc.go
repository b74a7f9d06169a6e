// Package normalize holds the rewrites shared by gogen and pcalgen: macro expansion, label flattening and parallel-assignment desugaring.
package normalize
