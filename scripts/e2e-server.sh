#!/usr/bin/env bash
# Starts the release server for the browser tests on a fresh SQLite register of 40
# fictional people (small enough that every card shows on the board).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# E2E_DIR (set by test.sh) keeps the register and the server's JSON log for
# scripts/scan-log.sh to read after the suite.
db_dir=${E2E_DIR:-$(mktemp -d)}
export DATABASE_URL="sqlite:$db_dir/dsr.db"
export LEPTOS_SITE_ADDR="127.0.0.1:${E2E_PORT:-3100}"
export LEPTOS_SITE_ROOT=target/site
# Every browser is on this machine: trusting 127.0.0.1 as a proxy lets a test say, with
# X-Forwarded-For, that a browser is on another computer (an admin cannot approve a
# request sent from their own).
export DSR_TRUSTED_PROXIES=127.0.0.1
bin="${CARGO_TARGET_DIR:-target}/release/dsr"
"$bin" seed-demo --people 40 --seed 7
export DSR_LOG_FORMAT=json
exec "$bin" serve 2>>"$db_dir/dsr.log"
