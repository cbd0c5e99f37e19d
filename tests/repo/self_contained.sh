#!/usr/bin/env bash
# Guards that the repository stands on its own (docs/wire facts, tests/data): nothing under
# src/, tests/, bench/, infra/, tools/, docs/, CMakeLists.txt, README.md or run
#   - refers to a path outside the repository: the sibling notes folder reached with two dots,
#     an absolute path under the team's work folder, or the team's test data and notes;
#   - cites the team's notes ("facts", "design" or "style" followed by a section sign) or an
#     issue number.
# Comments cite docs/ pages instead.
#
#   tests/repo/self_contained.sh [REPO_ROOT]     exit 0 when clean, 1 with the offending lines
#
# The patterns are assembled from pieces so that this file does not match them itself.
# Generated and vendored folders (node_modules, build output, cdk.out) are not looked at.
set -euo pipefail

root=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
cd "$root"

s=shared
w=work
f=facts
i=issue
d=design
y=style
patterns=(
  "\\.\\./$s(/|\$)"        # the sibling folder, reached with one or more ".."
  "\"\\.\\.\"[[:space:]]*/[[:space:]]*\"$s\""  # the same, joined as path pieces in C++
  "/$w/"                   # absolute paths under the work folder
  "$s/testdata"
  "$s/$f"
  "$f[[:space:]]*§"        # a citation of the facts notes
  "($d|$y)[[:space:]]*§"   # ... of the design or style notes
  "\\b$i[[:space:]]*#?[0-9]+"  # the word, then a number, with or without "#"
)

targets=()
for t in src tests bench infra tools docs CMakeLists.txt README.md run; do
  [[ -e $t ]] && targets+=("$t")
done

status=0
for p in "${patterns[@]}"; do
  if grep -rInE -i --exclude-dir=node_modules --exclude-dir=build --exclude-dir='build-*' \
       --exclude-dir=cdk.out -e "$p" -- "${targets[@]}"; then
    status=1
  fi
done
if ((status != 0)); then
  echo "self_contained: the lines above refer outside the repository or cite notes/issues" >&2
  echo "self_contained: cite a page under docs/ instead" >&2
fi
exit "$status"
