#!/usr/bin/env bash
# Installs what is missing, then serves the app with live reload at http://127.0.0.1:8080/.
# Extra arguments go to `trunk serve` (e.g. `scripts/serve.sh --port 9000 --release`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh serve
exec trunk serve "$@"
