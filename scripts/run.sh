#!/usr/bin/env bash
# The README's run command: installs what is missing, builds the release portal and
# serves it on SQLite (data/dsr.db), filling an empty register with fictional demo people.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
cargo leptos build --release --split --precompress
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
echo "Serving on http://$LEPTOS_SITE_ADDR/register"
exec "$CARGO_TARGET_DIR/release/dsr" serve --demo "$@"
