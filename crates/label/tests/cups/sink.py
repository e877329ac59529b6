#!/usr/bin/env python3
"""The printer behind start.sh's driver queue: a loopback listener that stands in for a
network printer (CUPS's socket:// backend, the AppSocket/JetDirect protocol on port 9100).

Why not a file: device? Debian's CUPS 2.4.2-3+deb12u10 (a security update) opens a file:
device with O_WRONLY|O_EXCL and no O_CREAT, so the scheduler can no longer create the output
file; older CUPS creates it. A socket:// device behaves the same on both.

Each connection is one job. Its bytes are written to OUT.part and renamed to OUT when the
connection closes, so a reader never sees half a job; a later job replaces an earlier one.
Usage: sink.py OUT PORTFILE   (binds 127.0.0.1 on a free port and writes the port to PORTFILE)
"""
import os
import socket
import sys


def main() -> None:
    out, port_file = sys.argv[1], sys.argv[2]
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    tmp = port_file + ".part"
    with open(tmp, "w") as f:
        f.write(str(srv.getsockname()[1]))
    os.rename(tmp, port_file)
    while True:
        conn, _ = srv.accept()
        with conn:
            conn.settimeout(120)
            part = out + ".part"
            with open(part, "wb") as f:
                try:
                    while True:
                        chunk = conn.recv(65536)
                        if not chunk:
                            break
                        f.write(chunk)
                except OSError:
                    pass
            os.rename(part, out)


if __name__ == "__main__":
    main()
