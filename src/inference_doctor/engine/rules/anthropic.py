"""The anthropic route's rules (Claude on Foundry): the header the key went in, the /anthropic prefix, a base URL
that already held the path, Claude called through another API, and a model= that names no deployment.

From the wire the path and the headers decide; from pasted text (no request headers, often no URL) the rules go
by what the text names (the route, the SDK, a header, the path it quotes) and say so with a lower confidence.
"""

from __future__ import annotations

from ..read.signals import Signals
from ..read.url import AZURE_AI_FAMILIES
from .choice import Choice

_OPENAI_ROUTES = frozenset({"openai-deployments", "openai-v1", "openai-other"})


def _is_claude(sig: Signals) -> bool:
    """The request named a Claude model (the deployment in the path or the body's model=), or the text did."""
    name = sig.url.deployment or sig.model
    if name:
        return "claude" in name.lower()
    return not sig.auth.known and "claude" in sig.hints


def _path_known(sig: Signals) -> bool:
    """The request's own path is known (from the wire, or a URL in the text that names an operation)."""
    return bool(sig.url.host) and "path-unknown" not in sig.hints


def _on_anthropic_route(sig: Signals) -> bool:
    """The request went to /anthropic/... on a Foundry resource host, or the pasted text is about that route."""
    if _path_known(sig):
        return sig.url.path_family == "anthropic" and sig.url.host_family in AZURE_AI_FAMILIES
    return sig.url.path_family == "anthropic" or "anthropic" in sig.hints


def _anthropic_key_rule(sig: Signals, seen: frozenset[str]) -> Choice | None:
    """A 401 on the anthropic route with the key outside x-api-key (in api-key, or in the bearer slot)."""
    if sig.status != 401 or not _on_anthropic_route(sig):
        return None
    auth = sig.auth
    if auth.known:
        if auth.x_api_key not in (None, "empty"):
            return None  # the key was where the route reads it: the key itself is the suspect
        if auth.api_key not in (None, "empty", "jwt") or auth.bearer == "non-jwt":
            return Choice("anthropic-key-header")
        return None
    # a pasted error: the invalid-key message, or the text is about which header carried the key
    if seen & {"key_invalid"} or {"api-key-header", "x-api-key"} & set(sig.hints):
        return Choice("anthropic-key-header", "medium", ("key-invalid",))
    return None


def _anthropic_route_rule(sig: Signals, seen: frozenset[str]) -> Choice | None:
    """The path of a request meant for Claude: the prefix, a doubled path, another API, a missing deployment."""
    if _path_known(sig):
        return _from_path(sig, seen)
    return _from_text(sig, seen)


def _from_path(sig: Signals, seen: frozenset[str]) -> Choice | None:
    url = sig.url
    if url.host_family not in AZURE_AI_FAMILIES:
        return None
    family, operation, claude = url.path_family, url.operation or "", _is_claude(sig)
    if family == "messages-no-prefix":
        return Choice("anthropic-prefix-missing")
    if family == "anthropic":
        if url.doubled:
            return Choice("anthropic-path-doubled")
        if operation.endswith("chat/completions") or operation.startswith("models"):
            return Choice("claude-on-models-route", "high" if claude else "medium")
        if "deployment_nf" in seen:
            return Choice("anthropic-deployment-not-found")
        return None
    if family == "models" and operation.endswith("chat/completions"):
        if claude:
            return Choice("claude-on-models-route")
        if "api_not_supported" in seen:
            return Choice("claude-on-models-route", "medium")
        return None
    if family in _OPENAI_ROUTES and claude and "api_not_supported" in seen:
        return Choice("anthropic-model-on-openai-route")
    if (
        sig.client == "anthropic"
    ):  # the anthropic SDK on a path outside /anthropic (base_url=".../openai/", ...)
        return Choice("anthropic-prefix-missing", "medium")
    return None


def _from_text(sig: Signals, seen: frozenset[str]) -> Choice | None:
    hints = set(sig.hints)
    claude = "claude" in hints
    anthropic = "anthropic" in hints or sig.url.path_family == "anthropic"
    if claude and "openai-route-path" in hints and ("api_not_supported" in seen or sig.status == 404):
        return Choice("anthropic-model-on-openai-route", "medium", ("claude-on-models-route",))
    if claude and "chat-completions-path" in hints:
        return Choice("claude-on-models-route", "medium", ("anthropic-model-on-openai-route",))
    if "anthropic-prefix-story" in hints and sig.status == 404:
        return Choice("anthropic-prefix-missing", "medium")
    if "deployment_nf" in seen and anthropic:
        return Choice("anthropic-deployment-not-found", "medium", ("deployment-not-found",))
    if "api_not_supported" in seen and (claude or anthropic):
        if anthropic and "api-version-elsewhere" not in hints:
            return Choice("anthropic-path-doubled", "medium", ("claude-on-models-route",))
        # an api-version belongs to the OpenAI-style APIs, never to Anthropic's Messages API
        return Choice(
            "claude-on-models-route", "medium", ("anthropic-path-doubled", "anthropic-model-on-openai-route")
        )
    return None
