#!/usr/bin/env bash
# Memory of `broedplaats serve --demo` (SQLite) when decompression bombs are uploaded: a PDF of
# about 600 KB whose one content stream inflates to 600 MB (zeros, deflate level 9), posted to a
# knowledge product through the API, once alone and then four at once. Reports the server's
# VmHWM (peak RSS) and VmRSS from /proc before and after, and the API's answer. The server must
# stay below 250 MB and answer 201 with "text_skipped": "too_large".
#
#   bench/bomb.sh            (builds and uses the release binary)
#   BIN=target/debug/broedplaats bench/bomb.sh
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-$PWD/target}
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet --bin broedplaats
  BIN=$target/release/broedplaats
fi
inflated_mb=${INFLATED_MB:-600}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
tmp=$(mktemp -d)
base="http://127.0.0.1:$port"
server=""
cleanup() { [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

# The bomb: a valid one-page PDF, built without holding the inflated stream.
python3 - "$tmp/bomb.pdf" "$inflated_mb" <<'EOF'
import sys, zlib
path, mb = sys.argv[1], int(sys.argv[2])
z = zlib.compressobj(9)
data = z.compress(b"BT /F1 12 Tf 72 712 Td (Bom) Tj ET\n")
chunk = bytes(1 << 20)
for _ in range(mb):
    data += z.compress(chunk)
data += z.flush()
objs = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
]
out, offsets = bytearray(b"%PDF-1.4\n"), []
for i, o in enumerate(objs):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
open(path, "wb").write(out)
EOF

"$BIN" serve --demo --bind "127.0.0.1:$port" --data-dir "$tmp/data" 2> "$tmp/log" &
server=$!
until curl -fs "$base/readyz" >/dev/null 2>&1; do sleep 0.05; done
mem() { awk '/VmHWM|VmRSS/ { printf "%s %d MB  ", $1, $2 / 1024 }' "/proc/$server/status"; echo; }

token=$("$BIN" admin create-token --email coordinator@zhz.example --data-dir "$tmp/data" 2>/dev/null)
products="$base/api/v1/werkplaatsen/zhz/knowledge-products"
product() {
  curl -fs -X POST "$products" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"kind\": \"werkvorm\", \"title\": \"Bom $1\", \"summary\": \"Een bestand dat ontploft bij uitpakken.\"}" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'
}
upload() { curl -s -X POST "$products/$1/files" -H "Authorization: Bearer $token" -F "file=@$tmp/bomb.pdf"; echo; }

echo "binary: $BIN"
echo "bomb: $(stat -c %s "$tmp/bomb.pdf") bytes, one FlateDecode stream inflating to ${inflated_mb} MB"
echo -n "after start-up (demo data loaded):      "; mem
id=$(product 1)
echo "one bomb uploaded: $(upload "$id")"
echo -n "after one bomb:                         "; mem
ids=$(for i in 2 3 4 5; do product "$i"; done)
for id in $ids; do upload "$id" > "$tmp/answer-$id" & done
wait $(jobs -p | grep -v "^$server$") 2>/dev/null || true
for id in $ids; do echo "concurrent bomb answer: $(cat "$tmp/answer-$id")"; done
echo -n "after four more at once:                "; mem
curl -fs "$base/readyz" >/dev/null && echo "server still ready"
