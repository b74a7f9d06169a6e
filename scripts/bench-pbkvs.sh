#!/usr/bin/env bash
# Benchmarks pbkvs (cmd/pbkvs/README.md, "Performance"): a 3-replica cluster of
# `pbkvs server` processes on loopback, YCSB workloads A and B at 1, 8 and 32 closed-loop
# clients (one `pbkvs bench` process per run), then one table of all runs.
#
# Environment: DURATION (per run, default 10s), WARMUP (2s), CLIENTS ("1 8 32"),
# WORKLOADS ("a b"), OUT (directory for the JSON results, default a temporary directory).
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
CLIENTS=${CLIENTS:-"1 8 32"}
WORKLOADS=${WORKLOADS:-"a b"}

mkdir -p bin
"$GO" build -o bin/pbkvs ./cmd/pbkvs
dir=$(mktemp -d /tmp/pbkvs-bench-XXXXXX)
out=${OUT:-$dir/results}
mkdir -p "$out"
cfg=$(bin/pbkvs local -n 3 -dir "$dir" -config-only)

pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT
for id in 1 2 3; do
	bin/pbkvs server -id "$id" -config "$cfg" -log-level warn 2>"$dir/replica-$id.log" &
	pids+=($!)
done
ready=no
for _ in $(seq 100); do
	if bin/pbkvs client -config "$cfg" put bench-ready yes >/dev/null 2>&1; then ready=yes; break; fi
	sleep 0.2
done
if [ "$ready" != yes ]; then
	echo "the cluster did not start; logs in $dir" >&2
	exit 1
fi
echo "cluster up ($cfg); load average: $(cut -d' ' -f1-3 /proc/loadavg)"

load=""
for w in $WORKLOADS; do
	for c in $CLIENTS; do
		echo "== workload $w, $c clients"
		# The first run loads the 1000 records; the others reuse them.
		bin/pbkvs bench -config "$cfg" -workload "$w" -clients "$c" -duration "$DURATION" \
			-warmup "$WARMUP" -label pbkvs/3 $load -json "$out/$w-$c.json" | tail -n 1
		load="-skip-load"
	done
done
echo
echo "== results (JSON in $out; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
bin/pbkvs report $(for w in $WORKLOADS; do for c in $CLIENTS; do echo "$out/$w-$c.json"; done; done)
