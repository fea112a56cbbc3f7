#!/usr/bin/env bash
# Installs whatever the build and the tests need and is not there yet.
#
#   bash scripts/setup.sh [serve|test]      # run it
#   source scripts/setup.sh [serve|test]    # run it and keep its PATH (what serve.sh and test.sh do)
#
# "serve" installs what `trunk serve` needs; "test" (the default) also installs Chromium and
# ChromeDriver. Idempotent: a tool already present at the pinned version is reused, so a warm
# run installs nothing. Pinned versions live here, in Trunk.toml and in Cargo.lock.

# When sourced, keep the caller's shell options; when run, be strict.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
fi

_dsviz_setup() {
  local mode="${1:-test}"
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  cd "$root" || return 1

  local TRUNK_VERSION="0.21.14"
  local BINARYEN_VERSION="132"

  _setup_say() { printf '[setup] %s\n' "$*"; }
  _setup_die() { printf '[setup] error: %s\n' "$*" >&2; return 1; }

  # --- toolchains the machine must already have ---------------------------------------------
  export PATH="$HOME/.cargo/bin:$PATH"
  local missing=()
  local t
  for t in rustup cargo node npm; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  if ((${#missing[@]})); then
    _setup_die "missing ${missing[*]}: install Rust with rustup (https://rustup.rs) and Node.js >= 20 with npm, then run again"
    return 1
  fi

  # --- Rust target and components -----------------------------------------------------------
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    _setup_say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown || return 1
  fi
  if [[ "$mode" == test ]]; then
    local comps=()
    cargo fmt --version >/dev/null 2>&1 || comps+=(rustfmt)
    cargo clippy --version >/dev/null 2>&1 || comps+=(clippy)
    if ((${#comps[@]})); then
      _setup_say "adding rustup components: ${comps[*]}"
      rustup component add "${comps[@]}" || return 1
    fi
  fi

  # --- Chromium and ChromeDriver (tests only) -----------------------------------------------
  if [[ "$mode" == test ]] && { [[ ! -x /usr/bin/chromium ]] || [[ ! -x /usr/bin/chromedriver ]]; }; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
      _setup_say "installing Debian's chromium and chromium-driver"
      apt-get update -q || return 1
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver || return 1
    else
      _setup_die "the tests need /usr/bin/chromium and /usr/bin/chromedriver: run as root, or install them with 'sudo apt-get install -y chromium chromium-driver', then run again"
      return 1
    fi
  fi

  # --- npm packages in tests/: playwright-core and binaryen (wasm-opt) -----------------------
  # node_modules is up to date when the stamp holds the hash of the lockfile it was made from.
  local lock_hash stamp=tests/node_modules/.dsviz-lock-hash
  lock_hash="$(cat tests/package.json tests/package-lock.json | sha256sum | cut -d' ' -f1)"
  if [[ ! -f "$stamp" ]] || [[ "$(cat "$stamp")" != "$lock_hash" ]]; then
    _setup_say "npm ci in tests/"
    (cd tests && npm ci --no-audit --no-fund) || return 1
    printf '%s\n' "$lock_hash" >"$stamp"
  fi
  # Binaryen's wasm-opt from npm goes FIRST on PATH: Debian's binaryen (v108) silently breaks
  # modules produced by current Rust, so it must never be the one Trunk finds.
  export PATH="$root/tests/node_modules/binaryen/bin:$PATH"
  local wasm_opt_version
  wasm_opt_version="$(wasm-opt --version 2>/dev/null || true)"
  if [[ "$wasm_opt_version" != "wasm-opt version $BINARYEN_VERSION "* ]]; then
    _setup_die "wasm-opt on PATH is '$wasm_opt_version', expected version $BINARYEN_VERSION from tests/node_modules/binaryen"
    return 1
  fi

  # --- crates: fetch once, so every later build (and Trunk's, which runs offline) has them ----
  # `cargo fetch` is quick when everything is already downloaded, and it writes Cargo.lock.
  _setup_say "cargo fetch"
  cargo fetch --quiet || return 1

  # --- Trunk ----------------------------------------------------------------------------------
  if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
    if pgrep -f "cargo install trunk" >/dev/null 2>&1; then
      _setup_say "another 'cargo install trunk' is running: waiting for it"
      while pgrep -f "cargo install trunk" >/dev/null 2>&1; do sleep 5; done
    fi
    if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
      _setup_say "installing trunk $TRUNK_VERSION (takes several minutes)"
      cargo install trunk --version "$TRUNK_VERSION" --locked || return 1
    fi
  fi

  # --- wasm-bindgen-cli, at exactly the version of the wasm-bindgen crate in Cargo.lock -------
  local wb_version
  wb_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
  [[ -n "$wb_version" ]] || { _setup_die "no wasm-bindgen package in Cargo.lock"; return 1; }
  if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wb_version" ]] ||
    ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
    _setup_say "installing wasm-bindgen-cli $wb_version (takes a few minutes)"
    # No --locked: the CLI's own lockfile pins crates this registry mirror does not serve.
    cargo install wasm-bindgen-cli --version "$wb_version" --force || return 1
  fi
  if ! grep -q "^wasm_bindgen = \"$wb_version\"" Trunk.toml; then
    _setup_die "Trunk.toml [tools] wasm_bindgen must be \"$wb_version\", the version in Cargo.lock"
    return 1
  fi

  _setup_say "ready: $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version | cut -d' ' -f1-3)"
}

_dsviz_setup "$@"
