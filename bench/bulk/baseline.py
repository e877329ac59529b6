"""The sequential baseline: what an admin's script does today, one user at a time.

For each user: look the user up and check for an existing QR code + PIN method with the
official `msgraph-beta-sdk` (GET /users/{upn}, GET .../authentication/qrCodePinMethod), then
create the method with a plain HTTPS PUT (the SDK has no PUT for it) and save the QR image Graph
returns once (the script's "badge"). Prints one JSON line: users, created, skipped, failed,
seconds.

Usage: baseline.py USERS_FILE OUT_DIR   (env: EMULATOR_URL, EMULATOR_CA, GRAPH_TOKEN)
"""

import asyncio
import base64
import datetime
import json
import os
import re
import secrets
import ssl
import sys
import time

import httpx
from kiota_abstractions.api_error import APIError
from kiota_abstractions.authentication import (AccessTokenProvider, AllowedHostsValidator,
                                               BaseBearerTokenAuthenticationProvider)
from msgraph_beta import GraphRequestAdapter, GraphServiceClient
from msgraph_beta.graph_request_adapter import options as SDK_OPTIONS
from msgraph_core import APIVersion, GraphClientFactory

BASE = os.environ["EMULATOR_URL"].rstrip("/")
CA = os.environ["EMULATOR_CA"]
TOKEN = os.environ["GRAPH_TOKEN"]


class StaticToken(AccessTokenProvider):
    async def get_authorization_token(self, uri, additional_authentication_context=None):
        return TOKEN

    def get_allowed_hosts_validator(self):
        return AllowedHostsValidator(["127.0.0.1"])


def graph_client(tls):
    auth = BaseBearerTokenAuthenticationProvider(StaticToken())
    http = GraphClientFactory.create_with_default_middleware(
        api_version=APIVersion.beta, client=httpx.AsyncClient(verify=tls), options=SDK_OPTIONS)
    adapter = GraphRequestAdapter(auth, client=http)
    adapter.base_url = f"{BASE}/beta"
    return GraphServiceClient(request_adapter=adapter)


def new_pin():
    """8 digits the tenant accepts (no 0123456789, no 2-digit block x3 or 3-digit block x2)."""
    while True:
        pin = "".join(secrets.choice("0123456789") for _ in range(8))
        if "0123456789" in pin or "9876543210" in pin:
            continue
        if re.search(r"(\d\d)\1\1", pin) or re.search(r"(\d\d\d)\1", pin):
            continue
        return pin


async def main(users_file, out_dir):
    upns = [line.strip() for line in open(users_file) if line.strip()]
    os.makedirs(out_dir, exist_ok=True)
    tls = ssl.create_default_context(cafile=CA)
    client = graph_client(tls)
    put = httpx.AsyncClient(verify=tls, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
    created = skipped = failed = 0
    t0 = time.monotonic()
    for upn in upns:
        try:
            user = await client.users.by_user_id(upn).get()
            try:
                await client.users.by_user_id(user.id).authentication.qr_code_pin_method.get()
                skipped += 1
                continue
            except APIError as e:
                if e.response_status_code != 404:
                    raise
            start = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
            body = {
                "@odata.type": "#microsoft.graph.qrCodePinAuthenticationMethod",
                "standardQRCode": {
                    "startDateTime": start.isoformat().replace("+00:00", "Z"),
                    "expireDateTime": (start + datetime.timedelta(days=365)).isoformat().replace("+00:00", "Z"),
                },
                "pin": {"code": new_pin()},
            }
            r = await put.put(f"{BASE}/beta/users/{user.id}/authentication/qrCodePinMethod", json=body)
            r.raise_for_status()
            image = r.json()["standardQRCode"]["image"]["binaryValue"]
            path = os.path.join(out_dir, f"badge-{upn}.img")
            with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
                f.write(base64.b64decode(image))
            created += 1
        except Exception as e:  # the script goes on, as admins' loops do
            failed += 1
            print(f"{upn}: {type(e).__name__}", file=sys.stderr)
    seconds = time.monotonic() - t0
    print(json.dumps({"users": len(upns), "created": created, "skipped": skipped,
                      "failed": failed, "seconds": round(seconds, 3)}))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
