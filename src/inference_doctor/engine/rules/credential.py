"""The credential rules: the shared token 401 (missing, expired, malformed, wrong audience, a key in the
bearer slot) and the key 401 (invalid, an OpenAI.com key, a Claude deployment on the OpenAI route or on /models).
"""

from __future__ import annotations

import re

from ..read.signals import Signals
from ..read.url import AZURE_AI_FAMILIES
from .audience import ML_AUDIENCE, _norm_aud
from .choice import Choice, _client

SKEW_SECONDS = 300
"""Clock skew allowed around `exp` / `nbf` before a token counts as certainly expired."""


def _uninformative_401(sig: Signals, seen: frozenset[str]) -> bool:
    """A 401 whose body says nothing specific: the request's credential is the only evidence."""
    if not sig.auth.known or "permission" in seen or "key_invalid" in seen:
        return False
    return sig.body.code in (None, "", "401", "Unauthorized") and sig.body.shape in (
        "empty",
        "text",
        "gateway",
        "odata",
        "message",
    )


def _token_rule(
    sig: Signals, now: float, hay: str, seen: frozenset[str], audiences: tuple[str, ...]
) -> Choice | None:
    auth, url, claims = sig.auth, sig.url, sig.auth.claims
    client, client_known = _client(sig)
    if not auth.known:
        return _token_rule_blind(sig, hay, seen, client)
    no_key = (
        auth.api_key in (None, "empty")
        and auth.x_api_key in (None, "empty")
        and auth.other_key_header is None
    )
    if no_key and auth.bearer in (None, "empty"):
        return Choice("token-missing")
    if auth.bearer == "jwt" and url.host_family == "serverless":
        return Choice("entra-on-key-only-endpoint")
    if auth.bearer == "non-jwt" and auth.api_key is None:
        if url.path_family == "project":
            return Choice("key-sent-as-bearer", extra={"project_note": _PROJECT_NOTE})
        if url.path_family == "openai-v1" or url.host_family in ("serverless", "github", "openai-com"):
            return Choice("key-invalid", "medium", ("key-sent-as-bearer",))
        return Choice("key-sent-as-bearer")
    if auth.api_key not in (None, "empty") and url.path_family == "project":
        return Choice("key-sent-as-bearer", extra={"project_note": _PROJECT_NOTE})
    if auth.bearer == "malformed":
        return Choice("token-malformed")
    if claims is not None and auth.bearer == "jwt":
        if claims.exp is not None and claims.exp < now - SKEW_SECONDS:
            return Choice("token-expired")
        if claims.nbf is not None and claims.nbf > now + SKEW_SECONDS:
            return Choice("token-expired")
        aud = _norm_aud(claims.aud or "")
        accepted = {_norm_aud(a) for a in audiences}
        if aud not in accepted:
            if aud == ML_AUDIENCE and url.host_family in AZURE_AI_FAMILIES:
                if client == "azure-ai-inference":
                    return Choice("inference-sdk-default-scope", "high" if client_known else "medium")
                if client is None:
                    return Choice("inference-sdk-default-scope", "medium", ("token-wrong-audience",))
            return Choice("token-wrong-audience")
        if claims.exp is not None and claims.exp < now:
            return Choice("token-expired", "medium", ("unclassified-401",))
        if "token_expired" in seen:
            return Choice("token-expired", "medium")
    if (
        auth.api_key in ("azure-hex32", "azure-84", "other") and auth.bearer in (None, "empty")
    ) or auth.same_value:
        # a key went where it belongs, yet the service answered with its token message
        return Choice("key-invalid", "low", ("key-sent-as-bearer",))
    return None


def _token_rule_blind(sig: Signals, hay: str, seen: frozenset[str], client: str | None) -> Choice:
    """The shared token 401 without the request's headers (a pasted error): say what stays open."""
    if "no-credential-shown" in sig.hints:
        return Choice("token-missing", "medium", ("token-wrong-audience",))
    if ("token_expired" in seen and "audience is incorrect" not in hay) or "expiry-story" in sig.hints:
        return Choice("token-expired", "medium", ("token-wrong-audience",))
    if "ml-audience" in sig.hints:
        return Choice("inference-sdk-default-scope", "medium", ("token-wrong-audience",))
    keyish = {"key-credential", "old-inference", "bearer-non-jwt"} & set(sig.hints)
    if keyish and (client == "azure-ai-inference" or "bearer-non-jwt" in keyish):
        return Choice("key-sent-as-bearer", "medium", ("key-invalid",))
    if client == "azure-ai-inference":
        return Choice(
            "inference-sdk-default-scope",
            "medium",
            ("token-wrong-audience", "key-sent-as-bearer", "token-expired", "token-missing"),
        )
    if sig.url.host_family == "serverless":
        return Choice("entra-on-key-only-endpoint", "medium", ("token-wrong-audience",))
    return Choice(
        "token-wrong-audience",
        "low",
        ("token-expired", "token-missing", "token-malformed", "key-sent-as-bearer"),
    )


_PROJECT_NOTE = "Project routes (/api/projects/...) accept no keys at all: use Entra with the scope https://ai.azure.com/.default."


def _key_rule(sig: Signals) -> Choice:
    auth = sig.auth
    deployment = sig.url.deployment or sig.model or ""
    if auth.api_key == "openai-sk" or (auth.api_key is None and auth.bearer == "non-jwt" and _bearer_sk(sig)):
        return Choice("openai-key-on-azure")
    if "claude" in deployment.lower():
        family = sig.url.path_family
        if family == "models":
            return Choice("claude-on-models-route")
        if family not in ("anthropic", "messages-no-prefix"):
            return Choice("anthropic-model-on-openai-route")
    if not auth.known:
        if "token-fetched" in sig.hints:
            return Choice("token-sent-as-key", "medium", ("key-invalid",))
        if "claude" in sig.hints:
            return Choice("anthropic-model-on-openai-route", "medium", ("key-invalid",))
        if re.search(r"\bsk-[A-Za-z0-9_-]{4}", sig.context):
            return Choice("openai-key-on-azure", "medium", ("key-invalid",))
        return Choice("key-invalid", "medium", ("openai-key-on-azure", "anthropic-model-on-openai-route"))
    if auth.api_key is None and auth.bearer in (None, "empty"):
        return Choice("key-invalid", "medium", ("token-missing",))
    return Choice("key-invalid")


def _bearer_sk(sig: Signals) -> bool:
    return any(s.startswith(("sk-", "Bearer sk-")) for s in sig.secrets)
