#!/usr/bin/env bash
# Runs every test: unit, integration (SQLite and PostgreSQL) and browser tests.
# Installs what the tests need from Debian (chromium, postgresql, fonts) when missing, starts a throwaway
# PostgreSQL cluster on a free local port, and removes it again on exit. Usage: ./test.sh [extra dotnet test args]
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v pdfsig >/dev/null 2>&1 || need+=(poppler-utils)
# The CSV export test re-opens an export in LibreOffice Calc (headless) to check formulas stay text.
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
# The webhook tests verify signatures with the standardwebhooks npm package (tests/tools).
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing: ${need[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Throwaway PostgreSQL: its own cluster in a temp dir, owned by the postgres user (it refuses to run as root).
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdir=$(mktemp -d /tmp/madoguchi-pg.XXXXXX)
pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$pgdir"; fi
cleanup() {
  as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pgdir"
}
trap cleanup EXIT
as_pg "$pgbin/initdb" -D "$pgdir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
  -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_connections=300" start >/dev/null
export MADOGUCHI_TEST_POSTGRES="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=100"
echo "== PostgreSQL on 127.0.0.1:$pgport"

dotnet tool restore >/dev/null
# Independent implementations the tests compare against, pinned by tests/tools/package-lock.json.
npm ci --prefix tests/tools --no-audit --no-fund --silent
dotnet build Madoguchi.slnx -c Release --nologo -v q -clp:ErrorsOnly

echo "== checking that the model has no changes without a migration"
for p in Sqlite Postgres; do
  dotnet ef migrations has-pending-model-changes --no-build --configuration Release \
    --project "src/Madoguchi.Data.$p" --startup-project "src/Madoguchi.Data.$p" >/dev/null \
    || { echo "The model has changes without a $p migration: run dotnet ef migrations add" >&2; exit 1; }
done

results="$root/TestResults"
rm -rf "$results"
status=0
for t in Madoguchi.Core.Tests Madoguchi.Documents.Tests Madoguchi.Server.Tests Madoguchi.E2E; do
  echo "== $t"
  dotnet test "tests/$t" -c Release --no-build --nologo --logger "trx;LogFileName=$t.trx" --results-directory "$results" "$@" || status=1
done

# One closing line for every runner that reads it: "N passed, N failed".
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find(".//{*}Counters")
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    skipped += int(c.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
