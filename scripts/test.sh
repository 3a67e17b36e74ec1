#!/usr/bin/env bash
# The README's test command: installs what is missing (including Debian's Chromium), then
# runs every check: formatting, lints for the server and the WASM client, unit and
# database tests on SQLite and PostgreSQL, the release build, and the browser tests
# (with the Nu HTML Checker on the server's pages), then checks that server's log holds
# none of the register's names, NHS numbers or emails.
#
# PostgreSQL tests use DSR_TEST_POSTGRES (an admin URL); by default the local server at
# 127.0.0.1:5432 when it answers. With DSR_REQUIRE_POSTGRES=1 (as in CI) they fail
# rather than skip when PostgreSQL is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && apt-get install -y -qq chromium
fi
# The Nu HTML Checker (npm's vnu-jar), run by end2end/tests/html.spec.ts, needs Java 11+.
if ! command -v java >/dev/null; then
  apt-get update -qq && apt-get install -y -qq default-jre-headless
fi
# scripts/scan-log.sh reads the browser tests' register with the SQLite shell.
if ! command -v sqlite3 >/dev/null; then
  apt-get update -qq && apt-get install -y -qq sqlite3
fi

if [ -z "${DSR_TEST_POSTGRES:-}" ] && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  export DSR_TEST_POSTGRES="postgres://postgres@127.0.0.1:5432/postgres"
fi
if [ "${DSR_REQUIRE_POSTGRES:-}" = 1 ] && [ -z "${DSR_TEST_POSTGRES:-}" ]; then
  echo "DSR_REQUIRE_POSTGRES=1 but no PostgreSQL: set DSR_TEST_POSTGRES" >&2
  exit 1
fi

echo "== format and lints"
cargo fmt --all --check
cargo clippy -p server --all-targets --locked -- -D warnings
cargo clippy -p app --features ssr,scratch-db --all-targets --locked -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown --locked -- -D warnings

echo "== unit and database tests (SQLite${DSR_TEST_POSTGRES:+ and PostgreSQL})"
cargo test -p app --features ssr,scratch-db --locked
cargo test -p server --locked

echo "== release build and browser tests"
# wasm-opt runs once per split file (about 700), so the tests' build optimises them
# lightly: the same code, larger files, minutes sooner. Size is the benchmark's business
# (scripts/bench.sh and scripts/run.sh build with the project's -Oz --converge).
LEPTOS_WASM_OPT_FEATURES="-O1,--enable-bulk-memory,--enable-nontrapping-float-to-int" \
  cargo leptos build --release --split
E2E_DIR=$(mktemp -d)
export E2E_DIR
(cd end2end && npx playwright test)
echo "== no personal data in the browser tests' server log"
bash scripts/scan-log.sh "$E2E_DIR/dsr.log" "$E2E_DIR/dsr.db"
