#!/usr/bin/env bash
# Installs what building the portal needs, skipping whatever is already there:
# the wasm32 target, cargo-leptos 0.3.10 (no downloads), the wasm-bindgen CLI matching
# Cargo.lock, and the npm packages (NHS.UK frontend, binaryen's wasm-opt, Playwright).
# Sourced by run.sh and test.sh; sets PATH and CARGO_TARGET_DIR for them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Build outside the clone when a shared cache exists (CI and developers on one machine).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${DSR_TARGET_CACHE:-$HOME/.cache/dsr/target}}"
mkdir -p "$CARGO_TARGET_DIR"
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
if ! cargo leptos --version 2>/dev/null | grep -q '0\.3\.10'; then
  cargo install cargo-leptos --version 0.3.10 --locked --features no_downloads
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  # Not --locked: its lock file names a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/nhsuk-frontend ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # No install scripts: vnu-jar's would download a Java runtime (test.sh installs Debian's).
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts
fi

# The NHS.UK design system's compiled CSS and assets, served from /nhsuk/.
mkdir -p public/nhsuk
# Its icons are named from the site root (/assets/...); here they are served under /nhsuk/.
sed 's#url(/assets/#url(/nhsuk/assets/#g' node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css \
  > public/nhsuk/nhsuk-frontend.min.css
cp -r node_modules/nhsuk-frontend/dist/nhsuk/assets public/nhsuk/
