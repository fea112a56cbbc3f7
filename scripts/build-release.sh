#!/usr/bin/env bash
# The release site in DIST (default dist/): one Trunk build per page family, so that a first
# visit downloads the shell and one family, not every page there is.
#
#   bash scripts/build-release.sh [DIST]
#
# Each family is a binary of dsviz-web (web/src/bin/) whose router links in only its own pages;
# its assets go to DIST/_app/FAMILY/, and each of its routes gets a copy of its index.html
# (DIST/raft/index.html, …; the catalogue is DIST/index.html). Static hosts serve DIST/raft/ for
# /raft, as tests/serve-dist.mjs does. `trunk serve` (index.html) still builds every page in one
# binary for development. Run scripts/setup.sh first (scripts/test.sh does).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dist="${1:-dist}"

# family  binary  routes (must match `routes` in web/src/app.rs; the e2e tests open every route)
FAMILIES=(
  "home dsviz-home /"
  "simulation dsviz-simulation /raft /stress"
  "commit dsviz-commit /2pc /3pc"
  "paxos dsviz-paxos /paxos"
  "multi-paxos dsviz-multi-paxos /multi-paxos"
  "fast-paxos dsviz-fast-paxos /fast-paxos"
  "pbft dsviz-pbft /pbft"
  "bully dsviz-bully /bully"
  "ring dsviz-ring /ring"
  "detectors dsviz-detectors /failure-detectors"
  "gossip dsviz-gossip /gossip"
  "rumor dsviz-rumor /rumor"
  "scuttlebutt dsviz-scuttlebutt /scuttlebutt"
  "clocks dsviz-clocks /clocks /version-vectors"
  "filters dsviz-filters /bloom /cuckoo /quotient"
  "counting dsviz-counting /hyperloglog /count-min"
  "integrity dsviz-integrity /merkle"
  "partition dsviz-partition /hash-ring /range-partitioning /balls-into-bins"
)

# Every family's binary in one cargo invocation first: the two cores then run the link-time
# optimization of two binaries at a time, and each `trunk build` below finds its binary fresh
# (Trunk's own cargo call uses the same profile, target and features).
bins=()
for entry in "${FAMILIES[@]}"; do
  read -r _ bin _ <<<"$entry"
  bins+=(--bin "$bin")
done
cargo build -p dsviz-web --release --target wasm32-unknown-unknown --offline "${bins[@]}"

pages=target/site-pages
mkdir -p "$pages"
rm -rf "$dist"
mkdir -p "$dist/_app"
for entry in "${FAMILIES[@]}"; do
  read -r family bin routes <<<"$entry"
  # index.html with this family's binary; its relative paths now start two levels down.
  html="$pages/$family.html"
  sed -e 's|href="assets/|href="../../assets/|g' \
    -e 's|href="web/Cargo.toml"|href="../../web/Cargo.toml"|' \
    -e "s|data-bin=\"dsviz-web\"|data-bin=\"$bin\"|" index.html >"$html"
  grep -q "data-bin=\"$bin\"" "$html" || { echo "build-release: could not set data-bin in $html" >&2; exit 1; }
  printf '\n---------- %s (%s): %s ----------\n' "$family" "$bin" "$routes"
  trunk build "$html" --release --dist "$dist/_app/$family" --public-url "/_app/$family/"
  # The loader script minified with terser (Trunk's minifier cannot parse it): tests/minify-loader.mjs.
  node tests/minify-loader.mjs "$dist/_app/$family"
  for route in $routes; do
    mkdir -p "$dist$route"
    cp "$dist/_app/$family/index.html" "$dist${route%/}/index.html"
  done
done
printf '\nrelease site in %s/\n' "$dist"
