#!/usr/bin/env bash
# Prints the raw and gzip (-9) sizes of the .wasm and .js files in a Trunk build (default dist/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dist="${1:-dist}"
shopt -s nullglob
files=("$dist"/*.wasm "$dist"/*.js)
if ((${#files[@]} == 0)); then
  echo "size-report: no .wasm or .js files in $dist/ (run trunk build first)" >&2
  exit 1
fi
printf '%-44s %12s %12s\n' "file" "raw bytes" "gzip bytes"
total_raw=0 total_gz=0
for f in "${files[@]}"; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz))
  printf '%-44s %12d %12d\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-44s %12d %12d\n' "total" "$total_raw" "$total_gz"
