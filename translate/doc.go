// Package translate turns a PlusCal algorithm into its TLA+ translation, following the scheme of the standard PlusCal translator.
package translate
