#!/usr/bin/env bash
# Starts a private CUPS scheduler for the qrstation-label tests: loopback only, its own
# configuration, spool and logs in a temporary directory, no authentication, FileDevice on.
# Creates one queue whose device is a file:
#   qrstation-pdf  Generic PostScript driver queue: PDF goes through CUPS's filters and arrives
#                  as PostScript in $DIR/out/pdf.ps (when CUPS's sample driver is installed)
# Raw queues are made by the tests themselves with a socket:// device pointing at a listener
# they own: CUPS 2.4 completes a raw job sent to a file: device without writing anything.
# Prints `export VAR=value` lines for the tests; use it as: eval "$(start.sh)".
# Needs: cups (cupsd, lpadmin) and cups-client (lp, lpstat, lpoptions). Port: $QRSTATION_CUPS_PORT
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

pdf_queue=""
if lpadmin -h "$server" -p qrstation-pdf -E -v "file://$dir/out/pdf.ps" \
  -m drv:///sample.drv/generic.ppd 2>/dev/null; then
  pdf_queue=qrstation-pdf
fi

echo "export CUPS_SERVER=$server"
echo "export QRSTATION_CUPS_DIR=$dir"
echo "export QRSTATION_CUPS_PDF_QUEUE=$pdf_queue"
