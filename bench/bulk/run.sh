#!/usr/bin/env bash
# Bulk provisioning benchmark: 1,000 users, create + badge, against the emulator with 50 ms
# latency per request (HTTPS), in the same run:
#   1. `qrstation bulk run` (release build): plan + $batch creates + badge sheets + results CSV;
#   2. bench/bulk/baseline.py: a sequential one-call-per-user loop as admins script it today
#      (official msgraph-beta-sdk for the lookups, plain HTTPS PUT for the create);
#   3. `qrstation bulk run` again with the emulator's throttle on (THROTTLE_RPS requests/s):
#      the share of the throttle ceiling achieved during the create phase.
# Each measurement RUNS times (default 3); medians printed. Needs cargo and python3 (venv, pip).
# Usage: bash bench/bulk/run.sh        env: RUNS=3 USERS=1000 LATENCY_MS=50 THROTTLE_RPS=200
#        PART=speed|throttle runs one part only.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="$TARGET/bench-bulk/venv"
RUNS="${RUNS:-3}"
USERS="${USERS:-1000}"
LATENCY_MS="${LATENCY_MS:-50}"
THROTTLE_RPS="${THROTTLE_RPS:-200}"
PART="${PART:-all}"
WORK="$(mktemp -d)"
EMU_PID=""

stop_emulator() {
    if [[ -n "$EMU_PID" ]] && kill -0 "$EMU_PID" 2>/dev/null; then
        kill "$EMU_PID" 2>/dev/null || true
        wait "$EMU_PID" 2>/dev/null || true
    fi
    EMU_PID=""
}
cleanup() {
    stop_emulator
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building qrstation (release)" >&2
(cd "$ROOT" && cargo build --quiet --release -p qrstation-cli)
BIN="$TARGET/release/qrstation"

echo "== preparing the Python venv ($VENV)" >&2
REQ="$ROOT/crates/emulator/tests/official_clients/requirements.txt"
STAMP="$VENV/.requirements.sha256"
WANT="$(sha256sum "$REQ" | cut -d' ' -f1)"
if [[ ! -x "$VENV/bin/python" ]] || [[ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]]; then
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQ"
    echo "$WANT" > "$STAMP"
fi

DOMAIN="contoso-retail.onmicrosoft.com"
{ echo "upn,days"; for i in $(seq 1 "$USERS"); do printf "worker%04d@%s,365\n" "$i" "$DOMAIN"; done; } > "$WORK/users.csv"
tail -n +2 "$WORK/users.csv" | cut -d, -f1 > "$WORK/users.txt"

# start_emulator EXTRA_FLAGS...: sets URL and TOKEN.
start_emulator() {
    stop_emulator
    : > "$WORK/emu.out"
    "$BIN" emulator serve --port 0 --tls --hooks --ca-cert "$WORK/ca.pem" --rng-seed 1 \
        --latency-ms "$LATENCY_MS" --extra-users "$USERS" "$@" > "$WORK/emu.out" 2> "$WORK/emu.err" &
    EMU_PID=$!
    URL=""
    for _ in $(seq 1 100); do
        URL="$(sed -n 's/^qrstation emulator listening on //p' "$WORK/emu.out" | head -n1)"
        [[ -n "$URL" && -s "$WORK/ca.pem" ]] && break
        sleep 0.1
    done
    [[ -n "$URL" ]] || { cat "$WORK/emu.err" >&2; exit 1; }
    TOKEN="$(curl -s --cacert "$WORK/ca.pem" -X POST "$URL/_emulator/token" -H 'content-type: application/json' \
        -d "{\"user\":\"admin@$DOMAIN\",\"scopes\":[\"UserAuthenticationMethod.ReadWrite.All\",\"User.Read.All\",\"Policy.Read.AuthenticationMethod\"],\"lifetimeSeconds\":7200}" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"
}
reset_tenant() {
    curl -s --cacert "$WORK/ca.pem" -X POST "$URL/_emulator/reset" -H 'content-type: application/json' -d '{}' > /dev/null
}
# bulk_once LABEL: one `qrstation bulk run` in a fresh data dir; prints "wall_s run_ms users".
bulk_once() {
    local data="$WORK/data-$1" out="$WORK/out-$1"
    rm -rf "$data" "$out"
    local t0 t1
    t0=$(date +%s.%N)
    GRAPH_TOKEN="$TOKEN" QRSTATION_DATA_DIR="$data" "$BIN" --json --access-token-env GRAPH_TOKEN \
        --graph-url "$URL" --ca-cert "$WORK/ca.pem" bulk run "$WORK/users.csv" \
        --out-pdf "$out/badges.pdf" --results "$out/results.csv" --pin-slips --concurrency 8 \
        > "$WORK/bulk.json" 2> "$WORK/bulk.err" || { cat "$WORK/bulk.err" >&2; exit 1; }
    t1=$(date +%s.%N)
    python3 - "$WORK/bulk.json" "$t0" "$t1" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
c = s["counts"]
assert c["badgeWritten"] == c["total"], c
print(f'{float(sys.argv[3]) - float(sys.argv[2]):.3f} {c["elapsedMs"]} {c["total"]} {c["throttled"]}')
PY
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
if [[ "$PART" != throttle ]]; then
start_emulator
: > "$WORK/bulk.txt"; : > "$WORK/seq.txt"
for r in $(seq 1 "$RUNS"); do
    reset_tenant
    bulk_once "b$r" | tee -a "$WORK/bulk.txt" | sed "s/^/   bulk run $r: wall_s run_ms users throttled = /" >&2
    reset_tenant
    EMULATOR_URL="$URL" EMULATOR_CA="$WORK/ca.pem" GRAPH_TOKEN="$TOKEN" \
        env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE "$VENV/bin/python" "$HERE/baseline.py" "$WORK/users.txt" "$WORK/seq-out-$r" \
        2> "$WORK/seq.err" | tee "$WORK/seq.json" | sed "s/^/   sequential run $r: /" >&2
    python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["created"]==s["users"], s; print(s["seconds"])' "$WORK/seq.json" >> "$WORK/seq.txt"
done
BULK_S=$(cut -d' ' -f1 "$WORK/bulk.txt" | median)
SEQ_S=$(median < "$WORK/seq.txt")
echo "users=$USERS latency_ms=$LATENCY_MS runs=$RUNS"
echo "qrstation bulk run (plan + create + badges): median ${BULK_S}s, $(python3 -c "print(f'{$USERS/$BULK_S:.1f}')") users/s"
echo "sequential SDK + PUT loop:                   median ${SEQ_S}s, $(python3 -c "print(f'{$USERS/$SEQ_S:.1f}')") users/s"
echo "speed-up: $(python3 -c "print(f'{$SEQ_S/$BULK_S:.1f}')")x"
fi
[[ "$PART" == speed ]] && exit 0

start_emulator --throttle-rps "$THROTTLE_RPS"
: > "$WORK/thr.txt"
for r in $(seq 1 "$RUNS"); do
    reset_tenant
    sleep 1.5 # the token bucket refills
    bulk_once "t$r" | tee -a "$WORK/thr.txt" | sed "s/^/   throttled run $r: wall_s run_ms users throttled = /" >&2
done
# The create phase sends USERS items in USERS/20 batches: each batch costs 21 tokens (the
# $batch request and its 20 items), so the ceiling is THROTTLE_RPS * 20/21 users per second.
RUN_MS=$(cut -d' ' -f2 "$WORK/thr.txt" | median)
WALL=$(cut -d' ' -f1 "$WORK/thr.txt" | median)
python3 - "$USERS" "$RUN_MS" "$THROTTLE_RPS" "$WALL" <<'PY'
import sys
users, run_ms, rps, wall = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
rate = users / (run_ms / 1000)
ceiling = rps * 20 / 21
print(f"throttle {rps} requests/s: create phase median {run_ms/1000:.2f}s = {rate:.1f} users/s of a "
      f"{ceiling:.1f} users/s ceiling: {100*rate/ceiling:.0f}% (whole bulk run incl. plan: {wall:.2f}s)")
PY
