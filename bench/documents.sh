#!/usr/bin/env bash
# Documents benchmark (issue 5): notices rendered, sealed and PAdES-signed per second (target ≥ 50/s),
# against a trivial unsigned PDF in the same run. Appends the result to docs/performance.md.
# Usage: bench/documents.sh [seconds per measurement]   (not part of test.sh)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
echo "== building Release"
dotnet build bench/documents -c Release --nologo -v q -clp:ErrorsOnly
out=$(dotnet bench/documents/bin/Release/net10.0/DocumentsBench.dll "${1:-10}")
echo "$out"
result=$(echo "$out" | grep '^RESULT')
{
  echo
  echo "### Documents benchmark, $(date -u +%Y-%m-%dT%H:%MZ) ($(nproc) cores)"
  echo
  echo '```'
  echo "$out"
  echo '```'
} >> docs/performance.md
echo "== appended to docs/performance.md: $result"
