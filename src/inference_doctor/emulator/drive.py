"""Turn a `Reproduction` into the real SDK client over a running emulator, and perform its call.

`build_client` / `build_async_client` accept `per_call_policies` (azure-core clients), `event_hooks` (the
httpx client under openai clients) and `middleware` (anthropic clients) so interceptors can be plugged in;
`http="httpx2"` uses openai 3.x's own HTTP stack instead of httpx (anthropic clients always get the stack of the
installed anthropic: httpx2 from 1.0 on, httpx before). `service_error` reads status, service code and message
from any of the three SDKs' exceptions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .credentials import AsyncEmulatorCredential, EmulatorCredential, async_token_provider, token_provider
from .reproductions import AI_SCOPE, Reproduction
from .server import Emulator

__all__ = [
    "ServiceError",
    "acall",
    "arun",
    "build_async_client",
    "build_client",
    "call",
    "run",
    "service_error",
]

HttpStack = Literal["httpx", "httpx2"]
EventHooks = Mapping[str, Sequence[Callable[..., Any]]]
_MESSAGES = [{"role": "user", "content": "Hello"}]
_IMAGE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="


def _azure_kwargs(rep: Reproduction, per_call_policies: Sequence[Any], transport: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "transport": transport,
        "retry_total": 0,
        "per_call_policies": list(per_call_policies),
    }
    if rep.api_version is not None:
        kwargs["api_version"] = rep.api_version
    if rep.credential.scope is not None and rep.credential.kind in ("token-credential", "empty-token"):
        kwargs["credential_scopes"] = [rep.credential.scope]
    if rep.headers:
        kwargs["headers"] = dict(rep.headers)
    return kwargs


def _azure_credential(rep: Reproduction, asynchronous: bool) -> Any:
    from azure.core.credentials import AzureKeyCredential

    cred = rep.credential
    if cred.kind == "key":
        return AzureKeyCredential(cred.key or "")
    if cred.identity is None or cred.kind not in ("token-credential", "empty-token"):
        raise ValueError(f"{rep.id}: azure clients take a key or a token credential")
    factory = AsyncEmulatorCredential if asynchronous else EmulatorCredential
    return factory(cred.identity, empty=cred.kind == "empty-token")


def _openai_auth(rep: Reproduction, asynchronous: bool) -> dict[str, Any]:
    cred = rep.credential
    azure = rep.client == "AzureOpenAI"
    if cred.kind == "key":
        return {"api_key": cred.key}
    if cred.kind in ("fixed-token", "token-as-key"):
        name = "azure_ad_token" if azure and cred.kind == "fixed-token" else "api_key"
        return {name: cred.token()}
    if cred.kind == "token-provider" and cred.identity is not None:
        scope = cred.scope or AI_SCOPE
        provider = (async_token_provider if asynchronous else token_provider)(cred.identity, scope)
        return {"azure_ad_token_provider" if azure else "api_key": provider}
    raise ValueError(f"{rep.id}: openai clients take a key, a token or a token provider")


def _openai_kwargs(rep: Reproduction, asynchronous: bool, http_client: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        rep.endpoint_keyword: rep.endpoint,
        "http_client": http_client,
        "max_retries": 0,
    }
    kwargs.update(_openai_auth(rep, asynchronous))
    if rep.api_version is not None:
        if rep.client == "AzureOpenAI":
            kwargs["api_version"] = rep.api_version
        else:
            kwargs["default_query"] = {"api-version": rep.api_version}
    elif rep.client == "AzureOpenAI":
        raise ValueError(f"{rep.id}: AzureOpenAI needs an api_version")
    if rep.headers:
        kwargs["default_headers"] = dict(rep.headers)
    return kwargs


def _anthropic_auth(rep: Reproduction, asynchronous: bool) -> dict[str, Any]:
    cred = rep.credential
    if cred.kind == "key":
        return {"api_key": cred.key}
    if cred.kind == "key-as-token-provider":
        key = cred.key or ""
        if asynchronous:

            async def provide_key() -> str:
                return key

            return {"azure_ad_token_provider": provide_key}
        return {"azure_ad_token_provider": lambda: key}
    if cred.kind == "token-provider" and cred.identity is not None:
        scope = cred.scope or AI_SCOPE
        provider = (async_token_provider if asynchronous else token_provider)(cred.identity, scope)
        return {"azure_ad_token_provider": provider}
    raise ValueError(f"{rep.id}: AnthropicFoundry takes a key or a token provider")


def _anthropic_client(
    rep: Reproduction, emulator: Emulator, asynchronous: bool, middleware: Sequence[Any]
) -> Any:
    import anthropic

    http = emulator.async_anthropic_http_client() if asynchronous else emulator.anthropic_http_client()
    cls = anthropic.AsyncAnthropicFoundry if asynchronous else anthropic.AnthropicFoundry
    kwargs: dict[str, Any] = {"base_url": rep.endpoint, "http_client": http, "max_retries": 0}
    if middleware:
        kwargs["middleware"] = list(middleware)
    if rep.headers:
        kwargs["default_headers"] = dict(rep.headers)
    return cls(**kwargs, **_anthropic_auth(rep, asynchronous))


def _build(
    rep: Reproduction,
    emulator: Emulator,
    *,
    asynchronous: bool,
    per_call_policies: Sequence[Any],
    event_hooks: EventHooks | None,
    http: HttpStack,
    middleware: Sequence[Any] = (),
) -> Any:
    if rep.sdk == "azure":
        import azure.ai.inference as inference
        import azure.ai.inference.aio as inference_aio

        cls = getattr(inference_aio if asynchronous else inference, rep.client)
        transport = emulator.aiohttp_transport() if asynchronous else emulator.requests_transport()
        kwargs = _azure_kwargs(rep, per_call_policies, transport)
        return cls(endpoint=rep.endpoint, credential=_azure_credential(rep, asynchronous), **kwargs)
    if rep.sdk == "anthropic":
        return _anthropic_client(rep, emulator, asynchronous, middleware)
    import openai

    hooks = {k: list(v) for k, v in (event_hooks or {}).items()}
    factory = {
        (False, "httpx"): emulator.httpx_client,
        (False, "httpx2"): emulator.httpx2_client,
        (True, "httpx"): emulator.async_httpx_client,
        (True, "httpx2"): emulator.async_httpx2_client,
    }[(asynchronous, http)]
    cls = getattr(openai, ("Async" if asynchronous else "") + rep.client)
    return cls(**_openai_kwargs(rep, asynchronous, factory(event_hooks=hooks)))


def build_client(
    rep: Reproduction,
    emulator: Emulator,
    *,
    per_call_policies: Sequence[Any] = (),
    event_hooks: EventHooks | None = None,
    http: HttpStack = "httpx",
    middleware: Sequence[Any] = (),
) -> Any:
    """The sync client the user built, wired to the emulator (azure-core: requests; openai: httpx or httpx2;
    anthropic: the installed release's own stack)."""
    return _build(
        rep,
        emulator,
        asynchronous=False,
        per_call_policies=per_call_policies,
        event_hooks=event_hooks,
        http=http,
        middleware=middleware,
    )


def build_async_client(
    rep: Reproduction,
    emulator: Emulator,
    *,
    per_call_policies: Sequence[Any] = (),
    event_hooks: EventHooks | None = None,
    http: HttpStack = "httpx",
    middleware: Sequence[Any] = (),
) -> Any:
    """The async twin of `build_client` (azure-core: aiohttp; call it inside the running event loop)."""
    return _build(
        rep,
        emulator,
        asynchronous=True,
        per_call_policies=per_call_policies,
        event_hooks=event_hooks,
        http=http,
        middleware=middleware,
    )


def _model(rep: Reproduction) -> dict[str, Any]:
    return {} if rep.model is None else {"model": rep.model}


def _message(rep: Reproduction) -> dict[str, Any]:
    return {"model": rep.model, "max_tokens": 64, "messages": _MESSAGES}


def call(rep: Reproduction, client: Any) -> Any:
    """Perform the row's call on a sync client; a stream is consumed into a list of its updates."""
    if rep.sdk == "anthropic":
        if rep.call == "messages-stream":
            with client.messages.stream(**_message(rep)) as stream:
                return list(stream.text_stream)
        return client.messages.create(**_message(rep))
    if rep.sdk == "azure":
        if rep.call == "model-info":
            return client.get_model_info()
        if rep.call in ("chat", "chat-stream"):
            result = client.complete(messages=_MESSAGES, stream=rep.call == "chat-stream", **_model(rep))
            return list(result) if rep.call == "chat-stream" else result
        if rep.call == "image-embeddings":
            from azure.ai.inference.models import ImageEmbeddingInput

            return client.embed(input=[ImageEmbeddingInput(image=_IMAGE)], **_model(rep))
        return client.embed(input=["Hello"], **_model(rep))
    if rep.call == "embeddings":
        return client.embeddings.create(input="Hello", **_model(rep))
    if rep.call == "responses":
        return client.responses.create(input="Hello", **_model(rep))
    if rep.call == "chat-stream":
        return list(client.chat.completions.create(messages=_MESSAGES, stream=True, **_model(rep)))
    return client.chat.completions.create(messages=_MESSAGES, **_model(rep))


async def acall(rep: Reproduction, client: Any) -> Any:
    """Perform the row's call on an async client; a stream is consumed into a list of its updates."""
    if rep.sdk == "anthropic":
        if rep.call == "messages-stream":
            async with client.messages.stream(**_message(rep)) as stream:
                return [text async for text in stream.text_stream]
        return await client.messages.create(**_message(rep))
    if rep.sdk == "azure":
        if rep.call == "model-info":
            return await client.get_model_info()
        if rep.call in ("chat", "chat-stream"):
            result = await client.complete(
                messages=_MESSAGES, stream=rep.call == "chat-stream", **_model(rep)
            )
            return [update async for update in result] if rep.call == "chat-stream" else result
        if rep.call == "image-embeddings":
            from azure.ai.inference.models import ImageEmbeddingInput

            return await client.embed(input=[ImageEmbeddingInput(image=_IMAGE)], **_model(rep))
        return await client.embed(input=["Hello"], **_model(rep))
    if rep.call == "embeddings":
        return await client.embeddings.create(input="Hello", **_model(rep))
    if rep.call == "responses":
        return await client.responses.create(input="Hello", **_model(rep))
    if rep.call == "chat-stream":
        stream = await client.chat.completions.create(messages=_MESSAGES, stream=True, **_model(rep))
        return [chunk async for chunk in stream]
    return await client.chat.completions.create(messages=_MESSAGES, **_model(rep))


def run(rep: Reproduction, emulator: Emulator, **kwargs: Any) -> Any:
    """Build the sync client, perform the call, close the client; exceptions propagate as the SDK raised them."""
    client = build_client(rep, emulator, **kwargs)
    try:
        return call(rep, client)
    finally:
        client.close()


async def arun(rep: Reproduction, emulator: Emulator, **kwargs: Any) -> Any:
    """The async twin of `run`."""
    client = build_async_client(rep, emulator, **kwargs)
    try:
        return await acall(rep, client)
    finally:
        await client.close()


@dataclass(frozen=True, slots=True)
class ServiceError:
    """What an SDK exception carries of the service's answer."""

    status: int | None
    code: str | None
    message: str
    body: str


def service_error(error: BaseException) -> ServiceError:
    """Status, service code, message and raw body from an azure-core `HttpResponseError`, or an openai or anthropic
    `APIStatusError` (the body is read from the response the exception holds; anthropic keeps the whole JSON in
    `.body`, where the code is `error.code`)."""
    response = getattr(error, "response", None)
    status = getattr(error, "status_code", None) or getattr(response, "status_code", None)
    body = ""
    if response is not None:
        try:
            body = response.text() if callable(response.text) else str(response.text)
        except Exception:  # a stream that cannot be read any more
            body = ""
    odata = getattr(error, "error", None)
    if odata is not None and getattr(odata, "code", None) is not None:
        return ServiceError(status, odata.code, str(odata.message), body)
    code = getattr(error, "code", None)
    message = getattr(error, "message", None) or str(error)
    whole = getattr(error, "body", None)
    inner = whole.get("error") if isinstance(whole, Mapping) and code is None else None
    if isinstance(inner, Mapping):
        code, message = inner.get("code"), inner.get("message") or message
    return ServiceError(status, code if isinstance(code, str) else None, str(message), body)
