#!/usr/bin/env bash
# Start-up time and memory of `broedplaats serve --demo`, side by side on SQLite (fresh data dir,
# so the demo is loaded) and PostgreSQL (fresh database). Measured with /usr/bin/time -v (peak RSS)
# and by polling /readyz (time from exec to the first ready answer), then the idle RSS after 20
# requests. Writes a Markdown table to stdout.
#
#   bench/startup.sh [runs]        (default 5 runs per backend; builds the release binary)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release --quiet --bin broedplaats
bin=$PWD/target/release/broedplaats
pg_admin=${BROEDPLAATS_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

measure() { # $1 = backend; prints "ready_ms idle_rss_kb peak_rss_kb"
  local backend=$1 tmp db="" url=""
  tmp=$(mktemp -d)
  if [ "$backend" = postgres ]; then
    db="bp_bench_$RANDOM$RANDOM"
    psql "$pg_admin" -qc "CREATE DATABASE $db"
    url="${pg_admin%/*}/$db"
  fi
  local t0 t1 pid
  t0=$(date +%s%N)
  DATABASE_URL=$url /usr/bin/time -v -o "$tmp/time" "$bin" serve --demo --bind "127.0.0.1:$port" --data-dir "$tmp/data" \
    2> "$tmp/log" &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.005; done
  t1=$(date +%s%N)
  for _ in $(seq 1 20); do curl -fs "http://127.0.0.1:$port/werkplaatsen/zhz" >/dev/null; done
  local server_pid idle
  server_pid=$(pgrep -P "$pid" -f "broedplaats serve" | head -n1)
  idle=$(awk '/VmRSS/ { print $2 }' "/proc/$server_pid/status")
  kill -TERM "$server_pid"
  wait "$pid" || true
  local peak
  peak=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time")
  [ -n "$db" ] && psql "$pg_admin" -qc "DROP DATABASE $db WITH (FORCE)"
  rm -rf "$tmp"
  echo "$(( (t1 - t0) / 1000000 )) $idle $peak"
}

echo "| backend | runs | start to ready, median (ms) | start to ready, max (ms) | idle RSS after 20 page views, median (MiB) | peak RSS, max (MiB) |"
echo "|---|---|---|---|---|---|"
for backend in sqlite postgres; do
  results=()
  for _ in $(seq 1 "$runs"); do results+=("$(measure $backend)"); done
  printf '%s\n' "${results[@]}" | python3 -c "
import sys, statistics as st
rows = [list(map(int, l.split())) for l in sys.stdin if l.strip()]
ready = [r[0] for r in rows]; idle = [r[1] for r in rows]; peak = [r[2] for r in rows]
print(f'| $backend | {len(rows)} | {st.median(ready):.0f} | {max(ready)} | {st.median(idle)/1024:.1f} | {max(peak)/1024:.1f} |')
"
done
