"""Managed identity endpoints on loopback: the App Service identity endpoint, Cloud Shell's token endpoint and the
instance metadata service (IMDS), answering as they do in the field.

The real azure-identity credentials reach them through the environment variables the platforms set, pointed at
the emulator (`Emulator.address` is ``http://127.0.0.1:<port>``):

- App Service / Functions: ``IDENTITY_ENDPOINT=<address>/app-service/<host>/msi/token`` and any
  ``IDENTITY_HEADER``. ``<host>`` chooses what the host has: ``system`` (a system-assigned identity: tokens for
  it, and ``No MSI found for specified ClientId/ResourceId.`` for a ``client_id`` it does not have) or ``slow``
  (answers after `SLOW_SECONDS`, past a client's read timeout);
- Cloud Shell: ``MSI_ENDPOINT=<address>/cloud-shell/oauth2/token``: tokens for the audiences Cloud Shell lists,
  ``AudienceNotSupported`` for any other (``https://ai.azure.com`` and ``https://cognitiveservices.azure.com``
  among them, as reported in Azure/CloudShell issues 351 and 550);
- IMDS: ``AZURE_POD_IDENTITY_AUTHORITY_HOST=<address>/imds/<host>`` (the variable azure-identity and MSAL both
  read for the IMDS address): ``system`` (as above, ``Identity not found`` for another identity) or
  ``no-identity`` (``Identity not found`` for every request). A request for the real IMDS address
  (``169.254.169.254``), routed here by the emulator's transports, gets no answer at all: the connection is
  closed, as when the code runs outside Azure.
"""

from __future__ import annotations

import time
import uuid
from urllib.parse import parse_qsl

from . import defaults as d
from .replies import NO_ANSWER, Reply, dump_json
from .request import Request
from .tokens import mint_token

__all__ = ["IMDS_HOST", "SLOW_SECONDS", "answer", "serves"]

IMDS_HOST = "169.254.169.254"
SLOW_SECONDS = 5.0
"""How long the ``slow`` App Service host takes to answer (a test sets its client's read timeout below it)."""

CLOUD_SHELL_AUDIENCES = (
    "https://management.core.windows.net/",
    "https://management.azure.com/",
    "https://graph.windows.net/",
    "https://vault.azure.net",
    "https://datalake.azure.net/",
    "https://outlook.office365.com/",
    "https://graph.microsoft.com/",
    "https://batch.core.windows.net/",
    "https://analysis.windows.net/powerbi/api",
    "https://storage.azure.com/",
    "https://rest.media.azure.net",
    "https://api.loganalytics.io",
    "https://ossrdbms-aad.database.windows.net",
    "https://www.yammer.com",
    "https://digitaltwins.azure.net",
    "https://dev.azuresynapse.net",
    "https://database.windows.net",
    "https://quantum.microsoft.com",
)
"""The audiences Cloud Shell's managed identity serves (its own list, as its error message prints it)."""

_PREFIXES = ("/app-service/", "/cloud-shell/", "/imds/")


def serves(request: Request) -> bool:
    """Whether the request is for one of the managed identity endpoints."""
    return request.host == IMDS_HOST or request.path.startswith(_PREFIXES)


def _json(status: int, payload: object) -> Reply:
    return Reply(status, (("content-type", "application/json; charset=utf-8"),), dump_json(payload))


def _user_assigned(params: dict[str, str]) -> bool:
    return any(
        params.get(k)
        for k in ("client_id", "clientid", "object_id", "principal_id", "mi_res_id", "msi_res_id")
    )


def _resource(params: dict[str, str]) -> str:
    return params.get("resource", "").rstrip("/")


def _app_service(host: str, request: Request, now: float) -> Reply:
    if host == "slow":
        return Reply(
            200,
            (("content-type", "application/json; charset=utf-8"),),
            dump_json({"statusCode": 500, "message": "too late"}),
            delay=SLOW_SECONDS,
        )
    if not request.header("x-identity-header"):
        return _json(
            401, {"statusCode": 401, "message": "X-IDENTITY-HEADER is required.", "correlationId": ""}
        )
    params = dict(request.query)
    if host != "system" or _user_assigned(params):
        return _json(
            400,
            {
                "statusCode": 400,
                "message": "No MSI found for specified ClientId/ResourceId.",
                "correlationId": str(uuid.uuid4()),
            },
        )
    resource = _resource(params)
    return _json(
        200,
        {
            "access_token": mint_token(d.APP, f"{resource}/.default", now=now),
            "expires_on": str(int(now) + 86399),
            "resource": resource,
            "token_type": "Bearer",
            "client_id": d.APP.appid,
        },
    )


def _cloud_shell(request: Request, now: float) -> Reply:
    form = dict(parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True))
    resource = form.get("resource", "")
    if resource.rstrip("/") not in {a.rstrip("/") for a in CLOUD_SHELL_AUDIENCES}:
        message = (
            f"Audience {resource} is not a supported MSI token audience. Supported audiences: "
            + ",".join(CLOUD_SHELL_AUDIENCES)
        )
        return _json(400, {"error": {"code": "AudienceNotSupported", "message": message}})
    return _json(
        200,
        {
            "access_token": mint_token(d.ALICE, f"{resource.rstrip('/')}/.default", now=now),
            "expires_in": "3599",
            "expires_on": str(int(now) + 3599),
            "resource": resource,
            "token_type": "Bearer",
        },
    )


def _imds(host: str, request: Request, now: float) -> Reply:
    params = dict(request.query)
    if host != "system" or _user_assigned(params):
        return _json(400, {"error": "invalid_request", "error_description": "Identity not found"})
    resource = _resource(params)
    return _json(
        200,
        {
            "access_token": mint_token(d.APP, f"{resource}/.default", now=now),
            "client_id": d.APP.appid,
            "expires_in": "86399",
            "expires_on": str(int(now) + 86399),
            "ext_expires_in": "86399",
            "not_before": str(int(now)),
            "resource": resource,
            "token_type": "Bearer",
        },
    )


def answer(request: Request, now: float | None = None) -> Reply:
    """The managed identity endpoint's answer to one request (`serves(request)` must be true)."""
    now = time.time() if now is None else now
    if request.host == IMDS_HOST:
        return NO_ANSWER  # the real IMDS address, outside Azure: nothing answers
    segments = [s for s in request.path.split("/") if s]
    kind, host = segments[0], (segments[1] if len(segments) > 1 else "")
    if kind == "app-service" and segments[2:] == ["msi", "token"]:
        return _app_service(host, request, now)
    if kind == "cloud-shell" and request.method == "POST":
        return _cloud_shell(request, now)
    if kind == "imds" and segments[2:] == ["metadata", "identity", "oauth2", "token"]:
        return _imds(host, request, now)
    return _json(404, {"error": "not_found", "error_description": f"no endpoint at {request.path}"})
