#!/usr/bin/env bash
# Benchmarks raftkv (cmd/raftkv/README.md, "Performance"): a 3-server cluster of
# `raftkv server` processes on loopback with persistence on (fsync per group commit),
# YCSB workloads A, B and C at 1, 8, 32 and 128 closed-loop clients, then failover times
# (SIGKILL of the leader to the first acknowledged write).
#
# Environment: DURATION (per run, default 10s), WARMUP (2s), CLIENTS ("1 8 32 128"),
# WORKLOADS ("a b c"), FAILOVER_RUNS (5), OUT (directory for the JSON results, default a
# temporary directory).
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
CLIENTS=${CLIENTS:-"1 8 32 128"}
WORKLOADS=${WORKLOADS:-"a b c"}
FAILOVER_RUNS=${FAILOVER_RUNS:-5}

mkdir -p bin
"$GO" build -o bin/raftkv ./cmd/raftkv
dir=$(mktemp -d /tmp/raftkv-bench-XXXXXX)
out=${OUT:-$dir/results}
mkdir -p "$out"
cfg=$(bin/raftkv local -n 3 -dir "$dir" -config-only)

pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$dir/data"
}
trap cleanup EXIT
for id in 1 2 3; do
	bin/raftkv server -id "$id" -config "$cfg" -log-level warn 2>"$dir/server-$id.log" &
	pids+=($!)
done
for _ in $(seq 100); do
	if bin/raftkv status -config "$cfg" | grep -Eq '^[0-9]+ +leader '; then break; fi
	sleep 0.1
done
bin/raftkv status -config "$cfg"

load=""
for w in $WORKLOADS; do
	for c in $CLIENTS; do
		echo "== workload $w, $c clients"
		# The first run loads the 1000 records; the others reuse them.
		bin/raftkv bench -config "$cfg" -workload "$w" -clients "$c" -duration "$DURATION" \
			-warmup "$WARMUP" -label raftkv/3 $load -json "$out/$w-$c.json" | tail -n 1
		load="-skip-load"
	done
done
echo
echo "== results (JSON in $out)"
bin/raftkv report "$out"/*.json
echo
echo "== failover ($FAILOVER_RUNS runs on a fresh cluster)"
bin/raftkv failover -runs "$FAILOVER_RUNS"
