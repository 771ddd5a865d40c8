#!/usr/bin/env bash
# Browser end-to-end tests: starts a demo Broedplaats server on a free
# loopback port with a throw-away data directory, runs the tests in e2e/tests
# against it with the system Chromium, and stops the server again. Arguments, if
# any, name the test files to run (default: all of tests/), e.g. tests/accounts.test.js.
#
# Environment:
#   BROEDPLAATS_BIN   server binary (default: ../target/debug/broedplaats,
#                     relative to this directory)
#   CHROMIUM          browser executable (default: /usr/bin/chromium, which
#                     is installed with apt-get when missing)
#   READY_TIMEOUT     seconds to wait for /readyz (default: 30)
#   KEEP_DATA=1       keep the temporary data directory and server log
set -euo pipefail

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Resolve the binary before changing directory, so that a relative
# BROEDPLAATS_BIN means relative to the caller's working directory.
if [[ -n "${BROEDPLAATS_BIN:-}" ]]; then
  BIN="$(realpath -m -- "$BROEDPLAATS_BIN")"
else
  BIN="$(realpath -m -- "$E2E_DIR/../target/debug/broedplaats")"
fi
if [[ ! -x "$BIN" ]]; then
  echo "e2e: server binary not found or not executable: $BIN" >&2
  echo "e2e: build it first (cargo build) or set BROEDPLAATS_BIN" >&2
  exit 2
fi

cd "$E2E_DIR"

# --- Browser ---------------------------------------------------------------
if [[ -z "${CHROMIUM:-}" && ! -x /usr/bin/chromium ]]; then
  echo "e2e: /usr/bin/chromium missing; installing Debian's chromium" >&2
  SUDO=""
  if [[ "$(id -u)" -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CHROMIUM
"$CHROMIUM" --version 2>/dev/null || true

# --- Node dependencies -----------------------------------------------------
if [[ ! -d node_modules ]]; then
  npm ci --no-audit --no-fund
fi

# --- Server ----------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/broedplaats-e2e.XXXXXX")"
DATA_DIR="$WORK/data"
LOG="$WORK/server.log"
mkdir -p "$DATA_DIR"
SERVER_PID=""

cleanup() {
  local status=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ "$status" -ne 0 && -f "$LOG" ]]; then
    echo "e2e: last lines of the server log ($LOG):" >&2
    tail -n 40 "$LOG" >&2 || true
  fi
  if [[ "${KEEP_DATA:-0}" == "1" ]]; then
    echo "e2e: kept $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT="$(node -e '
  const s = require("net").createServer();
  s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });
')"
BASE_URL="http://127.0.0.1:$PORT"

echo "e2e: starting $BIN serve --demo on $BASE_URL (data: $DATA_DIR)"
# Links in emails point at this server; emails are written as .eml files to $DATA_DIR/mail
# (the default "file" mail backend), where tests read them.
env -u DATABASE_URL BROEDPLAATS_PUBLIC_URL="$BASE_URL" BROEDPLAATS_MAIL_BACKEND=file \
  "$BIN" serve --demo --bind "127.0.0.1:$PORT" --data-dir "$DATA_DIR" \
  >"$LOG" 2>&1 &
SERVER_PID=$!

READY_TIMEOUT="${READY_TIMEOUT:-30}"
deadline=$((SECONDS + READY_TIMEOUT))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE_URL/readyz" || true)" == "200" ]]; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "e2e: server exited before becoming ready" >&2
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    echo "e2e: server not ready within ${READY_TIMEOUT}s ($BASE_URL/readyz)" >&2
    exit 1
  fi
  sleep 0.2
done
echo "e2e: server ready"

# --- Tests -----------------------------------------------------------------
rm -f axe-results.json
rm -rf screenshots
set +e
BROEDPLAATS_URL="$BASE_URL" BROEDPLAATS_DATA_DIR="$DATA_DIR" node --test --test-concurrency=1 "${@:-tests/}"
test_status=$?
set -e

if [[ -f axe-results.json ]]; then
  echo "e2e: axe violations per page (WCAG 2.1 A/AA):"
  node -e '
    const r = require("./axe-results.json");
    for (const [page, n] of Object.entries(r)) console.log(`  ${page}: ${n}`);
  '
fi

exit "$test_status"
