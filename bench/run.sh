#!/usr/bin/env bash
# Load benchmark (not part of test.sh): builds Release, then for each database starts a fresh server (fresh data
# directory; for PostgreSQL a fresh throwaway cluster with fsync and synchronous_commit ON) and measures with wrk:
#   baseline   GET /healthz                                   c=50   (the yardstick: ratios are against it)
#   form       GET of a 30-field portal form page (a draft)   c=20, c=50
#   submit     POST /api/v1/procedures/bench-text250/applications, 250 text answers, unique Idempotency-Key, c=20, c=50
# then checks that every acknowledged (201) application is stored, and prints a summary table.
#
# Usage: bench/run.sh            (about 5 minutes)
# Env:   BENCH_SCENARIOS="baseline form submit20 submit50 rules"  BENCH_PG_OPTS="-c ..."
#        BENCH_DBS="sqlite postgres"  BENCH_DURATION=15s  BENCH_WARMUP=5s  BENCH_THREADS=2  BENCH_KEEP=1 (keep temp dir)
# Needs: wrk (apt-get install wrk), curl, python3; for PostgreSQL the Debian postgresql package. Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bench="$root/bench"

dbs=${BENCH_DBS:-sqlite postgres}
duration=${BENCH_DURATION:-15s}
warmup=${BENCH_WARMUP:-5s}
threads=${BENCH_THREADS:-2}
# Which scenarios to run (a quick profiling loop: BENCH_SCENARIOS="baseline submit50").
scenarios=" ${BENCH_SCENARIOS:-baseline form submit20 submit50 rules} "
want() { [[ "$scenarios" == *" $1 "* ]]; }

for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool (Debian: apt-get install -y $tool)" >&2; exit 1; }
done

echo "== building Release"
dotnet build src/Madoguchi.Server -c Release --nologo -v q -clp:ErrorsOnly >/dev/null
bin="$root/src/Madoguchi.Server/bin/Release/net10.0"
dll="$bin/Madoguchi.Server.dll"

work=$(mktemp -d /tmp/madoguchi-bench.XXXXXX)
chmod 755 "$work"
results="$work/results.tsv"
status=0
: >"$results"
server_pid=""
pgbin=""
pgdir=""
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
stop_pg() {
  if [ -n "$pgdir" ]; then
    # BENCH_PG_INSPECT: an SQL statement whose result is printed before the cluster goes (e.g. from pg_stat_statements).
    if [ -n "${BENCH_PG_INSPECT:-}" ]; then as_pg "$pgbin/psql" -h "$pgdir" -p "$pgport" -U postgres -c "$BENCH_PG_INSPECT" || true; fi
    as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$pgdir"
    pgdir=""
  fi
}
cleanup() {
  stop_server
  stop_pg
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "(kept $work)"; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# CPU seconds (user+system) used so far by the given pids; missing pids count 0.
tck=$(getconf CLK_TCK)
cpu_of() {
  local sum=0 pid f
  for pid in "$@"; do
    f=$(cut -d' ' -f14,15 "/proc/$pid/stat" 2>/dev/null) || continue
    sum=$((sum + ${f% *} + ${f#* }))
  done
  echo "$sum"
}
pg_pids() { if [ -n "$pgdir" ]; then local pm; pm=$(head -n1 "$pgdir/data/postmaster.pid"); echo "$pm" $(pgrep -P "$pm" || true); fi; }
machine_busy() { awk '/^cpu /{print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat; }

# run_wrk NAME CONNECTIONS SCRIPT PATH [extra env]: runs wrk, prints its summary, appends one row to $results.
run_wrk() {
  local name=$1 conns=$2 script=$3 path=$4 dur=${5:-$duration}
  local out="$work/$db-$name-c$conns.txt"
  local s0 p0 m0 w
  s0=$(cpu_of "$server_pid"); p0=$(cpu_of $(pg_pids)); m0=$(machine_busy)
  local t0=$SECONDS
  TIMEFORMAT='%U %S'
  { time wrk -t"$threads" -c"$conns" -d"$dur" --timeout 10s --latency -s "$script" "$base$path" >"$out" 2>&1; } 2>"$out.time"
  local secs=$((SECONDS - t0)); [ "$secs" -gt 0 ] || secs=1
  local s1 p1 m1
  s1=$(cpu_of "$server_pid"); p1=$(cpu_of $(pg_pids)); m1=$(machine_busy)
  w=$(awk '{print $1+$2}' "$out.time")
  # CPU as cores used on average over the run (2.00 = both cores of this machine).
  local cpus
  cpus=$(awk -v s=$((s1 - s0)) -v p=$((p1 - p0)) -v w="$w" -v t="$tck" -v d="$secs" -v m0="$m0" -v m1="$m1" 'BEGIN {
    split(m0, a, " "); split(m1, b, " ");
    printf "%.2f %.2f %.2f %.0f", s / t / d, p / t / d, w / d, 100 * (b[1] - a[1]) / (b[2] - a[2]) }')
  sed -n '/^  requests/,/^  status/p' "$out"
  local line
  line=$(grep '^BENCH ' "$out" || true)
  if [ -z "$line" ]; then echo "wrk failed:" >&2; cat "$out" >&2; exit 1; fi
  read -r cs cp cw busy <<<"$cpus"
  echo "  cpu (cores): server $cs, postgres $cp, wrk $cw; machine busy ${busy}%"
  if [ "$name" != warmup ]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$db" "$name" "$conns" "$line" "$cs" "$cp" "$cw" "$busy" >>"$results"
  fi
}

for db in $dbs; do
  echo
  echo "================ $db ================ (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
  data="$work/data-$db"
  mkdir -p "$data"
  export ASPNETCORE_ENVIRONMENT=Production
  export Madoguchi__DataDirectory="$data"
  export Madoguchi__SecureCookies=false
  export Logging__LogLevel__Default=Warning
  unset Madoguchi__Database__Provider Madoguchi__Database__ConnectionString
  if [ "$db" = postgres ]; then
    pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$pgbin" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }
    pgdir=$(mktemp -d /tmp/madoguchi-bench-pg.XXXXXX)
    pgport=$(free_port)
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$pgdir"; fi
    as_pg "$pgbin/initdb" -D "$pgdir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    # Durability stays on: fsync and synchronous_commit are the defaults and are set explicitly here.
    as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
      -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_connections=300 ${BENCH_PG_OPTS:-}" start >/dev/null
    echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pgport (fsync=on, synchronous_commit=on)"
    export Madoguchi__Database__Provider=postgres
    export Madoguchi__Database__ConnectionString="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=postgres;Maximum Pool Size=100"
  fi

  (cd "$bin" && dotnet "$dll" tenant create --slug bench --name ベンチ >/dev/null)
  key=$(cd "$bin" && dotnet "$dll" apikey create --name bench --tenant bench | grep -m1 '^mdg_')
  [ -n "$key" ] || { echo "apikey create printed no key" >&2; exit 1; }

  port=$(free_port)
  base="http://127.0.0.1:$port"
  (cd "$bin" && exec dotnet "$dll" --urls "$base") >"$work/server-$db.log" 2>&1 &
  server_pid=$!
  for i in $(seq 150); do
    curl -fs "$base/healthz" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { echo "server exited:" >&2; cat "$work/server-$db.log" >&2; exit 1; }
    sleep 0.2
  done
  curl -fs "$base/healthz" >/dev/null || { echo "server did not become healthy" >&2; exit 1; }

  python3 "$bench/benchlib.py" setup "$base" "$key" "$bench/procedures/bench-form30.json" "$bench/procedures/bench-text250.json" "$bench/procedures/bench-rules300.json"
  IFS=$'\t' read -r formpath cookie < <(python3 "$bench/benchlib.py" form-url "$base" bench bench-form30)
  echo "  form page $formpath"
  IFS=$'\t' read -r rulespath rulescookie < <(python3 "$bench/benchlib.py" form-url "$base" bench bench-rules300)
  echo "  rules page $rulespath"

  export BENCH_API_KEY="$key" BENCH_SLUG=bench-text250 BENCH_FIELDS=250 BENCH_COOKIE="$cookie"
  export BENCH_IDS="$work/ids-$db"

  echo "-- warm-up ($warmup each)"
  BENCH_RUN="warm-$db-$$" BENCH_IDS="$work/ids-$db-warm" run_wrk warmup 20 "$bench/submit.lua" /api/v1/procedures/bench-text250/applications "$warmup" >/dev/null
  run_wrk warmup 20 "$bench/get.lua" "$formpath" "$warmup" >/dev/null
  run_wrk warmup 50 "$bench/get.lua" /healthz "$warmup" >/dev/null

  echo "-- baseline: GET /healthz, c=50"
  run_wrk baseline 50 "$bench/get.lua" /healthz
  for c in 20 50; do
    want form || continue
    echo "-- form page render (30 fields), c=$c"
    run_wrk form "$c" "$bench/get.lua" "$formpath"
  done
  for c in 20 50; do
    want "submit$c" || continue
    echo "-- submit (250 text fields) via API, c=$c"
    BENCH_RUN="run-$db-c$c-$$" BENCH_IDS="$work/ids-$db-c$c" run_wrk submit "$c" "$bench/submit.lua" /api/v1/procedures/bench-text250/applications
  done
  if ! want rules; then
    echo "-- acknowledged vs stored"
    verify=$(python3 "$bench/benchlib.py" verify "$base" "$key" bench-text250 "$work"/ids-"$db"-*.* ) && vstatus=0 || vstatus=$?
    echo "$verify" | grep -v '^VERIFY'
    printf '%s\tverify\t-\t%s\n' "$db" "$(echo "$verify" | grep '^VERIFY')" >>"$results"
    [ "$vstatus" -eq 0 ] || { echo "  !! FAILED: acknowledged applications are missing"; status=1; }
    stop_server
    stop_pg
    continue
  fi

  # Issue 3: a 300-field page with 100 rules, rendered (rules evaluated for the page) and submitted (rules applied
  # authoritatively), at c=50.
  BENCH_COOKIE="$rulescookie" run_wrk warmup 20 "$bench/get.lua" "$rulespath" "$warmup" >/dev/null
  BENCH_SLUG=bench-rules300 BENCH_BODY="$bench/bodies/rules300.json" BENCH_RUN="rules-warm-$db-$$" BENCH_IDS="$work/rules-ids-$db-warm" \
    run_wrk warmup 20 "$bench/submit.lua" /api/v1/procedures/bench-rules300/applications "$warmup" >/dev/null
  echo "-- form page render (300 fields, 100 rules), c=50"
  BENCH_COOKIE="$rulescookie" run_wrk rules-form 50 "$bench/get.lua" "$rulespath"
  echo "-- submit (300 fields, 100 rules) via API, c=50"
  BENCH_SLUG=bench-rules300 BENCH_BODY="$bench/bodies/rules300.json" BENCH_RUN="rules-$db-$$" BENCH_IDS="$work/rules-ids-$db" \
    run_wrk rules-submit 50 "$bench/submit.lua" /api/v1/procedures/bench-rules300/applications

  echo "-- acknowledged vs stored"
  verify=$(python3 "$bench/benchlib.py" verify "$base" "$key" bench-text250 "$work"/ids-"$db"-*.* ) && vstatus=0 || vstatus=$?
  echo "$verify" | grep -v '^VERIFY'
  printf '%s\tverify\t-\t%s\n' "$db" "$(echo "$verify" | grep '^VERIFY')" >>"$results"
  [ "$vstatus" -eq 0 ] || { echo "  !! FAILED: acknowledged applications are missing"; status=1; }
  rverify=$(python3 "$bench/benchlib.py" verify "$base" "$key" bench-rules300 "$work"/rules-ids-"$db"*.* ) && rstatus=0 || rstatus=$?
  echo "$rverify" | grep -v '^VERIFY' | sed 's/^/  (300 fields, 100 rules) /'
  [ "$rstatus" -eq 0 ] || { echo "  !! FAILED: acknowledged applications (300 fields) are missing"; status=1; }

  stop_server
  stop_pg
done

echo
echo "================ summary ($(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB, wrk -t$threads -d$duration, client on the same machine; load average now $(cut -d' ' -f1-3 /proc/loadavg)) ================"
python3 - "$results" <<'PY'
import sys
rows, verify = [], {}
for line in open(sys.argv[1], encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    kv = dict(x.split("=") for x in f[3].split()[1:])
    if f[1] == "verify":
        verify[f[0]] = kv
        continue
    rows.append((f[0], f[1], int(f[2]), kv, f[4:8]))
base = {r[0]: float(r[3]["rps"]) for r in rows if r[1] == "baseline"}
print(f"{'db':9} {'test':9} {'c':>3} {'req/s':>9} {'x base':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'sockerr':>8}  cpu server/pg/wrk")
for db, name, c, kv, cpu in rows:
    ratio = float(kv["rps"]) / base[db] if base.get(db) else 0
    print(f"{db:9} {name:9} {c:>3} {float(kv['rps']):>9.0f} {ratio:>7.3f} {float(kv['p50']):>8.2f} {float(kv['p95']):>8.2f} {float(kv['p99']):>8.2f} {kv['nother']:>8} {kv['sockerr']:>8}  {cpu[0]}/{cpu[1]}/{cpu[2]}")
print()
for db, v in verify.items():
    print(f"{db}: acknowledged {v['acked']}, stored {v['stored']}, acknowledged-but-missing {v['missing']}, stored-but-unacknowledged {v['extra']}")
for db, name, c, kv, cpu in rows:
    if db == "postgres" and name == "submit" and c == 50:
        ok = float(kv["rps"]) >= 2000 and float(kv["p95"]) < 50
        print(f"target (postgres, submit, c=50: >= 2000 applications/s with p95 < 50 ms): {'MET' if ok else 'NOT MET'} "
              f"({float(kv['rps']):.0f}/s, p95 {float(kv['p95']):.1f} ms)")
PY
exit $status
