#!/usr/bin/env bash
# Guards the storage seal (docs/architecture.md, "The engine's rooms"): only src/engine/storage
# speaks SQL, so no file outside it includes SQLite's header or names its C API.
#
#   tests/repo/storage_sealed.sh [REPO_ROOT]     exit 0 when sealed, 1 with the offending lines
set -euo pipefail
root=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
cd "$root/src"
api='sqlite3'
if grep -rnE -e "#include[[:space:]]*[<\"]${api}\\.h|\\b${api}_[a-z_]+\\(" -- . |
     grep -v '^\./engine/storage/'; then
  echo "storage_sealed: the lines above use SQLite outside src/engine/storage" >&2
  exit 1
fi
