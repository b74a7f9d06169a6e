// Package tla implements immutable TLA+ values and the TLA+ standard-module operators used by generated code and by the model checker. It keeps the API of PGo's distsys/tla so PGo code ports by changing the import path.
package tla
