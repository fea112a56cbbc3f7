#!/usr/bin/env bash
# Installs what is missing, then runs every check and test, stopping at the first failure:
#   1. rustfmt   2. clippy (host and wasm32, warnings are errors; core also without default features)
#   3. native tests of dsviz-core and dsviz-lab (unit, integration and doc tests)
#   4. wasm-bindgen tests of dsviz-web in headless Chromium
#   5. release site into dist/ (one Trunk build per page family), sizes and the first-visit budget
#   6. end-to-end tests in headless Chromium against dist/ served on localhost
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

started=$SECONDS
step_started=$SECONDS
section() {
  if ((SECONDS > started)); then
    printf '    (%ds)\n' $((SECONDS - step_started))
  fi
  step_started=$SECONDS
  printf '\n========== %s ==========\n' "$*"
}
run() {
  printf '+ %s\n' "$*"
  "$@"
}
# A hung test must fail with a message, not use up CI's whole time: run_limited MINUTES CMD...
run_limited() {
  local minutes=$1 status=0
  shift
  printf '+ %s   (time limit: %d min)\n' "$*" "$minutes"
  timeout --kill-after=30s "${minutes}m" "$@" || status=$?
  if ((status == 124 || status == 137)); then
    printf '!!! timed out after %d min: %s\n' "$minutes" "$*" >&2
  fi
  return "$status"
}

section "setup: tools and dependencies"
# shellcheck source=scripts/setup.sh
source scripts/setup.sh test

if [[ -n "${CI:-}" ]]; then
  export CARGO_TERM_COLOR=never CARGO_TERM_PROGRESS_WHEN=never
  # A CI run starts from a fresh clone and builds once: incremental caches only cost disk.
  export CARGO_INCREMENTAL=0
fi

section "1/6 format: cargo fmt --check"
run cargo fmt --all --check

section "2/6 lint: clippy (host)"
run cargo clippy --workspace --all-targets -- -D warnings
run cargo clippy -p dsviz-core --all-targets --all-features -- -D warnings
run cargo clippy -p dsviz-core --lib --no-default-features -- -D warnings

section "2/6 lint: clippy (wasm32-unknown-unknown)"
# Only the web crate's test targets are meant for wasm32: core's benches and tests use native-only
# dev-dependencies (criterion, proptest), so for core the library is checked.
run cargo clippy -p dsviz-web --target wasm32-unknown-unknown --all-targets -- -D warnings
run cargo clippy -p dsviz-core --target wasm32-unknown-unknown --lib -- -D warnings
run cargo clippy -p dsviz-core --target wasm32-unknown-unknown --lib --no-default-features -- -D warnings
run cargo build -p dsviz-core --target wasm32-unknown-unknown --no-default-features

section "3/6 native tests: dsviz-core, dsviz-lab"
run_limited 40 cargo test -p dsviz-core -p dsviz-lab

section "4/6 browser tests: dsviz-web (wasm-bindgen-test, headless Chromium)"
run_limited 20 env CHROMEDRIVER=/usr/bin/chromedriver cargo test -p dsviz-web --target wasm32-unknown-unknown

section "5/6 release site: scripts/build-release.sh (one trunk build --release per page family)"
run bash scripts/build-release.sh dist
run bash scripts/size-report.sh dist

section "6/6 end-to-end tests (tests/e2e, headless Chromium, dist/ on localhost)"
(cd tests && run_limited 10 node --test --test-concurrency=1 e2e/*.test.mjs)

section "done"
printf 'all checks passed in %ds\n' $((SECONDS - started))
