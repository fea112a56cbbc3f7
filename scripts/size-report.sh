#!/usr/bin/env bash
# Sizes of the release site built by scripts/build-release.sh, and the first-visit budget check.
#
#   bash scripts/size-report.sh [DIST]
#
# Prints, for each page family (DIST/_app/FAMILY/), the raw and gzip (-9) bytes of its .wasm and
# .js; then, for every page (each DIST/**/index.html), what a first visit downloads: the .wasm
# and .js its index.html loads. Fails when any page's first visit exceeds the budget recorded in
# scripts/size-budget.txt (gzip bytes of wasm + js).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dist="${1:-dist}"
budget_file=scripts/size-budget.txt
budget=$(awk -F= '/^first_visit_gzip_bytes_max=/ { print $2 }' "$budget_file")
[[ "$budget" =~ ^[0-9]+$ ]] || { echo "size-report: no first_visit_gzip_bytes_max=N in $budget_file" >&2; exit 1; }
[[ -d "$dist/_app" ]] || { echo "size-report: $dist/_app not found (run scripts/build-release.sh first)" >&2; exit 1; }

gz() { gzip -9 -c "$1" | wc -c; }

printf '%-12s %-44s %10s %10s %8s\n' "family" "file" "raw" "gzip" "budget"
for dir in "$dist"/_app/*/; do
  family=$(basename "$dir")
  total=0
  shopt -s nullglob
  for f in "$dir"*.wasm "$dir"*.js; do
    raw=$(stat -c %s "$f") zipped=$(gz "$f")
    total=$((total + zipped))
    printf '%-12s %-44s %10d %10d\n' "$family" "$(basename "$f")" "$raw" "$zipped"
  done
  printf '%-12s %-44s %10s %10d %7d%%\n' "$family" "(wasm + js)" "" "$total" $((100 * total / budget))
done

printf '\n%-24s %10s   (budget %d gzip bytes of wasm + js per first visit)\n' "page" "gzip" "$budget"
over=0
while IFS= read -r html; do
  page="/${html#"$dist"/}"
  page="${page%index.html}"
  total=0
  # Every .wasm and .js the page's HTML refers to (the loader script and its preloads).
  for asset in $(grep -oE '/_app/[^"'"'"' ]+\.(wasm|js)' "$html" | sort -u); do
    total=$((total + $(gz "$dist$asset")))
  done
  flag=""
  if ((total > budget)); then
    flag="  OVER BUDGET"
    over=1
  fi
  printf '%-24s %10d%s\n' "$page" "$total" "$flag"
done < <(find "$dist" -name index.html -not -path "$dist/_app/*" | sort)
if ((over)); then
  echo "size-report: a first visit exceeds the budget of $budget gzip bytes (scripts/size-budget.txt)" >&2
  exit 1
fi
