// Package gogen compiles Modular PlusCal archetypes, procedures and operator definitions into one Go source file that runs on distsys.
package gogen
