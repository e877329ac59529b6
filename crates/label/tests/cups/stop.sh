#!/usr/bin/env bash
# Stops the scheduler and the job sink start.sh started and removes its directory.
# Usage: stop.sh [DIR]   (DIR defaults to $QRSTATION_CUPS_DIR)
set -euo pipefail
dir="${1:-${QRSTATION_CUPS_DIR:-}}"
case "$dir" in
  /tmp/qrstation-cups.*) ;;
  *) echo "stop.sh: not a start.sh directory: '$dir'" >&2; exit 1 ;;
esac
if [ -f "$dir/cupsd.pid" ]; then
  pid="$(cat "$dir/cupsd.pid")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
fi
if [ -f "$dir/sink.pid" ]; then kill "$(cat "$dir/sink.pid")" 2>/dev/null || true; fi
rm -rf "$dir"
