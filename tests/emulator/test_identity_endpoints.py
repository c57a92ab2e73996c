"""The emulator's identity side: Entra ID's token endpoint, the managed identity endpoints, the stand-in CLIs and
the sandbox, and every token-acquisition reproduction driven through the REAL azure-identity credentials."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from azure.core.exceptions import ClientAuthenticationError

from inference_doctor.emulator import Emulator, Request, entra, msi
from inference_doctor.emulator import defaults as d
from inference_doctor.emulator.credential_reproductions import (
    CI_CLIENT,
    CI_SECRET,
    CREDENTIAL_REPRODUCTIONS,
    CREDENTIAL_WORKING,
    CredentialReproduction,
    run_credential,
)
from inference_doctor.emulator.standins import CliOutput, credential_sandbox, write_cli
from inference_doctor.emulator.tokens import decode_claims

NOW = 1_800_000_000.0
TOKEN_PATH = f"/{d.TENANT}/oauth2/v2.0/token"


def form(**fields: str) -> bytes:
    from urllib.parse import urlencode

    return urlencode(fields).encode()


def entra_post(body: bytes, tenant: str = d.TENANT) -> tuple[int, dict[str, object]]:
    request = Request.build("POST", f"/{tenant}/oauth2/v2.0/token", {"Host": entra.LOGIN_HOST}, body)
    reply = entra.answer(request, NOW)
    return reply.status, json.loads(reply.body)


def client_credentials(**changes: str) -> bytes:
    fields = {
        "grant_type": "client_credentials",
        "client_id": CI_CLIENT,
        "client_secret": CI_SECRET,
        "scope": "https://ai.azure.com/.default",
    }
    fields.update(changes)
    return form(**fields)


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({}, 200, None),
        ({"client_secret": "not-the-secret"}, 401, 7000215),
        ({"client_secret": entra.CI_APP.expired_secrets[0]}, 401, 7000222),
        ({"client_id": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"}, 400, 700016),
        ({"scope": "https://ai.azure.com"}, 400, 1002012),
        ({"scope": "api://contoso-ai/.default"}, 400, 500011),
        ({"scope": "https://ai.azure.com/.default https://graph.microsoft.com/.default"}, 400, 70011),
        (
            {"client_id": entra.DISABLED_APP.client_id, "client_secret": entra.DISABLED_APP.secrets[0]},
            400,
            7000112,
        ),
    ],
)
def test_token_endpoint_answers_as_entra(changes: dict[str, str], status: int, code: int | None) -> None:
    """A client-credentials request gets a token, or Entra's status and AADSTS code with its OAuth body shape."""
    got_status, body = entra_post(client_credentials(**changes))
    assert got_status == status
    if code is None:
        claims = decode_claims(str(body["access_token"]))
        assert claims is not None
        assert claims["aud"] == "https://ai.azure.com"
        assert claims["appid"] == CI_CLIENT
        return
    assert body["error_codes"] == [code]
    assert str(body["error_description"]).startswith(f"AADSTS{code}: ")
    assert "Trace ID: " in str(body["error_description"])
    assert body["error_uri"] == f"https://login.microsoftonline.com/error?code={code}"


def test_token_endpoint_never_echoes_the_secret() -> None:
    """Whatever secret was sent, no answer quotes it."""
    secret = "Zx8Q~not-a-real-secret-but-shaped-like-one-00"
    for changes in ({"client_secret": secret}, {"client_secret": secret, "scope": "api://x/.default"}):
        _, body = entra_post(client_credentials(**changes))
        assert secret not in json.dumps(body), "secret leaked"


@pytest.mark.parametrize(
    ("subject", "audience", "code"),
    [
        ("repo:contoso/chat-app:environment:production", entra.EXCHANGE_AUDIENCE, None),
        ("repo:contoso/chat-app:pull_request", entra.EXCHANGE_AUDIENCE, 700213),
        ("repo:contoso/chat-app:environment:production", "api://SomethingElse", 70021),
    ],
)
def test_federated_assertion_matched_against_the_credential(
    subject: str, audience: str, code: int | None
) -> None:
    """A federated assertion is matched on issuer, subject and audience, as Entra does."""
    from inference_doctor.emulator.tokens import Identity, mint_token

    assertion = mint_token(
        Identity(
            oid="",
            tenant_id=d.TENANT,
            aud=audience,
            extra={"iss": "https://token.actions.githubusercontent.com", "sub": subject},
        ),
        now=NOW,
    )
    status, body = entra_post(
        form(
            grant_type="client_credentials",
            client_id=CI_CLIENT,
            client_assertion=assertion,
            client_assertion_type="urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            scope="https://ai.azure.com/.default",
        )
    )
    assert (status == 200) is (code is None)
    if code is not None:
        assert body["error_codes"] == [code]


def test_unknown_tenant_has_no_openid_configuration() -> None:
    """Tenant discovery for a tenant the directory lacks answers AADSTS90002; a known tenant gets its document."""
    unknown = Request.build(
        "GET", "/0000-nope/v2.0/.well-known/openid-configuration", {"Host": entra.LOGIN_HOST}
    )
    known = Request.build(
        "GET", f"/{d.TENANT}/v2.0/.well-known/openid-configuration", {"Host": entra.LOGIN_HOST}
    )
    assert entra.answer(unknown, NOW).status == 400
    assert json.loads(entra.answer(unknown, NOW).body)["error_codes"] == [90002]
    document = json.loads(entra.answer(known, NOW).body)
    assert document["token_endpoint"] == f"https://login.microsoftonline.com/{d.TENANT}/oauth2/v2.0/token"


@pytest.mark.parametrize(
    ("target", "headers", "status", "text"),
    [
        ("/app-service/system/msi/token?api-version=2019-08-01&resource=https://ai.azure.com",
         {"X-IDENTITY-HEADER": "h"}, 200, "access_token"),
        ("/app-service/system/msi/token?api-version=2019-08-01&resource=https://ai.azure.com&client_id=x",
         {"X-IDENTITY-HEADER": "h"}, 400, "No MSI found for specified ClientId/ResourceId."),
        ("/app-service/system/msi/token?resource=https://ai.azure.com", {}, 401, "X-IDENTITY-HEADER"),
        ("/imds/system/metadata/identity/oauth2/token?resource=https://ai.azure.com", {}, 200, "access_token"),
        ("/imds/no-identity/metadata/identity/oauth2/token?resource=https://ai.azure.com", {}, 400,
         "Identity not found"),
    ],
)  # fmt: skip
def test_managed_identity_endpoints(target: str, headers: dict[str, str], status: int, text: str) -> None:
    """The App Service and IMDS endpoints answer a token, or their real refusal, per the host's identity."""
    request = Request.build("GET", target, {"Host": "127.0.0.1:1234", **headers})
    assert msi.serves(request)
    reply = msi.answer(request, NOW)
    assert reply.status == status
    assert text in reply.body.decode()


def test_cloud_shell_refuses_the_inference_audiences() -> None:
    """Cloud Shell's identity serves management but not ai.azure.com (AudienceNotSupported, 400)."""

    def post(resource: str) -> tuple[int, str]:
        request = Request.build(
            "POST", "/cloud-shell/oauth2/token", {"Host": "127.0.0.1"}, form(resource=resource)
        )
        reply = msi.answer(request, NOW)
        return reply.status, reply.body.decode()

    assert post("https://management.azure.com/")[0] == 200
    status, body = post("https://ai.azure.com")
    assert status == 400
    assert "Audience https://ai.azure.com is not a supported MSI token audience." in body
    assert json.loads(body)["error"]["code"] == "AudienceNotSupported"


def test_real_imds_address_gets_no_answer() -> None:
    """A request for 169.254.169.254 (routed to the emulator) is dropped, never answered."""
    request = Request.build("GET", "/metadata/identity/oauth2/token", {"Host": msi.IMDS_HOST})
    assert msi.answer(request, NOW).status == 0


def test_stand_in_prints_exactly_and_exits(tmp_path: Path) -> None:
    """A stand-in prints its stdout and stderr verbatim (quotes, backticks, $ and % included) and exits as told."""
    text = 'ERROR: it\'s `azd` $HOME 100% "quoted"\nsecond line\n'
    path = write_cli(tmp_path, "az", CliOutput(stdout="{}\n", stderr=text, exit_code=3))
    done = subprocess.run([str(path)], capture_output=True, text=True, env={"PATH": ""}, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (3, "{}\n", text)


def test_sandbox_controls_and_restores_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside: only the stand-ins on PATH, a fresh HOME, no AZURE_* left; outside again: all as it was."""
    monkeypatch.setenv("AZURE_CLIENT_SECRET", "left-over")
    monkeypatch.setenv("IDENTITY_ENDPOINT", "http://169.254.0.1/")
    before = dict(os.environ)
    with credential_sandbox(clis={"az": CliOutput(exit_code=0)}, environment={"X_FILE": "{dir}/f"}) as root:
        import shutil

        assert "AZURE_CLIENT_SECRET" not in os.environ
        assert "IDENTITY_ENDPOINT" not in os.environ
        assert shutil.which("az") == str(root / "bin" / "az")
        assert shutil.which("sh") is None  # nothing but the stand-ins
        assert os.environ["HOME"] == str(root / "home")
        assert os.environ["X_FILE"] == f"{root}/f"
    assert dict(os.environ) == before


def test_table_covers_every_acquisition_id() -> None:
    """Every token-acquisition id of the catalog has at least one reproduction with a real credential."""
    from inference_doctor import SCENARIOS

    acquisition = {s.id for s in SCENARIOS if s.group == "acquisition"}
    assert {r.scenario for r in CREDENTIAL_REPRODUCTIONS} == acquisition
    ids = [r.id for r in CREDENTIAL_REPRODUCTIONS + CREDENTIAL_WORKING]
    assert len(ids) == len(set(ids))


@pytest.fixture(scope="module")
def identity_emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


@pytest.mark.parametrize("rep", CREDENTIAL_REPRODUCTIONS, ids=lambda r: r.id)
def test_real_credential_fails_as_in_the_field(
    rep: CredentialReproduction, identity_emulator: Emulator
) -> None:
    """Without inference-doctor, the row's real credential raises its own exception, with the field's words."""
    identity_emulator.reset_counts()
    with pytest.raises(Exception) as caught:
        run_credential(rep, identity_emulator, remediation=False)
    error = caught.value
    if rep.scenario == "token-provider-empty":
        assert type(error) is ValueError  # openai's own check of the provider's result
    else:
        assert isinstance(error, (ClientAuthenticationError, ValueError)), type(error)
    assert rep.shows in str(error)
    if rep.setup.secret is not None:
        assert rep.setup.secret not in str(error), "secret leaked"
    if rep.setup.credential == "ClientSecretCredential" and "tenant" not in rep.variant:
        assert identity_emulator.count(host=entra.LOGIN_HOST, path=TOKEN_PATH) == 1  # MSAL's real request


@pytest.mark.parametrize("rep", CREDENTIAL_WORKING, ids=lambda r: r.id)
def test_working_credentials_reach_the_service(
    rep: CredentialReproduction, identity_emulator: Emulator
) -> None:
    """A correctly set up credential gets a token the emulated service accepts: the call succeeds."""
    result = run_credential(rep, identity_emulator, remediation=False)
    assert result.choices[0].message.content
