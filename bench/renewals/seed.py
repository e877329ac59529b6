"""Seeds the renewal benchmark's store through the emulator's `/_emulator/seed-methods` hook.

Moves USERS synthetic workers (`worker0001@…`, from `--extra-users`) to one store and gives
each a QR code + PIN method, by worker number n (dates relative to now):

  mix "scan"  (n % 10): 0-2 expiring, extendable   (started 340 days ago, expires in 20 days)
                        3-4 expiring, too old to extend (started 385 days ago, expires in 7)
                        5-6 expired                  (started 400 days ago, expired 10 days ago)
                        7-9 valid                    (started 100 days ago, expires in 265)
  mix "renew" (n % 10): 0-3 extendable, 4-7 too old to extend, 8-9 expired (all due)

With the tenant's 365-day lifetime and a 30-day window, qrstation plans the extendable ones
`extend` (start + 395 days is still 55 days away), the old ones `rotate` (their 395 days end
within the window) and the expired ones `replace`. Prints the counts as JSON.

Usage: seed.py URL CA_PEM DOMAIN STORE USERS MIX
"""

import datetime
import json
import ssl
import sys
import urllib.request

DAY = datetime.timedelta(days=1)
KINDS = {
    "extend": (-340, 20),
    "rotate": (-385, 7),
    "expired": (-400, -10),
    "valid": (-100, 265),
}
MIXES = {
    "scan": ["extend"] * 3 + ["rotate"] * 2 + ["expired"] * 2 + ["valid"] * 3,
    "renew": ["extend"] * 4 + ["rotate"] * 4 + ["expired"] * 2,
}


def iso(t):
    return t.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def main(url, ca, domain, store, users, mix):
    now = datetime.datetime.now(datetime.timezone.utc)
    counts = {k: 0 for k in KINDS}
    methods = []
    for n in range(1, users + 1):
        kind = MIXES[mix][n % 10]
        start, expire = KINDS[kind]
        counts[kind] += 1
        methods.append({
            "user": f"worker{n:04d}@{domain}",
            "officeLocation": store,
            "startDateTime": iso(now + start * DAY),
            "expireDateTime": iso(now + expire * DAY),
        })
    req = urllib.request.Request(
        f"{url}/_emulator/seed-methods", method="POST",
        data=json.dumps({"methods": methods}).encode(),
        headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, context=ssl.create_default_context(cafile=ca)) as r:
        seeded = json.load(r)["seeded"]
    assert seeded == users, seeded
    print(json.dumps(counts))


if __name__ == "__main__":
    a = sys.argv[1:]
    main(a[0], a[1], a[2], a[3], int(a[4]), a[5])
