#!/usr/bin/env bash
# Time of `broedplaats import organisations` and `import people` for generated 10,000-row CSV
# files into the ZHZ demo, on SQLite and PostgreSQL side by side (release build).
#   bench/import.sh [rows]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-10000}
cargo build --release --quiet --bin broedplaats
bin=$PWD/target/release/broedplaats
pg_admin=${BROEDPLAATS_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
tmp=$(mktemp -d)
python3 - "$tmp" "$rows" <<'PY'
import sys
tmp, n = sys.argv[1], int(sys.argv[2])
kinds = ["gemeente", "welzijn", "zorg", "opleiding", "burger_clientorganisatie", "overig"]
with open(f"{tmp}/organisaties.csv", "w", encoding="utf-8") as f:
    f.write("naam;soort;plaats;website;email\n")
    for i in range(n):
        f.write(f"Organisatie {i:05d};{kinds[i % 6]};Plaats {i % 50};https://org{i}.example;info{i}@org{i}.example\n")
roles = ["professional", "student", "docent-onderzoeker", "burger", ""]
with open(f"{tmp}/mensen.csv", "w", encoding="utf-8") as f:
    f.write("naam,email,organisatie,rol\n")
    for i in range(n):
        f.write(f"Persoon {i:05d},persoon{i}@example.org,Organisatie {i % n:05d},{roles[i % 5]}\n")
PY
echo "| backend | rows | import organisations (s) | import people (s) |"
echo "|---|---|---|---|"
for backend in sqlite postgres; do
  url=""
  if [ "$backend" = postgres ]; then
    db="bp_import_$RANDOM$RANDOM"; psql "$pg_admin" -qc "CREATE DATABASE $db"; url="${pg_admin%/*}/$db"
  fi
  data="$tmp/data-$backend"
  DATABASE_URL=$url "$bin" --data-dir "$data" migrate >/dev/null
  # load the demo (serve --demo loads it, then we stop it)
  DATABASE_URL=$url "$bin" serve --demo --data-dir "$data" --bind 127.0.0.1:0 2>/dev/null & pid=$!
  sleep 2; kill "$pid"; wait "$pid" 2>/dev/null || true
  t0=$(date +%s.%N)
  DATABASE_URL=$url BROEDPLAATS_LOG=warn "$bin" --data-dir "$data" import organisations "$tmp/organisaties.csv" --werkplaats zhz >/dev/null
  t1=$(date +%s.%N)
  DATABASE_URL=$url BROEDPLAATS_LOG=warn "$bin" --data-dir "$data" import people "$tmp/mensen.csv" --werkplaats zhz >/dev/null
  t2=$(date +%s.%N)
  printf '| %s | %s | %.2f | %.2f |\n' "$backend" "$rows" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)"
  [ -n "$url" ] && psql "$pg_admin" -qc "DROP DATABASE $db WITH (FORCE)"
done
rm -rf "$tmp"
