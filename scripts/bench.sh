#!/usr/bin/env bash
# The benchmark (not a test): builds the release WASM and server, then runs
# server/benches/live_board.rs, which seeds 10,000 fictional people, starts `dsr serve`
# processes and prints feed latency, memory, board render time and WASM size.
# Extra arguments go to the benchmark, e.g. `scripts/bench.sh --clients 500`.
# The two-instance run uses PostgreSQL at DSR_TEST_POSTGRES (default: the local server).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

if [ -z "${DSR_TEST_POSTGRES:-}" ] && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  export DSR_TEST_POSTGRES="postgres://postgres@127.0.0.1:5432/postgres"
fi
# Each of the 1,000 clients holds a socket at both ends.
ulimit -n 8192 2>/dev/null || true

cargo leptos build --release --split
cargo bench -p server --bench live_board --locked -- "$@"
