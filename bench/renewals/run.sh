#!/usr/bin/env bash
# Renewals benchmark (issue #16 §5): one store of 1,000 workers, against the emulator with
# 50 ms latency per request (HTTPS), in the same run:
#   scan:     `qrstation report expiring --within 30 --office STORE` (release build, $batch
#             reads) against bench/renewals/baseline.py scan (official msgraph-beta-sdk: list
#             the store, GET each user's qrCodePinMethod one by one); target >= 20x;
#   renew:    `qrstation bulk renew run --office STORE` (scan, plan, extend/rotate/replace,
#             badges + PIN slips) against baseline.py renew (the same reads, then one
#             PATCH / rotation / re-creation per user, one user at a time); target >= 20x;
#   throttle: `qrstation bulk renew run` again with the emulator's throttle on: the write
#             phase's Graph writes per second against the throttle's ceiling; target >= 90 %.
# The store is seeded through the emulator's /_emulator/seed-methods hook (bench/renewals/
# seed.py: mix "scan" = expiring, expired and valid badges; mix "renew" = all due: extendable,
# too old to extend, expired). Each measurement RUNS times (default 3); medians printed.
# Needs cargo and python3 (venv, pip; the venv is shared with bench/bulk).
# Usage: bash bench/renewals/run.sh     env: RUNS=3 USERS=1000 LATENCY_MS=50 THROTTLE_RPS=200
#        PART=scan|renew|throttle runs one part only (default all); CONCURRENCY=N passes
#        --concurrency N to `bulk renew run` (default: the CLI's own, 6).
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
WITHIN=30
STORE="Store 900 - Renewals"
DOMAIN="contoso-retail.onmicrosoft.com"
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
# seed MIX: a fresh tenant, then the store seeded with MIX (see seed.py).
seed() {
    curl -s --cacert "$WORK/ca.pem" -X POST "$URL/_emulator/reset" -H 'content-type: application/json' -d '{}' > /dev/null
    python3 "$HERE/seed.py" "$URL" "$WORK/ca.pem" "$DOMAIN" "$STORE" "$USERS" "$1" > "$WORK/seed.json"
}
# timed OUT_JSON CMD...: runs CMD (stdout to OUT_JSON), prints "total_s write_s": the whole
# run, and the time from the "job …" line on stderr (the plan is made, the job starts) to the end.
timed() {
    local out="$1"
    shift
    python3 - "$out" "$@" <<'PY'
import subprocess, sys, time
out = open(sys.argv[1], "w")
t0 = time.monotonic()
p = subprocess.Popen(sys.argv[2:], stdout=out, stderr=subprocess.PIPE, text=True)
job = None
err = []
for line in p.stderr:
    if job is None and line.startswith("job "):
        job = time.monotonic()
    err.append(line)
rc = p.wait()
t1 = time.monotonic()
if rc != 0:
    sys.stderr.write("".join(err[-20:]))
    sys.exit(rc)
print(f"{t1 - t0:.3f} {t1 - (job if job is not None else t0):.3f}")
PY
}
baseline() {
    EMULATOR_URL="$URL" EMULATOR_CA="$WORK/ca.pem" GRAPH_TOKEN="$TOKEN" \
        env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE "$VENV/bin/python" "$HERE/baseline.py" "$@" 2> "$WORK/seq.err"
}
# renew_once LABEL: one `qrstation bulk renew run` in a fresh data dir; prints
# "total_s write_s extended written failed throttled".
renew_once() {
    local data="$WORK/data-$1" out="$WORK/out-$1"
    rm -rf "$data" "$out"
    local t
    t="$(timed "$WORK/renew.json" env GRAPH_TOKEN="$TOKEN" QRSTATION_DATA_DIR="$data" "$BIN" --json \
        --access-token-env GRAPH_TOKEN --graph-url "$URL" --ca-cert "$WORK/ca.pem" \
        bulk renew run --office "$STORE" --within "$WITHIN" \
        --out-pdf "$out/badges.pdf" --results "$out/results.csv" --pin-slips ${CONCURRENCY:+--concurrency "$CONCURRENCY"})"
    python3 - "$WORK/renew.json" "$t" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["counts"]
assert c["failed"] == 0 and c["badgeLost"] == 0 and c["done"] == c["total"], c
print(f'{sys.argv[2]} {c["extended"]} {c["badgeWritten"]} {c["failed"]} {c["throttled"]}')
PY
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ratio() { python3 -c "print(f'{$1/$2:.1f}')"; }

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "users=$USERS latency_ms=$LATENCY_MS runs=$RUNS store=\"$STORE\" within=$WITHIN"
start_emulator

if [[ "$PART" == all || "$PART" == scan ]]; then
    : > "$WORK/scan.txt"; : > "$WORK/seqscan.txt"
    for r in $(seq 1 "$RUNS"); do
        seed scan
        rm -rf "$WORK/data-s$r"
        t="$(timed "$WORK/scan.json" env GRAPH_TOKEN="$TOKEN" QRSTATION_DATA_DIR="$WORK/data-s$r" "$BIN" --json \
            --access-token-env GRAPH_TOKEN --graph-url "$URL" --ca-cert "$WORK/ca.pem" \
            report expiring --within "$WITHIN" --office "$STORE")"
        states="$(python3 -c 'import json,sys,collections; r=json.load(open(sys.argv[1])); print(dict(collections.Counter(w["state"] for w in r["rows"])))' "$WORK/scan.json")"
        echo "   scan run $r: qrstation ${t%% *}s $states (seed $(cat "$WORK/seed.json"); load $(cut -d' ' -f1 /proc/loadavg))" >&2
        echo "${t%% *}" >> "$WORK/scan.txt"
        baseline scan "$STORE" "$WITHIN" "$WORK/seq-scan-$r" > "$WORK/seq.json"
        echo "   scan run $r: sequential $(cat "$WORK/seq.json")" >&2
        python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["failed"]==0 and s["users"]==int(sys.argv[2]), s; print(s["seconds"])' "$WORK/seq.json" "$USERS" >> "$WORK/seqscan.txt"
    done
    A=$(median < "$WORK/scan.txt"); B=$(median < "$WORK/seqscan.txt")
    echo "scan:  qrstation report expiring median ${A}s; sequential SDK loop median ${B}s; speed-up $(ratio "$B" "$A")x (target 20x)"
fi

if [[ "$PART" == all || "$PART" == renew ]]; then
    : > "$WORK/renew.txt"; : > "$WORK/seqrenew.txt"
    for r in $(seq 1 "$RUNS"); do
        seed renew
        renew_once "r$r" | tee -a "$WORK/renew.txt" | sed "s/^/   renew run $r: qrstation total_s write_s extended badges failed throttled = /" >&2
        seed renew
        baseline renew "$STORE" "$WITHIN" "$WORK/seq-renew-$r" > "$WORK/seq.json"
        echo "   renew run $r: sequential $(cat "$WORK/seq.json") (seed $(cat "$WORK/seed.json"); load $(cut -d' ' -f1 /proc/loadavg))" >&2
        python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["failed"]==0 and s["users"]==int(sys.argv[2]), s; print(s["seconds"])' "$WORK/seq.json" "$USERS" >> "$WORK/seqrenew.txt"
    done
    A=$(cut -d' ' -f1 "$WORK/renew.txt" | median); W=$(cut -d' ' -f2 "$WORK/renew.txt" | median)
    B=$(median < "$WORK/seqrenew.txt")
    echo "renew: qrstation bulk renew run median ${A}s (job phase ${W}s); sequential SDK loop median ${B}s; speed-up $(ratio "$B" "$A")x (target 20x)"
fi

if [[ "$PART" == all || "$PART" == throttle ]]; then
    start_emulator --throttle-rps "$THROTTLE_RPS"
    : > "$WORK/thr.txt"
    for r in $(seq 1 "$RUNS"); do
        seed renew
        sleep 1.5 # the token bucket refills
        renew_once "t$r" | tee -a "$WORK/thr.txt" | sed "s/^/   throttled run $r: total_s write_s extended badges failed throttled = /" >&2
    done
    # The job phase's writes: an extension is one PATCH, a rotation a DELETE + a PATCH, a
    # re-creation a DELETE + a PUT (seed.py's counts). The ceiling counts every write as if
    # it went in a full $batch of 20 (21 tokens per 20 writes): THROTTLE_RPS * 20/21 writes/s.
    # Writes sent alone cost 1 token, so a client that sends them alone can pass 100 %.
    W=$(cut -d' ' -f2 "$WORK/thr.txt" | median); A=$(cut -d' ' -f1 "$WORK/thr.txt" | median)
    python3 - "$WORK/seed.json" "$W" "$THROTTLE_RPS" "$A" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
w, rps, total = float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
writes = s["extend"] + 2 * s["rotate"] + 2 * s["expired"]
rate, ceiling = writes / w, rps * 20 / 21
print(f"throttle {rps} requests/s: job phase median {w:.2f}s for {writes} writes = {rate:.1f} writes/s of a "
      f"{ceiling:.1f} writes/s ceiling: {100 * rate / ceiling:.0f}% (target 90%; whole run incl. scans and plan: {total:.2f}s)")
PY
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
