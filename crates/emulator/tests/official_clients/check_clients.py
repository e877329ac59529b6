"""Proof that the official Microsoft clients work against the qrstation emulator unmodified.

Python `msal` (PublicClientApplication, device code flow approved through the test hook,
authorization code + PKCE completed by a scripted POST to the sign-in page, silent refresh)
and `msgraph-beta-sdk` (get the QR method, reset the PIN, updatePin, list users, read the
policy, delete the method) run against a running emulator started with --tls --hooks.

Settings the official clients need (also in docs/emulator.md):
  * msal: authority = "{emulator}/{tenant id}", instance_discovery=False, verify=<CA file>,
    and REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE unset: requests lets those variables override a
    session's `verify` (run.sh unsets them).
  * SDK: a GraphRequestAdapter whose base_url is "{emulator}/beta", built on
    GraphClientFactory.create_with_default_middleware(api_version=beta, options=the SDK's own
    `graph_request_adapter.options`, client=an httpx client that trusts the CA), and a
    bearer-token provider whose allowed host is 127.0.0.1.

Env: EMULATOR_URL, EMULATOR_CA. Prints one line per check and a final "N passed, N failed".
"""

import asyncio
import os
import re
import ssl
import sys
import threading
import time
import traceback
import urllib.parse

import httpx
import msal
import requests
from kiota_abstractions.api_error import APIError
from kiota_abstractions.authentication import (AccessTokenProvider, AllowedHostsValidator,
                                               BaseBearerTokenAuthenticationProvider)
from msgraph_beta import GraphRequestAdapter, GraphServiceClient
from msgraph_beta.graph_request_adapter import options as SDK_OPTIONS
from msgraph_beta.generated.models.qr_pin import QrPin
from msgraph_beta.generated.users.item.authentication.qr_code_pin_method.pin.update_pin.update_pin_post_request_body import \
    UpdatePinPostRequestBody
from msgraph_beta.generated.users.users_request_builder import UsersRequestBuilder
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph_core import APIVersion, GraphClientFactory

BASE = os.environ["EMULATOR_URL"].rstrip("/")
CA = os.environ["EMULATOR_CA"]
DOMAIN = "contoso-retail.onmicrosoft.com"
TENANT_ID = "8a3d1f4e-6b2c-4e0a-9f7d-3c5b1a2e4d60"
CLIENT_ID = "5e7a1c3b-2f4d-4b6e-8a9c-0d1e2f3a4b5c"
ADMIN = f"admin@{DOMAIN}"
MANAGER = f"megan.bowen@{DOMAIN}"
HEALTHY = f"dana.becker@{DOMAIN}"
FORCED = f"carlos.okafor@{DOMAIN}"
DEMO_PIN = "48302917"
SCOPES = ["https://graph.microsoft.com/UserAuthenticationMethod.ReadWrite.All",
          "https://graph.microsoft.com/Policy.ReadWrite.AuthenticationMethod",
          "https://graph.microsoft.com/User.Read.All"]

RESULTS = []


def check(name):
    def wrap(fn):
        def run(*args):
            try:
                out = fn(*args)
                RESULTS.append((name, True, ""))
                print(f"ok   {name}", flush=True)
                return out
            except Exception as exc:  # noqa: BLE001 - report every failure and go on
                RESULTS.append((name, False, repr(exc)))
                print(f"FAIL {name}: {exc!r}", flush=True)
                traceback.print_exc()
                return None
        return run
    return wrap


def hook(path, body):
    r = requests.post(f"{BASE}/_emulator/{path}", json=body, verify=CA, timeout=10)
    r.raise_for_status()
    return r.json()


def app():
    return msal.PublicClientApplication(
        CLIENT_ID, authority=f"{BASE}/{TENANT_ID}", instance_discovery=False, verify=CA)


@check("msal: device code flow (pending, then approved through the hook)")
def device_flow():
    pca = app()
    flow = pca.initiate_device_flow(scopes=SCOPES)
    assert "user_code" in flow, flow
    assert flow["verification_uri"] == f"{BASE}/devicelogin", flow
    # Approve while msal is polling, so it sees authorization_pending first.
    timer = threading.Timer(1.5, hook, args=("device/approve", {"userCode": flow["user_code"], "user": ADMIN}))
    timer.start()
    started = time.time()
    result = pca.acquire_token_by_device_flow(flow)
    timer.join()
    assert "access_token" in result, result
    assert time.time() - started >= 1.0, "msal polled through authorization_pending"
    assert result["id_token_claims"]["preferred_username"] == ADMIN, result["id_token_claims"]
    return result["access_token"]


@check("msal: device code flow declined")
def device_declined():
    pca = app()
    flow = pca.initiate_device_flow(scopes=SCOPES)
    hook("device/decline", {"userCode": flow["user_code"]})
    result = pca.acquire_token_by_device_flow(flow)
    assert result.get("error") == "authorization_declined", result


@check("msal: authorization code + PKCE via the sign-in page, then silent refresh")
def auth_code_flow():
    pca = app()
    flow = pca.initiate_auth_code_flow(SCOPES, redirect_uri="http://localhost:8765", login_hint=MANAGER)
    assert "code_challenge=" in flow["auth_uri"] and "code_challenge_method=S256" in flow["auth_uri"]
    session = requests.Session()
    page = session.get(flow["auth_uri"], verify=CA, allow_redirects=False, timeout=10)
    assert page.status_code == 200, page.status_code
    action = re.search(r'action="([^"]+)"', page.text).group(1)
    flow_id = re.search(r'name="flow" value="([^"]+)"', page.text).group(1)
    done = session.post(urllib.parse.urljoin(BASE, action), data={"flow": flow_id, "user": MANAGER},
                        verify=CA, allow_redirects=False, timeout=10)
    assert done.status_code == 302, done.status_code
    location = done.headers["Location"]
    assert location.startswith("http://localhost:8765/"), location
    auth_response = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(location).query))
    result = pca.acquire_token_by_auth_code_flow(flow, auth_response)
    assert "access_token" in result, result
    assert result["id_token_claims"]["preferred_username"] == MANAGER
    account = pca.get_accounts()[0]
    again = pca.acquire_token_silent(SCOPES, account=account, force_refresh=True)
    assert again and "access_token" in again, again
    assert again["access_token"] != result["access_token"]
    return again["access_token"]


class StaticToken(AccessTokenProvider):
    """Hands the SDK a token obtained from the emulator."""

    def __init__(self, token):
        self.token = token

    async def get_authorization_token(self, uri, additional_authentication_context=None):
        return self.token

    def get_allowed_hosts_validator(self):
        return AllowedHostsValidator(["127.0.0.1"])


def graph_client(token):
    auth = BaseBearerTokenAuthenticationProvider(StaticToken(token))
    # The SDK's own middleware options (they turn `/users/me-token-to-replace` into `/me`),
    # with an httpx client that trusts the emulator's CA.
    http = GraphClientFactory.create_with_default_middleware(
        api_version=APIVersion.beta, client=httpx.AsyncClient(verify=ssl.create_default_context(cafile=CA)),
        options=SDK_OPTIONS)
    adapter = GraphRequestAdapter(auth, client=http)
    adapter.base_url = f"{BASE}/beta"
    return GraphServiceClient(request_adapter=adapter)


async def sdk_checks(admin_token, worker_token):
    client = graph_client(admin_token)
    methods = client.users.by_user_id(HEALTHY).authentication.qr_code_pin_method

    @check("msgraph-beta-sdk: get the QR method (image and PIN are null)")
    def got(m):
        assert m.id and m.standard_q_r_code and m.standard_q_r_code.id, m
        assert m.standard_q_r_code.image is None
        assert m.pin.code is None
    got(await methods.get())

    @check("msgraph-beta-sdk: reset the PIN (201 with a new temporary PIN)")
    def reset(p):
        assert p.code and len(p.code) == 8 and p.code.isdigit(), p
        assert p.force_change_pin_next_sign_in is True
    reset(await methods.pin.patch(QrPin()))

    @check("msgraph-beta-sdk: list users with $filter, $select and $top")
    def users(page):
        assert len(page.value) == 3 and page.odata_next_link, page
        assert all(u.department == "Checkout" for u in page.value)
    query = UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(
        filter="department eq 'Checkout'", select=["displayName", "department"], top=3)
    users(await client.users.get(request_configuration=RequestConfiguration(query_parameters=query)))

    @check("msgraph-beta-sdk: read the qrCodePin policy")
    def policy(p):
        assert p.odata_type == "#microsoft.graph.qrCodePinAuthenticationMethodConfiguration", p.odata_type
        assert p.pin_length == 8 and p.standard_q_r_code_lifetime_in_days == 365
    configs = client.policies.authentication_methods_policy.authentication_method_configurations
    policy(await configs.by_authentication_method_configuration_id("qrCodePin").get())

    worker = graph_client(worker_token)
    own = worker.me().authentication.qr_code_pin_method

    @check("msgraph-beta-sdk: updatePin as the worker (POST, 204)")
    def changed(pin):
        assert pin.force_change_pin_next_sign_in is False, pin
    await own.pin.update_pin.post(UpdatePinPostRequestBody(current_pin=DEMO_PIN, new_pin="70315926"))
    changed(await own.pin.get())

    @check("msgraph-beta-sdk: a worker acting on another user gets 403 ODataError")
    def forbidden(err):
        assert err is not None and err.response_status_code == 403, err
    try:
        await worker.users.by_user_id(HEALTHY).authentication.qr_code_pin_method.get()
        forbidden(None)
    except APIError as err:
        forbidden(err)

    @check("msgraph-beta-sdk: delete the method, then GET is 404")
    def deleted(err):
        assert err is not None and err.response_status_code == 404, err
        assert err.error.code == "itemNotFound", err.error.code
    await methods.delete()
    try:
        await methods.get()
        deleted(None)
    except APIError as err:
        deleted(err)


def main():
    admin_token = device_flow()
    device_declined()
    auth_code_flow()
    worker = hook("token", {"user": FORCED, "scopes": [
        "https://graph.microsoft.com/Directory.AccessAsUser.All",
        "https://graph.microsoft.com/UserAuthenticationMethod.ReadWrite"]})["access_token"]
    if admin_token:
        asyncio.run(sdk_checks(admin_token, worker))
    else:
        RESULTS.append(("msgraph-beta-sdk checks", False, "no admin token"))
    passed = sum(1 for _, ok, _ in RESULTS if ok)
    failed = len(RESULTS) - passed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
