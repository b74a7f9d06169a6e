#!/usr/bin/env bash
# Regenerates everything derived from specs/: the PlusCal and TLA+ translations inside each spec
# (mpgo pcalgen, in place) and, for each spec with archetypes, its Go package gen/<name>/<name>.go
# (mpgo gogen). Mutant specs under specs/mutants/ get translations only; examples/ likewise.
# make test runs scripts/gencheck.sh, which fails if this script would change anything.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bin
go build -o bin/mpgo ./cmd/mpgo
shopt -s nullglob
for spec in specs/*.tla specs/mutants/*.tla examples/*/*.tla; do
  ./bin/mpgo pcalgen "$spec"
done
for spec in specs/*.tla; do
  grep -q -- '--mpcal' "$spec" || continue
  name=$(basename "$spec" .tla | tr '[:upper:]' '[:lower:]')
  mkdir -p "gen/$name"
  ./bin/mpgo gogen -o "gen/$name/$name.go" -p "$name" "$spec"
done
# Examples: examples/<dir>/<Spec>.tla compiles to the package examples/<dir>/<dir>/.
for spec in examples/*/*.tla; do
  dir=$(dirname "$spec")
  name=$(basename "$dir")
  mkdir -p "$dir/$name"
  ./bin/mpgo gogen -o "$dir/$name/$name.go" -p "$name" "$spec"
done
