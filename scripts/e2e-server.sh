#!/usr/bin/env bash
# Starts the release server for the browser tests on a fresh SQLite register of 40
# fictional people (small enough that every card shows on the board).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
db_dir=$(mktemp -d)
export DATABASE_URL="sqlite:$db_dir/dsr.db"
export LEPTOS_SITE_ADDR="127.0.0.1:${E2E_PORT:-3100}"
export LEPTOS_SITE_ROOT=target/site
# Every browser is on this machine: trusting 127.0.0.1 as a proxy lets a test say, with
# X-Forwarded-For, that a browser is on another computer (an admin cannot approve a
# request sent from their own).
export DSR_TRUSTED_PROXIES=127.0.0.1
bin="${CARGO_TARGET_DIR:-target}/release/dsr"
"$bin" seed-demo --people 40 --seed 7
exec "$bin" serve
