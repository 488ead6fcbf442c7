#!/usr/bin/env bash
# Academy dashboard benchmark (issue 8; not part of test.sh): builds Release, creates a fresh tenant on SQLite (and on
# PostgreSQL when BENCH_POSTGRES holds a connection string to a throwaway database), seeds 2,000 staff who work through
# a 50-module programme (learning records, completions, certificates; deterministic), then computes the dashboard
# (organisation, departments, monthly trend, who is behind — the page's and the exports' query) N times and prints
# p50/p95. Target: < 300 ms. Appends the results to docs/performance.md.
#
# Usage: bench/academy.sh [rounds]        (30 by default)
# Env:   BENCH_STAFF=2000 BENCH_MODULES=50 BENCH_POSTGRES="Host=…;Database=…" BENCH_NO_RECORD=1 (do not append to docs)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rounds=${1:-30}
staff=${BENCH_STAFF:-2000}
modules=${BENCH_MODULES:-50}

echo "== building Release"
dotnet build src/Madoguchi.Server -c Release --nologo -v q -clp:ErrorsOnly >/dev/null
bin="$root/src/Madoguchi.Server/bin/Release/net10.0"
dll="$bin/Madoguchi.Server.dll"
work=$(mktemp -d /tmp/madoguchi-academy-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

export ASPNETCORE_ENVIRONMENT=Production
export Logging__LogLevel__Default=Warning
results=""
run() {
  local label=$1
  local slug="bench$(date +%s)"
  (cd "$bin" && dotnet "$dll" tenant create --slug "$slug" --name ベンチ >/dev/null)
  local seeded measured
  seeded=$(cd "$bin" && dotnet "$dll" academy seed --tenant "$slug" --staff "$staff" --modules "$modules")
  measured=$(cd "$bin" && dotnet "$dll" academy dashboard --tenant "$slug" --rounds "$rounds")
  echo "[$label] $seeded"
  echo "[$label] $measured"
  results+="[$label] $seeded"$'\n'"[$label] $measured"$'\n'
}

export Madoguchi__DataDirectory="$work/sqlite"
mkdir -p "$Madoguchi__DataDirectory"
unset Madoguchi__Database__Provider Madoguchi__Database__ConnectionString
run sqlite

if [ -n "${BENCH_POSTGRES:-}" ]; then
  export Madoguchi__DataDirectory="$work/postgres"
  mkdir -p "$Madoguchi__DataDirectory"
  export Madoguchi__Database__Provider=postgres
  export Madoguchi__Database__ConnectionString="$BENCH_POSTGRES"
  run postgres
fi

if [ "${BENCH_NO_RECORD:-0}" != 1 ]; then
  {
    echo
    echo "### Academy dashboard benchmark, $(date -u +%Y-%m-%dT%H:%MZ) ($(nproc) cores)"
    echo
    echo '```'
    printf '%s' "$results"
    echo '```'
  } >> docs/performance.md
  echo "== appended to docs/performance.md"
fi
