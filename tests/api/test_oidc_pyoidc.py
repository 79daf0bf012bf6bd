"""Single sign-on with a second, independent relying party: pyoidc (PyPI `oic`), the OpenID-certified Python
RP library, so the provider is not only tested against the library it is built on (Authlib).

For a confidential client with client_secret_basic, one with client_secret_post, and a public client:
discovery, the code flow with PKCE S256 and a nonce, the token exchange with the registered method, the ID
token checked by pyoidc against our JWKS (signature, iss, aud, exp, nonce), and userinfo. pyoidc refuses an
issuer that is not https, so this module runs its own gunicorn over TLS with a throwaway certificate.
"""

import datetime as dt
import ipaddress
import os
import re
import secrets
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from oic.oic import Client
from oic.oic.message import AuthorizationResponse, OpenIDSchema, RegistrationResponse
from oic.utils.authn.client import CLIENT_AUTHN_METHOD
from oic.utils.keyio import KeyJar
from oic.utils.settings import OicClientSettings
from tongban.extensions import db
from tongban.identity import oauth_service
from tongban.identity.verifier import demo_registry

from tests.support.live import free_port

REDIRECT = "https://localhost:9/callback"
SCOPE = "openid profile loa"


def self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@contextmanager
def tls_server(database_url: str, directory: Path):
    cert, key = self_signed(directory)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TONGBAN_")}
    env.update(TONGBAN_ENV="test", TONGBAN_DATABASE_URL=database_url)  # Secure cookies: this is https
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    with (directory / "gunicorn.log").open("w") as out:
        proc = subprocess.Popen([gunicorn, "-b", f"127.0.0.1:{port}", "-w", "1", "--threads", "4",
                                 "--certfile", str(cert), "--keyfile", str(key), "tongban.wsgi:app"],
                                env=env, stdout=out, stderr=subprocess.STDOUT)
        # 127.0.0.1, not localhost: pyoidc fetches a JWKS on "localhost" without checking the certificate.
        base = f"https://127.0.0.1:{port}"
        try:
            for _ in range(150):
                try:
                    if requests.get(base + "/api/v1/health", timeout=5, verify=str(cert)).status_code == 200:
                        break
                except requests.RequestException:
                    time.sleep(0.1)
            else:
                raise RuntimeError("server did not start: " + (directory / "gunicorn.log").read_text())
            yield base, str(cert)
        finally:
            proc.terminate()
            proc.wait(10)


@pytest.fixture(scope="module")
def server(app, database_url, tmp_path_factory):  # app: the database is migrated and loaded
    with tls_server(database_url, tmp_path_factory.mktemp("tls")) as found:
        yield found


@pytest.fixture(scope="module")
def clients(app):
    with app.app_context():
        made = {}
        for method in oauth_service.AUTH_METHODS:
            client, secret = oauth_service.create_client(f"部门系统（pyoidc {method}）", [REDIRECT], SCOPE,
                                                         ["authorization_code", "refresh_token"], public=False,
                                                         actor="test", auth_method=method)
            made[method] = (client.client_id, secret)
        db.session.commit()
        return made


@pytest.fixture(scope="module")
def browser(server):
    """A resident's browser: signed up with a sandbox code, real-name verified (L2)."""
    base, cafile = server
    ua = requests.Session()
    ua.verify, ua.trust_env = cafile, False  # the environment's CA bundle would win over verify
    ua.get(base + "/api/v1/health")
    phone = f"136{secrets.randbelow(10**8):08d}"
    ua.headers["X-CSRF-Token"] = ua.cookies["tb_csrf"]
    assert ua.post(base + "/api/v1/auth/codes", json={"phone": phone, "purpose": "signup"}).status_code == 202
    body = next(m["body"] for m in ua.get(base + "/api/v1/dev/outbox").json()["items"] if m["phone"] == phone)
    code = re.search(r"\d{6}", body).group(0)
    assert ua.post(base + "/api/v1/auth/signup", json={"phone": phone, "code": code}).status_code == 201
    ua.headers["X-CSRF-Token"] = ua.cookies["tb_csrf"]
    number, name = next((k, v) for k, v in demo_registry().items() if v == "测试用户丙")
    assert ua.post(base + "/api/v1/me/real-name", json={"name": name, "id_number": number}).status_code == 200
    return ua


def sign_in_at(base, ua, url):
    """What the person's browser does with the authorization URL: go, allow on the consent page."""
    location = ua.get(url, allow_redirects=False).headers["Location"]
    if location.startswith("/consent?"):
        info = ua.get(base + "/api/v1/oauth/consent?" + urlsplit(location).query).json()
        location = ua.post(base + "/oauth/authorize", data={**info["params"], "csrf_token": info["csrf_token"],
                                                             "decision": "allow"},
                           allow_redirects=False).headers["Location"]
    assert location.startswith(REDIRECT), location
    return location


@pytest.mark.parametrize("method", ["client_secret_basic", "client_secret_post", "none"])
def test_pyoidc_signs_in_with_every_advertised_client_authentication_method(server, clients, browser, method):
    base, cafile = server
    client_id, secret = clients[method]
    rp = Client(client_authn_method=CLIENT_AUTHN_METHOD, settings=OicClientSettings(verify_ssl=cafile))
    rp.keyjar = KeyJar(verify_ssl=cafile)
    rp.provider_config(base)  # discovery, and the JWKS into pyoidc's key jar
    assert rp.provider_info["issuer"] == base
    assert method in rp.provider_info["token_endpoint_auth_methods_supported"]
    registration = {"client_id": client_id, "redirect_uris": [REDIRECT], "token_endpoint_auth_method": method}
    if secret:
        registration["client_secret"] = secret
    rp.store_registration_info(RegistrationResponse(**registration))

    state, nonce = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    pkce, verifier = rp.add_code_challenge()  # S256 is pyoidc's default
    assert pkce["code_challenge_method"] == "S256"
    request = rp.construct_AuthorizationRequest(request_args={
        "client_id": client_id, "response_type": "code", "scope": SCOPE.split(), "redirect_uri": REDIRECT,
        "state": state, "nonce": nonce, **pkce})
    rp.state2nonce[state] = nonce  # pyoidc checks the ID token's nonce against this
    location = sign_in_at(base, browser, request.request(rp.authorization_endpoint))

    answer = rp.parse_response(AuthorizationResponse, info=urlsplit(location).query, sformat="urlencoded")
    assert isinstance(answer, AuthorizationResponse) and answer["state"] == state
    tokens = rp.do_access_token_request(
        state=state, request_args={"code": answer["code"], "redirect_uri": REDIRECT, "code_verifier": verifier,
                                   "client_id": client_id},
        authn_method=None if method == "none" else method)
    assert "error" not in tokens, tokens.to_dict()
    id_token = tokens["id_token"]  # pyoidc verified its signature (our JWKS), iss, aud, exp and nonce
    assert id_token["iss"] == base and client_id in id_token["aud"] and id_token["nonce"] == nonce
    assert id_token["acr"] == "urn:tongban:loa:L2" and id_token["auth_time"] <= time.time()

    info = rp.do_user_info_request(state=state)
    assert isinstance(info, OpenIDSchema), info.to_dict()
    assert info["sub"] == id_token["sub"] and info["name"] == "测试用户丙" and info["tongban_loa"] == "L2"
