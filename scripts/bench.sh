#!/usr/bin/env bash
# The benchmark (not a test): builds the release WASM and server, then runs
# server/benches/live_board.rs, which seeds 10,000 fictional people, starts `dsr serve`
# processes and prints feed latency, memory, board render time and WASM size, and then
# end2end/bench/first-visit.mjs, which opens the public pages in Debian's Chromium on
# throttled network and processor and prints what a family's first visit costs.
# Extra arguments go to the live board benchmark, e.g. `scripts/bench.sh --clients 500`;
# `scripts/bench.sh first-visit [--runs N]` runs only the first visit;
# `scripts/bench.sh figures [--people N --entries N]` runs only the figures benchmark
# (server/benches/figures.rs: every table of figures at 10,000 people and 1,000,000
# change-log entries, on SQLite and PostgreSQL);
# `scripts/bench.sh fuzz` runs only the request fuzzer (server/tests/hostile_input.rs) with a
# long budget: DSR_FUZZ_REQUESTS requests per backend (default 100,000), DSR_FUZZ_SEED to
# repeat a run.
# `scripts/bench.sh soak [--minutes N --clients N --rate N --only sqlite|postgres]` runs only
# the soak (server/benches/soak.rs: 1,000 live board clients and 50 rating changes a second
# for 10 minutes, one instance on SQLite, then two on PostgreSQL); `scripts/bench.sh
# throughput [--seconds N]` runs only the write throughput (rating changes a second over HTTP
# with one writer and with eight, 20 s each, on each backend).
# The two-instance run uses PostgreSQL at DSR_TEST_POSTGRES (default: the local server).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

if [ "${1:-}" = figures ]; then
  shift
  if [ -z "${DSR_TEST_POSTGRES:-}" ] && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    export DSR_TEST_POSTGRES="postgres://postgres@127.0.0.1:5432/postgres"
  fi
  exec cargo bench -p server --bench figures --locked -- "$@"
fi

if [ "${1:-}" = fuzz ]; then
  shift
  if [ -z "${DSR_TEST_POSTGRES:-}" ] && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    export DSR_TEST_POSTGRES="postgres://postgres@127.0.0.1:5432/postgres"
  fi
  export DSR_FUZZ_REQUESTS="${DSR_FUZZ_REQUESTS:-100000}"
  exec cargo test -p server --release --locked --test server -- hostile_input:: --nocapture --test-threads=1 "$@"
fi

if [ "${1:-}" = soak ] || [ "${1:-}" = throughput ]; then
  if [ "$1" = throughput ]; then set -- --throughput "${@:2}"; else shift; fi
  if [ -z "${DSR_TEST_POSTGRES:-}" ] && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    export DSR_TEST_POSTGRES="postgres://postgres@127.0.0.1:5432/postgres"
  fi
  ulimit -n 8192 2>/dev/null || true
  exec cargo bench -p server --bench soak --locked -- "$@"
fi

first_visit_only=
if [ "${1:-}" = first-visit ]; then
  first_visit_only=1
  shift
fi

# Static files compressed once with brotli at its best (served in place of the file by
# the server's static file handler), as a deployment should build them.
cargo leptos build --release --split --precompress

if [ -z "$first_visit_only" ]; then
  if [ -z "${DSR_TEST_POSTGRES:-}" ] && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    export DSR_TEST_POSTGRES="postgres://postgres@127.0.0.1:5432/postgres"
  fi
  # Each of the 1,000 clients holds a socket at both ends.
  ulimit -n 8192 2>/dev/null || true
  cargo bench -p server --bench live_board --locked -- "$@"
  set --
fi
node end2end/bench/first-visit.mjs "$@"
