#!/usr/bin/env bash
# Export benchmark (issue 7; not part of test.sh): builds Release, starts a fresh server on SQLite, publishes the
# 250-field bench procedure, submits one application through the API and copies it N times straight into the
# database (one INSERT … SELECT; receipt numbers, ids and times made unique), then exports through the API:
#   baseline  format=jsonl  (reads the stored answers and copies them: the yardstick, no column work)
#   csv       format=csv    (250 columns, formula neutralisation, RFC 4180 quoting)
#   xlsx      format=xlsx   (inline strings through OpenXmlWriter)
# and prints rows/s and the server's peak RSS during each export (VmHWM, reset between runs with clear_refs).
# Appends a table to docs/performance.md. Targets (issue 7): ≥ 100,000 rows/s and < 300 MB.
#
# Usage: bench/export.sh            N=200,000 by default
# Env:   BENCH_EXPORT_ROWS=1000000  BENCH_KEEP=1 (keep temp dir)  BENCH_NO_RECORD=1 (do not append to docs)
# Needs: curl, python3 (sqlite3 module). Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bench="$root/bench"
rows=${BENCH_EXPORT_ROWS:-200000}

for tool in curl python3; do
  command -v "$tool" >/dev/null || { echo "bench/export.sh needs $tool" >&2; exit 1; }
done

echo "== building Release"
dotnet build src/Madoguchi.Server -c Release --nologo -v q -clp:ErrorsOnly >/dev/null
bin="$root/src/Madoguchi.Server/bin/Release/net10.0"
dll="$bin/Madoguchi.Server.dll"

work=$(mktemp -d /tmp/madoguchi-export-bench.XXXXXX)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "(kept $work)"; else rm -rf "$work"; fi
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

data="$work/data"
mkdir -p "$data"
export ASPNETCORE_ENVIRONMENT=Production
export Madoguchi__DataDirectory="$data"
export Madoguchi__SecureCookies=false
export Logging__LogLevel__Default=Warning
unset Madoguchi__Database__Provider Madoguchi__Database__ConnectionString

(cd "$bin" && dotnet "$dll" tenant create --slug bench --name ベンチ >/dev/null)
key=$(cd "$bin" && dotnet "$dll" apikey create --name bench --tenant bench | grep -m1 '^mdg_')
[ -n "$key" ] || { echo "apikey create printed no key" >&2; exit 1; }

port=$(free_port)
base="http://127.0.0.1:$port"
(cd "$bin" && exec dotnet "$dll" --urls "$base") >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 150); do
  curl -fs "$base/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { echo "server exited:" >&2; cat "$work/server.log" >&2; exit 1; }
  sleep 0.2
done
curl -fs "$base/healthz" >/dev/null || { echo "server did not become healthy" >&2; exit 1; }

python3 "$bench/benchlib.py" setup "$base" "$key" "$bench/procedures/bench-text250.json" >/dev/null
body=$(python3 -c 'import json; print(json.dumps({"answers": {f"t{i:03d}": f"東京都千代田区霞が関一丁目{i % 9 + 1}番{i}号 ベンチ" for i in range(1, 251)}}, ensure_ascii=False))')
curl -fs -o /dev/null -H "Authorization: Bearer $key" -H "Content-Type: application/json" -H "Idempotency-Key: export-bench-seed" \
  --data-binary "$body" "$base/api/v1/procedures/bench-text250/applications"

echo "== seeding $rows applications"
t0=$(date +%s.%N)
python3 - "$data/madoguchi.db" "$rows" <<'PY'
import sqlite3, sys
db, n = sys.argv[1], int(sys.argv[2])
con = sqlite3.connect(db, timeout=60)
cols = [r[1] for r in con.execute('PRAGMA table_info("Applications")')]
template = con.execute('SELECT "Id" FROM "Applications" LIMIT 1').fetchone()[0]
made = {
    "Id": "upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-A' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))",
    "ReceiptNumber": "'BENCH-' || printf('%09d', s.n)",
    "SubmittedAt": "strftime('%Y-%m-%d %H:%M:%S', '2026-01-01', '+' || s.n || ' seconds')",  # EF Core's text form (whole seconds): keyset comparisons are textual
}
select = ", ".join(made.get(c, f'a."{c}"') for c in cols)
col_list = ", ".join(f'"{c}"' for c in cols)
con.execute("BEGIN")
con.execute(f'''WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ?)
INSERT INTO "Applications" ({col_list}) SELECT {select} FROM s, "Applications" a WHERE a."Id" = ?''', (n - 1, template))
con.commit()
print(con.execute('SELECT count(*) FROM "Applications"').fetchone()[0], "applications stored")
PY
echo "  seeded in $(python3 -c "import time; print(round(time.time() - $t0, 1))") s"

results="$work/results.tsv"
: >"$results"
export_one() {
  local name=$1 format=$2
  echo 5 >"/proc/$server_pid/clear_refs" 2>/dev/null || echo "  (could not reset the peak RSS: the figure is the process's peak so far)"
  local start end headers
  headers="$work/$name.headers"
  start=$(date +%s.%N)
  curl -fs -D "$headers" -o "$work/$name.out" -H "Authorization: Bearer $key" "$base/api/v1/procedures/bench-text250/export?format=$format"
  end=$(date +%s.%N)
  local got bytes hwm
  got=$(awk 'tolower($1) == "x-export-rows:" {print $2+0}' "$headers")
  bytes=$(stat -c %s "$work/$name.out")
  hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$server_pid/status")
  python3 - "$name" "$got" "$start" "$end" "$bytes" "$hwm" >>"$results" <<'PY'
import sys
name, rows, start, end, size, hwm = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
secs = end - start
print(f"{name}\t{rows}\t{secs:.2f}\t{rows / secs:.0f}\t{size / 1e6:.1f}\t{hwm / 1024:.0f}")
PY
  tail -n 1 "$results" | awk -F'\t' '{printf "  %-8s %s rows in %s s = %s rows/s, %s MB written, peak RSS %s MB\n", $1, $2, $3, $4, $5, $6}'
  rm -f "$work/$name.out"
}

echo "== exports (SQLite, $(nproc) cores)"
export_one baseline jsonl
export_one csv csv
export_one xlsx xlsx

summary=$(python3 - "$results" "$rows" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
base = float(rows[0][3])
print(f"| export | rows | seconds | rows/s | ratio to baseline | output MB | peak RSS MB |")
print(f"|---|---:|---:|---:|---:|---:|---:|")
for name, n, secs, rate, size, hwm in rows:
    print(f"| {name} | {int(n):,} | {secs} | {int(rate):,} | {float(rate) / base:.2f} | {size} | {hwm} |")
PY
)
echo
echo "$summary"
if [ "${BENCH_NO_RECORD:-0}" != 1 ]; then
  {
    echo
    echo "## Export benchmark ($(date -u +%Y-%m-%d), bench/export.sh, SQLite, $rows applications of bench-text250, $(nproc) cores)"
    echo
    echo "Baseline = JSON Lines (stored answers copied, no column work), measured in the same run. Targets: ≥ 100,000 rows/s, < 300 MB."
    echo
    echo "$summary"
  } >>"$root/docs/performance.md"
  echo "(appended to docs/performance.md)"
fi
