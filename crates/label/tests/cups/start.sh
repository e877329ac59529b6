#!/usr/bin/env bash
# Starts a private CUPS scheduler for the qrstation-label tests: loopback only, its own
# configuration, spool and logs in a temporary directory, no authentication, FileDevice on.
# Creates one queue, printing to a loopback listener (sink.py) through CUPS's socket:// backend:
#   qrstation-pdf  Generic PostScript driver queue: PDF goes through CUPS's filters and arrives
#                  as PostScript in $DIR/out/pdf.ps (when CUPS's sample driver is installed)
# No file: devices: CUPS 2.4 completes a raw job sent to a file: device without writing
# anything, and Debian's CUPS 2.4.2-3+deb12u10 opens a file: device without O_CREAT, so the
# scheduler cannot create the output file at all. Raw queues are made by the tests themselves
# with a socket:// device pointing at a listener they own.
# Prints `export VAR=value` lines for the tests; use it as: eval "$(start.sh)".
# Needs: cups (cupsd, lpadmin), cups-client (lp, lpstat, lpoptions) and python3. Port: $QRSTATION_CUPS_PORT
# (default 8631). Stop with stop.sh.
set -euo pipefail

port="${QRSTATION_CUPS_PORT:-8631}"
dir="$(mktemp -d /tmp/qrstation-cups.XXXXXX)"
chmod 755 "$dir"
mkdir -p "$dir"/conf/ppd "$dir"/conf/ssl "$dir"/spool/tmp "$dir"/cache "$dir"/log "$dir"/state "$dir"/out
chmod 1777 "$dir"/out "$dir"/spool/tmp

running() { [ "$(LC_ALL=C lpstat -h "$1" -r 2>/dev/null)" = "scheduler is running" ]; }

if running "127.0.0.1:$port"; then
  echo "start.sh: a scheduler already answers on 127.0.0.1:$port; set QRSTATION_CUPS_PORT" >&2
  rm -rf "$dir"
  exit 1
fi

cupsd_bin="$(command -v cupsd || echo /usr/sbin/cupsd)"
[ -x "$cupsd_bin" ] || { echo "start.sh: cupsd not found (apt-get install cups)" >&2; exit 1; }
command -v lpadmin >/dev/null || PATH="$PATH:/usr/sbin"

cat >"$dir/conf/cupsd.conf" <<CONF
Listen 127.0.0.1:$port
ServerName 127.0.0.1
LogLevel warn
WebInterface No
Browsing No
DefaultAuthType None
DefaultEncryption Never
<Location />
  Order allow,deny
  Allow from 127.0.0.1
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
CONF

cat >"$dir/conf/cups-files.conf" <<CONF
ServerRoot $dir/conf
StateDir $dir/state
CacheDir $dir/cache
RequestRoot $dir/spool
TempDir $dir/spool/tmp
AccessLog $dir/log/access_log
ErrorLog $dir/log/error_log
PageLog $dir/log/page_log
FileDevice Yes
Sandboxing Relaxed
SystemGroup root
CONF

setsid "$cupsd_bin" -f -c "$dir/conf/cupsd.conf" -s "$dir/conf/cups-files.conf" </dev/null \
  >"$dir/log/cupsd.out" 2>&1 &
echo $! >"$dir/cupsd.pid"

server="127.0.0.1:$port"
for _ in $(seq 1 50); do
  if running "$server"; then break; fi
  sleep 0.1
done
if ! kill -0 "$(cat "$dir/cupsd.pid")" 2>/dev/null || ! running "$server"; then
  echo "start.sh: cupsd did not come up on $server (port taken? set QRSTATION_CUPS_PORT); see $dir/log" >&2
  cat "$dir/log/cupsd.out" "$dir/log/error_log" >&2 2>/dev/null || true
  kill "$(cat "$dir/cupsd.pid")" 2>/dev/null || true
  exit 1
fi

# The driver queue's printer: sink.py on a free loopback port, writing each job to out/pdf.ps.
setsid python3 "$(dirname "$0")/sink.py" "$dir/out/pdf.ps" "$dir/sink.port" </dev/null \
  >"$dir/log/sink.out" 2>&1 &
echo $! >"$dir/sink.pid"
for _ in $(seq 1 50); do [ -s "$dir/sink.port" ] && break; sleep 0.1; done
[ -s "$dir/sink.port" ] || {
  echo "start.sh: the job sink did not start; see $dir/log/sink.out" >&2
  cat "$dir/log/sink.out" >&2 || true
  kill "$(cat "$dir/cupsd.pid")" "$(cat "$dir/sink.pid")" 2>/dev/null || true
  exit 1
}

pdf_queue=""
if lpadmin -h "$server" -p qrstation-pdf -E -v "socket://127.0.0.1:$(cat "$dir/sink.port")" \
  -m drv:///sample.drv/generic.ppd 2>/dev/null; then
  pdf_queue=qrstation-pdf
fi

echo "export CUPS_SERVER=$server"
echo "export QRSTATION_CUPS_DIR=$dir"
echo "export QRSTATION_CUPS_PDF_QUEUE=$pdf_queue"
