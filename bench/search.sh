#!/usr/bin/env bash
# Search benchmark (issue 4): Broedplaats vs PostgreSQL FTS vs SQLite FTS5 at 100,000 and
# 1,000,000 items, plus relevance on the judged corpus; replaces the "## Search" section of
# docs/PERFORMANCE.md with the result.
#
#   bench/search.sh                      # full run (needs PostgreSQL on 127.0.0.1:5432, ~15 min)
#   bench/search.sh --sizes 2000         # smoke run (< 1 min); extra flags go to the binary
#
# Flags: --sizes N,M  --rounds R  --pg URL  --no-pg. Set NO_WRITE=1 to print only.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p broedplaats-bench --bin search
out=$(mktemp)
trap 'rm -f "$out"' EXIT
./target/release/search "$@" | tee "$out"
if [[ "${NO_WRITE:-}" == "1" ]]; then exit 0; fi
doc=docs/PERFORMANCE.md
python3 - "$doc" "$out" <<'PY'
import re, sys
doc, out = sys.argv[1], sys.argv[2]
text = open(doc, encoding="utf-8").read() if __import__("os").path.exists(doc) else "# Performance\n"
section = open(out, encoding="utf-8").read().rstrip() + "\n"
# The section runs from "## Search" to the next "## " heading (or the end).
m = re.search(r"^## Search\n.*?(?=^## |\Z)", text, flags=re.S | re.M)
if m:
    text = text[: m.start()] + section + ("\n" if m.end() < len(text) else "") + text[m.end():]
else:
    text = text.rstrip() + "\n\n" + section
open(doc, "w", encoding="utf-8").write(text)
PY
echo "search.sh: wrote the Search section of $doc" >&2
