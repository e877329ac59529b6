"""The sequential baseline for renewals: what an admin's script does today, one user at a time,
with the official `msgraph-beta-sdk`.

  scan:  list the store's users (GET /users?$filter=officeLocation eq '…', paged), then GET
         each user's qrCodePinMethod one by one and count no method / expired / expiring
         within WITHIN days / valid.
  renew: the same list and reads, and for each due user, right after its read, the change
         qrstation's plan makes (same rule: `crates/core/src/renewals/renew.rs`):
           extend  PATCH …/qrCodePinMethod/standardQRCode {expireDateTime}   (SDK)
           rotate  DELETE …/standardQRCode, then PATCH it with a new window  (SDK), image saved
           replace DELETE …/qrCodePinMethod (SDK), then PUT a new method with a generated PIN
                   (plain HTTPS: the SDK has no PUT for it), image saved
         The tenant's lifetime is read once from the qrCodePin policy (SDK).

Prints one JSON line: users, counts, failed, seconds.

Usage: baseline.py scan|renew STORE WITHIN OUT_DIR   (env: EMULATOR_URL, EMULATOR_CA, GRAPH_TOKEN)
"""

import asyncio
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
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph_beta import GraphRequestAdapter, GraphServiceClient
from msgraph_beta.generated.models.qr_code import QrCode
from msgraph_beta.generated.users.users_request_builder import UsersRequestBuilder
from msgraph_beta.graph_request_adapter import options as SDK_OPTIONS
from msgraph_core import APIVersion, GraphClientFactory

BASE = os.environ["EMULATOR_URL"].rstrip("/")
CA = os.environ["EMULATOR_CA"]
TOKEN = os.environ["GRAPH_TOKEN"]
DAY = datetime.timedelta(days=1)
MAX_STANDARD_DAYS = 395  # a standard code's longest life from its start (qrcode-update)


class StaticToken(AccessTokenProvider):
    async def get_authorization_token(self, uri, additional_authentication_context=None):
        return TOKEN

    def get_allowed_hosts_validator(self):
        return AllowedHostsValidator(["127.0.0.1"])


def sdk(tls):
    auth = BaseBearerTokenAuthenticationProvider(StaticToken())
    http = GraphClientFactory.create_with_default_middleware(
        api_version=APIVersion.beta, client=httpx.AsyncClient(verify=tls), options=SDK_OPTIONS)
    adapter = GraphRequestAdapter(auth, client=http)
    adapter.base_url = f"{BASE}/beta"
    return GraphServiceClient(request_adapter=adapter)


def graph_time(t):
    return t.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def new_pin(length):
    """Digits the tenant accepts (no 0123456789 run, no 2-digit block x3, no 3-digit block x2)."""
    while True:
        pin = "".join(secrets.choice("0123456789") for _ in range(length))
        if "0123456789" in pin or "9876543210" in pin:
            continue
        if re.search(r"(\d\d)\1\1", pin) or re.search(r"(\d\d\d)\1", pin):
            continue
        return pin


async def store_users(client, store):
    q = UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(
        filter=f"officeLocation eq '{store}'",
        select=["id", "userPrincipalName", "displayName", "officeLocation"], top=999)
    page = await client.users.get(request_configuration=RequestConfiguration(query_parameters=q))
    users = list(page.value or [])
    while page.odata_next_link:
        page = await client.users.with_url(page.odata_next_link).get()
        users.extend(page.value or [])
    return users


def state_of(method, now, within):
    code = method.standard_q_r_code if method else None
    if method is None:
        return "noMethod"
    if code is None or code.expire_date_time is None or code.expire_date_time <= now:
        return "expired"
    if code.expire_date_time <= now + within * DAY:
        return "expiring"
    return "valid"


def save_image(out_dir, upn, code):
    data = code.image.binary_value if code and code.image else None
    if not data:
        raise RuntimeError("no image in the answer")
    if isinstance(data, str):
        data = data.encode()
    path = os.path.join(out_dir, f"badge-{upn}.img")
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
        f.write(data)


async def main(mode, store, within, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    tls = ssl.create_default_context(cafile=CA)
    client = sdk(tls)
    put = httpx.AsyncClient(verify=tls, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
    counts = {}
    failed = 0
    t0 = time.monotonic()
    lifetime, pin_length = 365, 8
    if mode == "renew":
        cfg = await (client.policies.authentication_methods_policy
                     .authentication_method_configurations
                     .by_authentication_method_configuration_id("qrCodePin").get())
        lifetime = min(max(getattr(cfg, "standard_q_r_code_lifetime_in_days", None) or 365, 1),
                       MAX_STANDARD_DAYS)
        pin_length = getattr(cfg, "pin_length", None) or 8
    users = await store_users(client, store)
    for user in users:
        me = client.users.by_user_id(user.id).authentication.qr_code_pin_method
        try:
            try:
                method = await me.get()
            except APIError as e:
                if e.response_status_code != 404:
                    raise
                method = None
            now = datetime.datetime.now(datetime.timezone.utc)
            state = state_of(method, now, within)
            action = state
            if mode == "renew":
                code = method.standard_q_r_code if method else None
                if state == "expiring":
                    start = code.start_date_time or method.created_date_time
                    target = min(now + lifetime * DAY, start + MAX_STANDARD_DAYS * DAY)
                    if target > now + (within + 1) * DAY and target > code.expire_date_time:
                        action = "extend"
                        await me.standard_q_r_code.patch(
                            QrCode(odata_type="#microsoft.graph.qrCode", expire_date_time=target))
                    else:
                        action = "rotate"
                        await me.standard_q_r_code.delete()
                        new = await me.standard_q_r_code.patch(QrCode(
                            odata_type="#microsoft.graph.qrCode", start_date_time=now,
                            expire_date_time=now + lifetime * DAY))
                        save_image(out_dir, user.user_principal_name, new)
                elif state == "expired":
                    action = "replace"
                    await me.delete()
                    body = {
                        "@odata.type": "#microsoft.graph.qrCodePinAuthenticationMethod",
                        "standardQRCode": {
                            "startDateTime": graph_time(now),
                            "expireDateTime": graph_time(now + lifetime * DAY),
                        },
                        "pin": {"code": new_pin(pin_length)},
                    }
                    r = await put.put(f"{BASE}/beta/users/{user.id}/authentication/qrCodePinMethod",
                                      json=body)
                    r.raise_for_status()
                    data = r.json()["standardQRCode"]["image"]["binaryValue"]
                    path = os.path.join(out_dir, f"badge-{user.user_principal_name}.img")
                    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
                        f.write(data)
                elif state == "noMethod":
                    action = "skip-noMethod"
                else:
                    action = "skip"
            counts[action] = counts.get(action, 0) + 1
        except Exception as e:  # the script goes on, as admins' loops do
            failed += 1
            print(f"{user.user_principal_name}: {type(e).__name__}: {e}"[:300], file=sys.stderr)
    seconds = time.monotonic() - t0
    print(json.dumps({"users": len(users), "counts": counts, "failed": failed,
                      "seconds": round(seconds, 3)}))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]))
