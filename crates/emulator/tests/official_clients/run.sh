#!/usr/bin/env bash
# Proof that the official Microsoft clients (Python msal, msgraph-beta-sdk) work against the
# emulator unmodified: builds the emulator binary, creates a venv with pinned packages from
# PyPI under the cargo target dir, starts the emulator with --tls --hooks, runs the checks.
# Run from anywhere: bash crates/emulator/tests/official_clients/run.sh
# Needs python3 (with venv + pip) and cargo. Last line printed: "N passed, N failed".
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../../.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="$TARGET/emulator-official-clients/venv"
WORK="$(mktemp -d)"
EMU_PID=""

cleanup() {
    if [[ -n "$EMU_PID" ]] && kill -0 "$EMU_PID" 2>/dev/null; then
        kill "$EMU_PID" 2>/dev/null || true
        wait "$EMU_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
# A setup step that fails still ends with the summary line the test command looks for.
trap 'echo "0 passed, 1 failed"' ERR

echo "== building the emulator"
(cd "$ROOT" && cargo build --quiet -p qrstation-emulator --bin qrstation-emulator)
BIN="$TARGET/debug/qrstation-emulator"

echo "== preparing the Python venv ($VENV)"
STAMP="$VENV/.requirements.sha256"
WANT="$(sha256sum "$HERE/requirements.txt" | cut -d' ' -f1)"
if [[ ! -x "$VENV/bin/python" ]] || [[ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]]; then
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    # No wheel cache and no .pyc files: msgraph-beta-sdk is tens of thousands of modules, and a
    # CI disk once ran out here. Python compiles only what the check imports, at run time.
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-cache-dir \
        --no-compile -r "$HERE/requirements.txt"
    echo "$WANT" > "$STAMP"
fi

echo "== starting the emulator (--tls --hooks)"
"$BIN" --port 0 --tls --hooks --ca-cert "$WORK/ca.pem" --device-code-interval 1 --rng-seed 1 \
    > "$WORK/emulator.out" 2> "$WORK/emulator.err" &
EMU_PID=$!
URL=""
for _ in $(seq 1 100); do
    URL="$(sed -n 's/^qrstation emulator listening on //p' "$WORK/emulator.out" | head -n1)"
    [[ -n "$URL" && -s "$WORK/ca.pem" ]] && break
    if ! kill -0 "$EMU_PID" 2>/dev/null; then
        cat "$WORK/emulator.err" >&2
        echo "0 passed, 1 failed"
        exit 1
    fi
    sleep 0.1
done
if [[ -z "$URL" ]]; then
    echo "emulator did not report its URL" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
echo "   $URL"

echo "== running the official clients"
trap - ERR
# requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override msal's `verify=`; unset them so the
# emulator's CA is the one trusted.
env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE EMULATOR_URL="$URL" EMULATOR_CA="$WORK/ca.pem" \
    "$VENV/bin/python" "$HERE/check_clients.py"
