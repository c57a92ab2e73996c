"""Transparency: adding an interceptor changes nothing but the exception the caller finally gets.

For a table of setups (auth flows that re-send after a 401, openai's own workload-identity auth, retry-after and
x-should-retry, a CAE challenge, gzip, chunked bodies, bodies over the 1 MiB cap, a user's own re-sending policy,
other hooks), the same call runs twice through the real SDK client: once without the interceptor (the reference)
and once with it. The comparison: the same outcome (the same value, or an exception of the same class), the same
number of HTTP attempts, the same exception attributes, the same responses seen by the user's own hooks; the one
difference allowed is that a final 400/401/403/404 is ALSO a `RemediationError` carrying a diagnosis, whose text
follows the SDK's own. Enriched exceptions then round-trip through pickle and the copy module wherever the SDK's
own payload can.

openai: `AzureOpenAI` / `AsyncAzureOpenAI` (and `OpenAI` / `AsyncOpenAI` for workload identity) over httpx and httpx2
MockTransports, the hook attached both ways (``remediation_hooks()`` at construction, ``instrument()`` after).
azure: azure-ai-inference's `ChatCompletionsClient` (sync and ``.aio``) over the in-memory azure-core transports of
`hardening_strategies`, ``stream=False`` and ``stream=True``.
"""

from __future__ import annotations

import asyncio
import copy
import json
import multiprocessing
import pickle
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import child_calls
import httpx
import openai
import pytest
from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.aio import ChatCompletionsClient as AsyncChatCompletionsClient
from azure.core.credentials import AccessToken, AzureKeyCredential
from azure.core.exceptions import ClientAuthenticationError, HttpResponseError
from azure.core.pipeline.policies import AsyncHTTPPolicy, HTTPPolicy
from doctor_testing import DEPLOYMENT_NOT_FOUND, completion, mint
from hardening_strategies import (
    AzureFakeAsyncTransport,
    AzureFakeTransport,
    AzureReply,
    Outcome,
    ReplySpec,
    capture_logs,
    run_async,
    run_sync,
)

from inference_doctor import RemediationError
from inference_doctor._intercept import BODY_CAP
from inference_doctor.azure import AsyncRemediationPolicy, RemediationPolicy
from inference_doctor.openai import async_remediation_hooks, instrument, remediation_hooks

try:
    import httpx2
except ImportError:  # pragma: no cover - openai 2.x runs on httpx only
    httpx2 = None

LIBS = ["httpx", *(["httpx2"] if httpx2 is not None else [])]
KEY = "".join(f"{i:x}" for i in range(16)) * 2  # Azure-shaped, fake
AOAI = "https://contoso-ai.openai.azure.com"
MODELS = "https://contoso-ai.services.ai.azure.com/models"
MESSAGES = [{"role": "user", "content": "hi"}]
TOKEN_401 = {
    "statusCode": 401,
    "message": "Unauthorized. Access token is missing, invalid, audience is incorrect "
    "(https://cognitiveservices.azure.com), or have expired.",
}
CLAIMS = "eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwidmFsdWUiOiIxNzI2MjU4MTIyIn19fQ"
CAE_CHALLENGE = (
    'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", '
    f'error="insufficient_claims", claims="{CLAIMS}"'
)
# Over the cap, so that an interceptor holding at most BODY_CAP cannot be what the SDK reads.
BIG_404 = json.dumps(
    {
        "error": {
            "code": "DeploymentNotFound",
            "message": "The API deployment does not exist. " + "x" * (2 * BODY_CAP),
        }
    }
).encode()


def _json(payload: object) -> bytes:
    return json.dumps(payload).encode()


# --- what the service answers ---------------------------------------------------------------------------------


def _answer(
    status: int, payload: object, *, chunked: bool = False, gzipped: bool = False, **headers: str
) -> ReplySpec:
    """One answer of the mock service, JSON, framed and encoded as asked (`hardening_strategies.ReplySpec`)."""
    body = payload if isinstance(payload, bytes) else _json(payload)
    headers = {"Content-Type": "application/json", "apim-request-id": "req-0001", **headers}
    return ReplySpec(status, body, headers, length=not chunked, encoding="gzip" if gzipped else "identity")


Service = Callable[[str, int], ReplySpec]
"""(the credential the request carries, the attempt number from 1) -> the answer."""


def _ok() -> ReplySpec:
    return _answer(200, completion())


def _401(**headers: str) -> ReplySpec:
    return _answer(401, TOKEN_401, **headers)


def fresh_token_only(credential: str, attempt: int) -> ReplySpec:
    """Accepts only the refreshed credential: the first attempt fails with a 401, the re-sent one succeeds."""
    return _ok() if "fresh" in credential else _401()


def always_401(credential: str, attempt: int) -> ReplySpec:
    """Refuses every attempt."""
    return _401()


def cae(credential: str, attempt: int) -> ReplySpec:
    """A claims challenge (CAE) until the request carries a token obtained for the claims."""
    return _ok() if "claims" in credential else _401(**{"WWW-Authenticate": CAE_CHALLENGE})


def cae_refused(credential: str, attempt: int) -> ReplySpec:
    """A claims challenge every time."""
    return _401(**{"WWW-Authenticate": CAE_CHALLENGE})


def should_retry_then_ok(credential: str, attempt: int) -> ReplySpec:
    """A 401 the service marks retryable (openai's x-should-retry), then a success."""
    return _ok() if attempt > 1 else _401(**{"x-should-retry": "true", "retry-after-ms": "1"})


def should_retry_always(credential: str, attempt: int) -> ReplySpec:
    """A retryable 401 every time: the SDK retries until its budget is spent."""
    return _401(**{"x-should-retry": "true", "retry-after-ms": "1"})


def retry_after_401(credential: str, attempt: int) -> ReplySpec:
    """A 401 with Retry-After (azure-core retries any status that carries one), then a success."""
    return _ok() if attempt > 1 else _401(**{"Retry-After": "0"})


def throttled_then_404(credential: str, attempt: int) -> ReplySpec:
    """A 429 with a retry delay, then a 404: the SDK retries the first and raises for the second."""
    if attempt == 1:
        return _answer(
            429,
            {"error": {"code": "429", "message": "Rate limit."}},
            **{"retry-after-ms": "1", "Retry-After": "0"},
        )
    return _answer(404, DEPLOYMENT_NOT_FOUND)


def answer_404(*, gzipped: bool = False, chunked: bool = False, body: bytes | None = None) -> Service:
    """The same 404 every time, encoded and framed as asked."""
    answer = _answer(404, DEPLOYMENT_NOT_FOUND if body is None else body, chunked=chunked, gzipped=gzipped)
    return lambda credential, attempt: answer


BODY_ROWS: dict[str, Service] = {
    "gzip-404": answer_404(gzipped=True),
    "gzip-404-chunked": answer_404(gzipped=True, chunked=True),
    "404-over-the-cap": answer_404(body=BIG_404),
    "404-over-the-cap-chunked": answer_404(body=BIG_404, chunked=True),
    "404-over-the-cap-gzip-chunked": answer_404(body=BIG_404, chunked=True, gzipped=True),
}
"""Encodings, framings and sizes: rows of both tables."""


# --- openai ---------------------------------------------------------------------------------------------------------


def _lib(name: str) -> Any:
    return httpx2 if name == "httpx2" else httpx


def refresh_on_401(lib: Any, *, on_challenge_only: bool = False) -> Any:
    """A token-refreshing `httpx.Auth` of the usual shape: authorize, and on a 401 refresh the token and re-send.

    `on_challenge_only`: re-send only for a CAE challenge, with a token obtained for the claims.
    """

    class RefreshOn401(lib.Auth):  # type: ignore[misc,name-defined]
        def __init__(self) -> None:
            self.token = "stale-token"

        def auth_flow(self, request: Any) -> Any:
            request.headers["Authorization"] = f"Bearer {self.token}"
            response = yield request
            if response.status_code != 401:
                return
            if on_challenge_only:
                if "insufficient_claims" not in response.headers.get("WWW-Authenticate", ""):
                    return
                self.token = "claims-token"
            else:
                self.token = "fresh-token"
            request.headers["Authorization"] = f"Bearer {self.token}"
            yield request

    return RefreshOn401()


@dataclass(frozen=True)
class OpenAISetup:
    """One row of the openai table."""

    service: Service
    auth: str = "key"
    """key | refresh (an httpx.Auth re-sending after a 401) | cae (one re-sending on a claims challenge) |
    workload (openai's own workload-identity auth, which re-sends once after a 401)"""
    max_retries: int = 0
    hooks: str = "none"
    """none | after (a user response hook after the remediation hook) | before (one before it, which reads)"""


OPENAI_SETUPS = {
    "auth-refresh-succeeds": OpenAISetup(fresh_token_only, auth="refresh"),
    "auth-refresh-still-401": OpenAISetup(always_401, auth="refresh"),
    "cae-challenge-answered": OpenAISetup(cae, auth="cae"),
    "cae-challenge-refused": OpenAISetup(cae_refused, auth="cae"),
    "workload-identity-refresh": OpenAISetup(fresh_token_only, auth="workload"),
    "workload-identity-still-401": OpenAISetup(always_401, auth="workload"),
    "x-should-retry-then-ok": OpenAISetup(should_retry_then_ok, max_retries=2),
    "x-should-retry-exhausted": OpenAISetup(should_retry_always, max_retries=2),
    "retry-after-429-then-404": OpenAISetup(throttled_then_404, max_retries=2),
    **{name: OpenAISetup(service) for name, service in BODY_ROWS.items()},
    "hook-after-ours": OpenAISetup(always_401, hooks="after"),
    "hook-after-ours-auth-refresh": OpenAISetup(fresh_token_only, auth="refresh", hooks="after"),
    "hook-before-ours-reads": OpenAISetup(answer_404(chunked=True), hooks="before"),
}


@dataclass
class OpenAIRun:
    """One call's outcome, and the statuses the user's own hook saw."""

    outcome: Outcome
    seen: list[int]


def _credential(request: Any) -> str:
    return str(request.headers.get("Authorization", "")) + str(request.headers.get("api-key", ""))


def _openai_transport(lib: Any, service: Service, counter: list[int], *, is_async: bool) -> Any:
    """A MockTransport whose bodies stream in 64 KiB chunks, as from a socket (with or without a length)."""

    def respond(request: Any) -> Any:
        counter[0] += 1
        reply = service(_credential(request), counter[0])
        if is_async:

            async def achunks() -> AsyncIterator[bytes]:
                for chunk in reply.chunks():
                    yield chunk

            return lib.Response(reply.status, headers=reply.wire_headers(), content=achunks())
        return lib.Response(reply.status, headers=reply.wire_headers(), content=reply.chunks())

    if is_async:

        async def arespond(request: Any) -> Any:
            await request.aread()
            return respond(request)

        return lib.MockTransport(arespond)
    return lib.MockTransport(respond)


def _user_hook(seen: list[int], *, is_async: bool, reads: bool) -> Any:
    def hook(response: Any) -> None:
        if reads and response.status_code >= 400:
            response.read()
        seen.append(response.status_code)

    async def ahook(response: Any) -> None:
        if reads and response.status_code >= 400:
            await response.aread()
        seen.append(response.status_code)

    return ahook if is_async else hook


def openai_run(setup: OpenAISetup, *, kind: str, lib_name: str, mode: str | None) -> OpenAIRun:
    """One chat completion through a real openai client of `kind`, the hook attached by `mode` (None: without)."""
    lib = _lib(lib_name)
    is_async = kind.startswith("Async")
    counter = [0]
    seen: list[int] = []
    user_hooks: list[Any] = []
    if setup.hooks == "before":
        user_hooks.append(_user_hook(seen, is_async=is_async, reads=True))
    hooks: dict[str, list[Any]] = {"response": user_hooks}
    if mode == "hooks":
        hooks = async_remediation_hooks(hooks) if is_async else remediation_hooks(hooks)
    auth = {"refresh": refresh_on_401(lib), "cae": refresh_on_401(lib, on_challenge_only=True)}.get(
        setup.auth
    )
    http = (lib.AsyncClient if is_async else lib.Client)(
        transport=_openai_transport(lib, setup.service, counter, is_async=is_async),
        event_hooks=hooks,
        auth=auth,
    )
    kwargs: dict[str, Any] = {"http_client": http, "max_retries": setup.max_retries}
    if kind.endswith("AzureOpenAI"):
        kwargs.update(azure_endpoint=AOAI, api_version="2024-10-21", api_key=KEY)
    elif setup.auth == "workload":
        kwargs.update(
            base_url=f"{AOAI}/openai/v1/",
            workload_identity={
                "client_id": "app",  # openai 2.x's exchange names the client; 3.x ignores it
                "identity_provider_id": "idp",
                "service_account_id": "sa",
                "provider": {"token_type": "jwt", "get_token": lambda: "subject-token"},
            },
        )
    else:
        kwargs.update(base_url=f"{AOAI}/openai/v1/", api_key=KEY)
    client = getattr(openai, kind)(**kwargs)
    if setup.auth == "workload":
        # The token exchange (a network call to auth.openai.com) answered in memory: a stale token, then a fresh one.
        tokens = iter(["stale-wif-token", "fresh-wif-token"])
        client._workload_identity_auth._fetch_token_from_exchange = lambda: {
            "access_token": next(tokens, "fresh-wif-token"),
            "expires_in": 3600,
        }
    if mode == "instrument":
        instrument(client)
    if setup.hooks == "after":
        # added after the remediation hook: the way a user adds a hook to a client instrument() already changed
        client._client.event_hooks["response"].append(_user_hook(seen, is_async=is_async, reads=False))
    if is_async:

        async def acall() -> Any:
            return await client.chat.completions.create(model="gpt-4o", messages=MESSAGES)

        return OpenAIRun(run_async(acall, lambda: counter[0]), seen)
    return OpenAIRun(
        run_sync(
            lambda: client.chat.completions.create(model="gpt-4o", messages=MESSAGES), lambda: counter[0]
        ),
        seen,
    )


def openai_attributes(error: BaseException) -> dict[str, Any]:
    """Everything openai sets on its status error, and what a caller reads from its response."""
    assert isinstance(error, openai.APIStatusError)
    return {
        "message": error.message,
        "status_code": error.status_code,
        "body": error.body,
        "code": error.code,
        "type": error.type,
        "param": error.param,
        "request_id": error.request_id,
        "content": error.response.content,
        "text": error.response.text,
        "headers": sorted(error.response.headers.multi_items()),
        "url": str(error.request.url),
        "request_headers": sorted(error.request.headers.multi_items()),
    }


def same_except_enrichment(
    reference: Outcome, got: Outcome, attributes: Callable[[BaseException], Any]
) -> None:
    """The table's comparison: same value, or same exception class and attributes; enriched exactly when the SDK
    alone ends with a 401, 403 or 404 (every row's other failures are not in scope)."""
    assert got.attempts == reference.attempts, f"{got.attempts} HTTP attempts instead of {reference.attempts}"
    if reference.error is None:
        assert got.error is None, f"{type(got.error).__name__} raised where the SDK alone returns"
        assert got.value == reference.value
        return
    assert got.error is not None, "returned where the SDK alone raises"
    enriched = getattr(reference.error, "status_code", None) in (401, 403, 404)
    assert isinstance(got.error, type(reference.error)), (
        f"{type(got.error).__name__} is not a {type(reference.error).__name__}"
    )
    assert isinstance(got.error, RemediationError) is enriched
    if not enriched:
        assert type(got.error) is type(reference.error)
    assert attributes(got.error) == attributes(reference.error)
    text, ref_text = str(got.error), str(reference.error)
    assert text == ref_text or text.startswith(ref_text + "\n"), "the SDK's own text is not kept first"


@pytest.mark.parametrize("mode", ["hooks", "instrument"])
@pytest.mark.parametrize("lib_name", LIBS)
@pytest.mark.parametrize("kind", ["AzureOpenAI", "AsyncAzureOpenAI"])
@pytest.mark.parametrize("name", [n for n, s in OPENAI_SETUPS.items() if s.auth != "workload"])
def test_openai_same_outcome_with_and_without(name: str, kind: str, lib_name: str, mode: str) -> None:
    """openai: same outcome, attempts, attributes and hook sightings with and without the hook (enriched at most)."""
    setup = OPENAI_SETUPS[name]
    reference = openai_run(setup, kind=kind, lib_name=lib_name, mode=None)
    got = openai_run(setup, kind=kind, lib_name=lib_name, mode=mode)
    same_except_enrichment(reference.outcome, got.outcome, openai_attributes)
    assert got.seen == reference.seen, "the user's own hook saw other responses"


@pytest.mark.parametrize("mode", ["hooks", "instrument"])
@pytest.mark.parametrize("lib_name", LIBS)
@pytest.mark.parametrize("kind", ["OpenAI", "AsyncOpenAI"])
@pytest.mark.parametrize("name", [n for n, s in OPENAI_SETUPS.items() if s.auth == "workload"])
def test_openai_workload_identity_gets_its_retry(name: str, kind: str, lib_name: str, mode: str) -> None:
    """openai's own workload-identity auth re-sends once after a 401: with the hook it still does, and succeeds."""
    setup = OPENAI_SETUPS[name]
    reference = openai_run(setup, kind=kind, lib_name=lib_name, mode=None)
    got = openai_run(setup, kind=kind, lib_name=lib_name, mode=mode)
    assert reference.outcome.attempts == 2
    same_except_enrichment(reference.outcome, got.outcome, openai_attributes)


# --- azure ------------------------------------------------------------------------------------------------------------


class ClaimsCredential:
    """A TokenCredential that answers a CAE claims request with another token, as azure-identity does."""

    def get_token(self, *scopes: str, claims: str | None = None, **kwargs: Any) -> AccessToken:
        return AccessToken(
            mint(aud="https://ml.azure.com", exp=4102444800) + ("claims" if claims else ""), 4102444800
        )


class AsyncClaimsCredential(ClaimsCredential):
    """The async twin."""

    async def get_token(self, *scopes: str, claims: str | None = None, **kwargs: Any) -> AccessToken:  # type: ignore[override]
        return super().get_token(*scopes, claims=claims, **kwargs)

    async def close(self) -> None:
        pass


FRESH_KEY = "fresh" + KEY[5:]


class RotateKeyOn401(HTTPPolicy):  # type: ignore[type-arg]
    """A user's own policy that rotates the key credential after a 401 and re-sends (the auth policy, further
    down the pipeline, then sends the new key)."""

    def __init__(self, credential: AzureKeyCredential) -> None:
        super().__init__()
        self.credential = credential

    def send(self, request: Any) -> Any:
        response = self.next.send(request)
        if response.http_response.status_code == 401:
            self.credential.update(FRESH_KEY)
            response = self.next.send(request)
        return response


class AsyncRotateKeyOn401(AsyncHTTPPolicy):  # type: ignore[type-arg]
    """The async twin."""

    def __init__(self, credential: AzureKeyCredential) -> None:
        super().__init__()
        self.credential = credential

    async def send(self, request: Any) -> Any:
        response = await self.next.send(request)
        if response.http_response.status_code == 401:
            self.credential.update(FRESH_KEY)
            response = await self.next.send(request)
        return response


@dataclass(frozen=True)
class AzureSetup:
    """One row of the azure table."""

    service: Service
    auth: str = "key"
    """key | token (a TokenCredential that answers a CAE claims challenge)"""
    retries: int = 0
    user_policy: str = "none"
    """none | first (RotateKeyOn401 placed before RemediationPolicy) | after (placed after it)"""


AZURE_SETUPS = {
    "cae-challenge-answered": AzureSetup(cae, auth="token"),
    "cae-challenge-refused": AzureSetup(cae_refused, auth="token"),
    "retry-after-401-then-ok": AzureSetup(retry_after_401, retries=2),
    "retry-after-429-then-404": AzureSetup(throttled_then_404, retries=2),
    **{name: AzureSetup(service) for name, service in BODY_ROWS.items()},
    "user-policy-first-rotates-key": AzureSetup(fresh_token_only, user_policy="first"),
    "user-policy-after-rotates-key": AzureSetup(fresh_token_only, user_policy="after"),
    "user-policy-after-still-401": AzureSetup(always_401, user_policy="after"),
}


def _azure_reply(service: Service, counter: list[int]) -> Callable[[Any], AzureReply]:
    def reply(request: Any) -> AzureReply:
        counter[0] += 1
        return AzureReply.of(service(_credential(request), counter[0]))

    return reply


def azure_run(setup: AzureSetup, *, is_async: bool, stream: bool, policy: bool) -> Outcome:
    """One chat completion through azure-ai-inference's ChatCompletionsClient, with or without the policy."""
    counter = [0]
    credential: Any = (
        (AsyncClaimsCredential if is_async else ClaimsCredential)()
        if setup.auth == "token"
        else AzureKeyCredential(KEY)
    )
    ours: list[Any] = [(AsyncRemediationPolicy if is_async else RemediationPolicy)()] if policy else []
    theirs = (
        [(AsyncRotateKeyOn401 if is_async else RotateKeyOn401)(credential)]
        if setup.user_policy != "none"
        else []
    )
    per_call = [*theirs, *ours] if setup.user_policy == "first" else [*ours, *theirs]
    kwargs: dict[str, Any] = {
        "retry_total": setup.retries,
        "retry_backoff_factor": 0,
        "per_call_policies": per_call,
    }
    reply = _azure_reply(setup.service, counter)
    if is_async:
        transport: Any = AzureFakeAsyncTransport(reply)
        aclient = AsyncChatCompletionsClient(MODELS, credential, transport=transport, **kwargs)

        async def acall() -> Any:
            result = await aclient.complete(messages=MESSAGES, model="gpt-4o", stream=stream)
            return [repr(u) async for u in result] if stream else result

        return run_async(acall, lambda: counter[0])
    client = ChatCompletionsClient(MODELS, credential, transport=AzureFakeTransport(reply), **kwargs)

    def call() -> Any:
        result = client.complete(messages=MESSAGES, model="gpt-4o", stream=stream)
        return [repr(u) for u in result] if stream else result

    return run_sync(call, lambda: counter[0])


def azure_attributes(error: BaseException) -> dict[str, Any]:
    """Everything azure-core sets on its HttpResponseError, and what a caller reads from its response."""
    odata = getattr(error, "error", None)
    response = error.response  # type: ignore[attr-defined]
    return {
        "message": error.message,  # type: ignore[attr-defined]
        "status_code": error.status_code,  # type: ignore[attr-defined]
        "reason": error.reason,  # type: ignore[attr-defined]
        "error.code": None if odata is None else odata.code,
        "error.message": None if odata is None else odata.message,
        "model": error.model,  # type: ignore[attr-defined]
        "args": error.args,
        "text": response.text(),
        "headers": sorted(response.headers.items()),
    }


@pytest.mark.parametrize("stream", [False, True], ids=["buffered", "stream"])
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("name", list(AZURE_SETUPS))
def test_azure_same_outcome_with_and_without(name: str, is_async: bool, stream: bool) -> None:
    """azure: same outcome, attempts and exception attributes with and without the policy (enriched at most)."""
    setup = AZURE_SETUPS[name]
    reference = azure_run(setup, is_async=is_async, stream=stream, policy=False)
    got = azure_run(setup, is_async=is_async, stream=stream, policy=True)
    same_except_enrichment(reference, got, azure_attributes)


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_azure_gzip_chunked_404_keeps_the_service_code_and_the_diagnosis(is_async: bool) -> None:
    """stream=True, a gzip-encoded chunked 404: e.error.code is the service's, and the diagnosis is specific."""
    got = azure_run(AZURE_SETUPS["gzip-404-chunked"], is_async=is_async, stream=True, policy=True)
    assert isinstance(got.error, RemediationError)
    assert got.error.error.code == "DeploymentNotFound"  # type: ignore[attr-defined]
    assert got.error.diagnosis.scenario == "deployment-not-found"


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_azure_user_policy_placed_first_is_warned_about(is_async: bool) -> None:
    """RemediationPolicy after a user's re-sending policy stands aside (the call succeeds) and says so in a WARNING."""
    setup = AZURE_SETUPS["user-policy-first-rotates-key"]
    with capture_logs() as records:
        got = azure_run(setup, is_async=is_async, stream=False, policy=True)
    assert got.error is None
    warnings = [
        r.getMessage() for r in records if r.name.startswith("inference_doctor") and r.levelname == "WARNING"
    ]
    assert any("RotateKeyOn401" in w and "per_call_policies" in w for w in warnings), warnings


# --- pickling and copying, for every error row of both tables ---------------------------------------------------

ROUND_TRIPS: dict[str, Callable[[Any], Any]] = {
    "pickle": lambda error: pickle.loads(pickle.dumps(error)),
    "copy": copy.copy,
    "deepcopy": copy.deepcopy,
}


def _payload_survives(error: BaseException, how: str) -> bool:
    """Whether the SDK exception's own state survives `how` (its class may still fail to rebuild itself: openai's
    status errors cannot be unpickled or copied, their ``__init__`` takes keyword-only arguments)."""
    try:
        if how == "pickle":
            pickle.dumps(error)
        elif how == "deepcopy":
            copy.deepcopy((error.args, vars(error)))
    except Exception:
        return False
    return True


def _check_round_trip(
    reference: BaseException, got: BaseException, how: str, attributes: Callable[[BaseException], Any]
) -> None:
    """Where the SDK's own exception's state survives `how`, the enriched one survives it whole."""
    assert isinstance(got, RemediationError)
    assert _payload_survives(reference, how), f"the SDK's own exception's state does not survive {how}"
    again = ROUND_TRIPS[how](got)
    assert type(again) is type(got)
    assert isinstance(again, RemediationError)
    assert again.diagnosis == got.diagnosis
    assert str(again) == str(got)
    assert attributes(again) == attributes(got)


@pytest.mark.parametrize("how", list(ROUND_TRIPS))
@pytest.mark.parametrize("kind", ["AzureOpenAI", "AsyncAzureOpenAI"])
@pytest.mark.parametrize("name", ["auth-refresh-still-401", "gzip-404-chunked", "404-over-the-cap"])
def test_openai_enriched_survives_pickle_and_copy(name: str, kind: str, how: str) -> None:
    """An enriched openai error round-trips (pickle, copy, deepcopy) with its text, attributes and diagnosis."""
    setup = OPENAI_SETUPS[name]
    reference = openai_run(setup, kind=kind, lib_name="httpx", mode=None).outcome.error
    got = openai_run(setup, kind=kind, lib_name="httpx", mode="hooks").outcome.error
    assert reference is not None
    assert got is not None
    _check_round_trip(reference, got, how, openai_attributes)


@pytest.mark.parametrize("how", ["copy", "deepcopy"])  # pickle: over the real transports, below (the fake's
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])  # response holds a lambda)
@pytest.mark.parametrize("name", ["cae-challenge-refused", "gzip-404-chunked", "user-policy-after-still-401"])
def test_azure_enriched_survives_copy(name: str, is_async: bool, how: str) -> None:
    """An enriched azure error survives copy and deepcopy with its text, attributes and diagnosis."""
    setup = AZURE_SETUPS[name]
    reference = azure_run(setup, is_async=is_async, stream=False, policy=False).error
    got = azure_run(setup, is_async=is_async, stream=False, policy=True).error
    assert reference is not None
    assert got is not None
    _check_round_trip(reference, got, how, azure_attributes)


# --- what telemetry records -------------------------------------------------------------------------------------


def _error_type(error: BaseException) -> tuple[str, str, str]:
    """What the instrumentations record: openai-v2's ``type(e).__qualname__``, azure-core's module-qualified name,
    and the last line of a traceback."""
    cls = type(error)
    import traceback

    return (
        cls.__qualname__,
        f"{cls.__module__}.{cls.__qualname__}",
        traceback.format_exception_only(cls, error)[0].split(":")[0],
    )


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("sdk", ["openai", "azure"])
def test_telemetry_records_the_sdk_class(sdk: str, is_async: bool) -> None:
    """error.type (qualname, module-qualified name, traceback line) is the SDK's own; still a RemediationError."""
    if sdk == "openai":
        kind = "AsyncAzureOpenAI" if is_async else "AzureOpenAI"
        reference = openai_run(
            OPENAI_SETUPS["auth-refresh-still-401"], kind=kind, lib_name="httpx", mode=None
        ).outcome.error
        got = openai_run(
            OPENAI_SETUPS["auth-refresh-still-401"], kind=kind, lib_name="httpx", mode="instrument"
        ).outcome.error
    else:
        reference = azure_run(AZURE_SETUPS["gzip-404"], is_async=is_async, stream=False, policy=False).error
        got = azure_run(AZURE_SETUPS["gzip-404"], is_async=is_async, stream=False, policy=True).error
    assert reference is not None
    assert isinstance(got, RemediationError)
    assert _error_type(got) == _error_type(reference)
    assert type(got).__name__ == type(reference).__name__


# --- through the emulator: the real requests and aiohttp transports, and a real process pool ----------------------

WRONG_KEY = "0" * 32  # not a key of any emulated resource: a 401 (key-invalid)


@pytest.fixture(scope="module")
def emulator() -> Iterator[Any]:
    """The Azure AI data-plane emulator on loopback."""
    from inference_doctor.emulator import Emulator

    with Emulator() as emu:
        yield emu


def _emulated(emu: Any, *, policy: bool, stream: bool, is_async: bool) -> BaseException | None:
    """One chat completion with a wrong key through the real ChatCompletionsClient over the emulator."""
    ours: list[Any] = [(AsyncRemediationPolicy if is_async else RemediationPolicy)()] if policy else []
    if is_async:

        async def main() -> BaseException | None:
            async with AsyncChatCompletionsClient(
                MODELS,
                AzureKeyCredential(WRONG_KEY),
                transport=emu.aiohttp_transport(),
                per_call_policies=ours,
            ) as client:
                try:
                    await client.complete(messages=MESSAGES, model="gpt-4o", stream=stream)
                except Exception as error:
                    return error
            return None

        return asyncio.run(main())
    with ChatCompletionsClient(
        MODELS, AzureKeyCredential(WRONG_KEY), transport=emu.requests_transport(), per_call_policies=ours
    ) as client:
        try:
            client.complete(messages=MESSAGES, model="gpt-4o", stream=stream)
        except Exception as error:
            return error
    return None


@pytest.mark.parametrize("how", list(ROUND_TRIPS))
@pytest.mark.parametrize("stream", [False, True], ids=["buffered", "stream"])
@pytest.mark.parametrize("is_async", [False, True], ids=["requests", "aiohttp"])
def test_azure_enriched_survives_pickle_and_copy_over_real_transports(
    emulator: Any, is_async: bool, stream: bool, how: str
) -> None:
    """Over the real transports the SDK's ClientAuthenticationError round-trips; the enriched one too, intact."""
    reference = _emulated(emulator, policy=False, stream=stream, is_async=is_async)
    got = _emulated(emulator, policy=True, stream=stream, is_async=is_async)
    assert isinstance(reference, ClientAuthenticationError)
    assert isinstance(got, ClientAuthenticationError)
    _check_round_trip(reference, got, how, azure_attributes)


def test_enriched_error_crosses_a_process_pool(emulator: Any) -> None:
    """Raised in a ProcessPoolExecutor worker, the enriched error reaches the parent's `except
    ClientAuthenticationError` whole: the SDK's attributes, the text and the diagnosis."""
    outcomes: dict[bool, BaseException] = {}
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        for policy in (False, True):
            future = pool.submit(child_calls.complete_over_the_emulator, emulator.port, WRONG_KEY, policy)
            try:
                future.result(timeout=120)
            except ClientAuthenticationError as error:
                outcomes[policy] = error
    reference, got = outcomes[False], outcomes[True]
    local = _emulated(emulator, policy=True, stream=False, is_async=False)
    assert isinstance(got, RemediationError)
    assert isinstance(local, RemediationError)
    assert got.diagnosis.scenario == "key-invalid"
    assert (got.diagnosis.title, got.diagnosis.steps) == (local.diagnosis.title, local.diagnosis.steps)
    ids = {"apim-request-id", "x-request-id", "x-ms-request-id"}  # each request has its own
    assert {k: v for k, v in got.diagnosis.evidence.items() if k not in ids} == {
        k: v for k, v in local.diagnosis.evidence.items() if k not in ids
    }
    assert str(got).startswith(str(reference) + "\n")
    same = {k: v for k, v in azure_attributes(got).items() if k != "headers"}  # request ids and dates differ
    assert same == {k: v for k, v in azure_attributes(reference).items() if k != "headers"}
    assert _error_type(got) == _error_type(reference)


# --- the limits: what no policy can see, and the per-call opt-out that restores the SDK's behaviour -------------


def _pipeline_404(*, policy: bool, opt_out: bool) -> Outcome:
    """send_request() of a 404 through a PipelineClient: azure-core returns it without raising."""
    from azure.core import PipelineClient
    from azure.core.rest import HttpRequest

    counter = [0]
    client = PipelineClient(
        MODELS,
        transport=AzureFakeTransport(_azure_reply(answer_404(), counter)),
        per_call_policies=[RemediationPolicy()] if policy else [],
    )
    options = {"remediation_enable": False} if opt_out else {}

    def call() -> Any:
        response = client.send_request(HttpRequest("GET", f"{MODELS}/info"), **options)
        return (response.status_code, response.text(), sorted(response.headers.items()))

    return run_sync(call, lambda: counter[0])


def test_send_request_returns_the_404_with_the_opt_out() -> None:
    """send_request() returns a non-2xx response without raising; the policy raises for it (a documented limit),
    and `remediation_enable=False` on the call gives exactly what azure-core alone returns."""
    reference = _pipeline_404(policy=False, opt_out=False)
    assert reference.error is None
    assert isinstance(_pipeline_404(policy=True, opt_out=False).error, RemediationError)  # the limit
    opted_out = _pipeline_404(policy=True, opt_out=True)
    assert opted_out.error is None
    assert opted_out.value == reference.value
    assert opted_out.attempts == reference.attempts == 1


class MyNotFound(HttpResponseError):
    """A caller's own class for a 404, passed in `error_map`."""


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_a_callers_error_map_holds_with_the_opt_out(is_async: bool) -> None:
    """A caller's own `error_map` is applied after the pipeline (a documented limit: the policy raises first);
    `remediation_enable=False` on the call gives the caller's class exactly as without the policy."""

    def run(policy: bool, **options: Any) -> Outcome:
        counter = [0]
        ours: list[Any] = [(AsyncRemediationPolicy if is_async else RemediationPolicy)()] if policy else []
        reply = _azure_reply(answer_404(), counter)
        if is_async:
            aclient = AsyncChatCompletionsClient(
                MODELS,
                AzureKeyCredential(KEY),
                transport=AzureFakeAsyncTransport(reply),
                per_call_policies=ours,
            )

            async def acall() -> Any:
                return await aclient.complete(
                    messages=MESSAGES, model="gpt-4o", error_map={404: MyNotFound}, **options
                )

            return run_async(acall, lambda: counter[0])
        client = ChatCompletionsClient(
            MODELS, AzureKeyCredential(KEY), transport=AzureFakeTransport(reply), per_call_policies=ours
        )
        return run_sync(
            lambda: client.complete(
                messages=MESSAGES, model="gpt-4o", error_map={404: MyNotFound}, **options
            ),
            lambda: counter[0],
        )

    reference = run(False)
    assert type(reference.error) is MyNotFound
    assert not isinstance(run(True).error, MyNotFound)  # the limit: the policy raised before the error map
    opted_out = run(True, remediation_enable=False)
    assert type(opted_out.error) is MyNotFound
    assert azure_attributes(opted_out.error) == azure_attributes(reference.error)
    assert opted_out.attempts == reference.attempts == 1
