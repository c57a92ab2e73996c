"""A local emulator of the Azure AI data plane, and the routing transports that reach it.

The emulator is a small HTTP/1.1 server (standard library, asyncio) on ``127.0.0.1``. It serves the hosts and
routes of Azure AI model inference, Azure OpenAI and Claude on Foundry (``<res>.services.ai.azure.com/models/...``,
``<res>.openai.azure.com/openai/deployments/<dep>/...``, ``/openai/v1/...``, ``/anthropic/v1/messages``, project
routes, the regional host,
serverless and managed online endpoints, an API Management gateway), checks keys and unverified tokens in the
service's order (network, key auth, token presence / format / expiry / audience / tenant, role, route,
deployment) and answers every refusal with the service's real status, body and headers. On success it returns chat
completions and Claude messages (plain, or streamed event by event with ``stream_delay`` between events),
embeddings, responses and model info.

Start it::

    from inference_doctor.emulator import Emulator

    with Emulator(stream_delay=0.05) as emu:            # sync: serves from a background thread
        transport = emu.requests_transport()            # azure-core (requests)
    async with Emulator() as emu:                       # async: serves from the running loop
        transport = emu.aiohttp_transport()             # azure-core (aiohttp)

Clients keep their real Azure URLs; only the transport sends the bytes to the emulator (``Host`` keeps the Azure
host), so pipeline policies, httpx event hooks and ``response.request.url`` all see ``https://<res>...``::

    ChatCompletionsClient("https://contoso-ai.services.ai.azure.com/models", AzureKeyCredential(key),
                          transport=emu.requests_transport())
    AzureOpenAI(azure_endpoint="https://contoso-ai.openai.azure.com", api_key=key, api_version="2024-10-21",
                http_client=emu.httpx_client(event_hooks={"response": [hook]}))   # or emu.httpx2_client()

Transports and clients: ``requests_transport``, ``aiohttp_transport`` (azure-core); ``httpx_transport``,
``async_httpx_transport``, ``httpx_client``, ``async_httpx_client`` (httpx); ``httpx2_transport``,
``async_httpx2_transport``, ``httpx2_client``, ``async_httpx2_client`` (httpx2, openai 3.x's own stack; openai 3.x
accepts either an ``httpx`` or an ``httpx2`` client as ``http_client``); ``anthropic_http_client``,
``async_anthropic_http_client`` (whichever of the two the installed anthropic takes, for ``AnthropicFoundry``).
Requests seen: ``emu.count(host=, path=)``,
``emu.counts()``, ``emu.seen``, ``emu.reset_counts()``.

Streaming without timing: ``with emu.hold_streams() as gate:`` holds every streamed answer after its first event
until ``gate.release()`` (or a 10 s fallback, counted in ``gate.timed_out``); a test reads ``gate.holding`` when the
client has its first update, and more than zero proves that nothing between them buffered the stream
(``StreamGate``).

Identities: ``Identity`` (oid, tenant, appid, idtyp, audience, lifetime) and ``mint_token``; behind ordinary
credentials: ``EmulatorCredential`` / ``AsyncEmulatorCredential`` (azure-core ``TokenCredential``, ``aud`` from the
scope asked for) and ``token_provider`` / ``async_token_provider`` (openai's ``azure_ad_token_provider``).

Worlds: ``default_config()`` reproduces every catalog scenario; describe your own with the dataclasses
(``EmulatorConfig``, ``Resource``, ``Deployment``, ``RoleAssignment``, ``ServerlessEndpoint``, ``Gateway``,
``OnlineEndpoint``) or a JSON file (``load_config``; a bad one raises ``ConfigError`` naming the field). ``handle(config, request, now)`` is the service as a pure
function.

Reproductions: ``REPRODUCTIONS`` lists, per catalog scenario id, concrete client constructions with the mistake and
the service's expected status, code and message (``reproductions_for(id)``, ``REPRODUCIBLE_IDS``,
``NOT_REPRODUCIBLE``; ``WORKING_CALLS`` are correct ones). ``build_client`` / ``build_async_client`` build the real
SDK client over a running emulator (with optional ``per_call_policies`` and ``event_hooks``), ``call`` / ``acall``
perform the call, ``run`` / ``arun`` do both, and ``service_error`` reads status, code and message from either SDK's
exception.

Token acquisition, with the REAL azure-identity credentials and no Azure: the emulator also answers as Microsoft
Entra ID (``login.microsoftonline.com``, reached through the routing transports: ``entra``) and as the managed
identity endpoints (App Service, Cloud Shell, IMDS on loopback paths; the real IMDS address gets no answer:
``msi``); ``standins`` writes stand-in ``az`` / ``azd`` scripts and ``credential_sandbox`` runs credentials with
only them on ``PATH``. ``credential_reproductions`` holds the table (``CREDENTIAL_REPRODUCTIONS``, one or more rows
per token-acquisition id, and ``CREDENTIAL_WORKING``) and ``run_credential`` / ``arun_credential``, which build the
credential and a client (with ``RemediationPolicy`` or ``inference_doctor.identity``'s providers when asked) and
make the call.

From the command line: ``serve_forever(config=None, port=0, print=print)`` serves until interrupted.
"""

from __future__ import annotations

from typing import Any

from .cli import serve_forever
from .config_file import ConfigError, config_from_dict, load_config
from .credentials import AsyncEmulatorCredential, EmulatorCredential, async_token_provider, token_provider
from .defaults import default_config
from .drive import ServiceError, acall, arun, build_async_client, build_client, call, run, service_error
from .gate import StreamGate
from .model import (
    Deployment,
    EmulatorConfig,
    Gateway,
    OnlineEndpoint,
    Resource,
    RoleAssignment,
    ServerlessEndpoint,
)
from .replies import Reply
from .reproductions import (
    NOT_REPRODUCIBLE,
    REPRODUCIBLE_IDS,
    REPRODUCTIONS,
    WORKING_CALLS,
    Credential,
    Reproduction,
    reproductions_for,
)
from .request import Request
from .server import Emulator, SeenRequest
from .service import handle
from .tokens import Identity, decode_claims, mint_token

__all__ = [
    "NOT_REPRODUCIBLE",
    "REPRODUCIBLE_IDS",
    "REPRODUCTIONS",
    "WORKING_CALLS",
    "AsyncEmulatorCredential",
    "AsyncHttpx2RoutingTransport",
    "AsyncHttpxRoutingTransport",
    "ConfigError",
    "Credential",
    "Deployment",
    "Emulator",
    "EmulatorConfig",
    "EmulatorCredential",
    "Gateway",
    "Httpx2RoutingTransport",
    "HttpxRoutingTransport",
    "Identity",
    "OnlineEndpoint",
    "Reply",
    "Reproduction",
    "Request",
    "Resource",
    "RoleAssignment",
    "RoutingAioHttpTransport",
    "RoutingRequestsTransport",
    "SeenRequest",
    "ServerlessEndpoint",
    "ServiceError",
    "StreamGate",
    "acall",
    "arun",
    "async_token_provider",
    "build_async_client",
    "build_client",
    "call",
    "config_from_dict",
    "decode_claims",
    "default_config",
    "handle",
    "load_config",
    "mint_token",
    "reproductions_for",
    "run",
    "serve_forever",
    "service_error",
    "token_provider",
]

_LAZY = {
    "RoutingRequestsTransport": ("._azure_transports", "RoutingRequestsTransport"),
    "RoutingAioHttpTransport": ("._azure_transports", "RoutingAioHttpTransport"),
    "HttpxRoutingTransport": ("._httpx_transports", "RoutingTransport"),
    "AsyncHttpxRoutingTransport": ("._httpx_transports", "AsyncRoutingTransport"),
    "Httpx2RoutingTransport": ("._httpx2_transports", "RoutingTransport"),
    "AsyncHttpx2RoutingTransport": ("._httpx2_transports", "AsyncRoutingTransport"),
}


def __getattr__(name: str) -> Any:
    """The transport classes, imported on first use (they need requests, aiohttp, httpx or httpx2)."""
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module, __name__), attr)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
