"""The service's own words: every phrase the matcher keys on, by name, and the status each one implies.

Phrases are lower-case literals matched as substrings of the lower-cased text (fast), or regular expressions
marked "re:" where a literal cannot say it.
"""

from __future__ import annotations

from .regex import lazy

PHRASES: dict[str, tuple[str, ...]] = {
    "token": (
        r"access token is missing",
        r"audience is incorrect",
        r"re:access token (?:is )?(?:missing|invalid|expired)",
        r"invalid_token",
    ),
    "token_expired": (r"token is expired", r"lifetime validation failed", r"token has expired"),
    "key_invalid": (
        r"invalid subscription key",
        r"incorrect api key provided",
        r"invalid api key",
        r"wrong api endpoint",
        r"provide a valid key for an active subscription",
        r"invalid_api_key",
    ),
    "gateway": (r"missing subscription key", r"missing application credentials or subscription key"),
    "permission": (r"principal does not have access to api/operation", r"lacks the required data action"),
    "tenant": (r"does not match resource tenant", r"tenant provided in token does not match"),
    "custom_subdomain": (r"custom subdomain for token authentication",),
    "key_disabled": (r"key based authentication is disabled", r"authenticationtypedisabled"),
    "public_disabled": (r"public access is disabled",),
    "private_endpoint": (r"traffic is not from an approved private endpoint",),
    "firewall": (r"virtual network/firewall rules", r"throwexceptionduetotrafficdenied"),
    "vnet": (r"a virtual network is configured for this resource",),
    "suspended": (r"temporarily blocked",),
    "subdomain_unmapped": (r"subdomain does not map to a resource",),
    "serverless_nf": (r"serverless endpoint not found",),
    "no_traffic": (r"no valid deployments to route to",),
    "deployment_nf": (
        r"deploymentnotfound",
        r"api deployment for this resource does not exist",
        r"api deployment for this ressource",
    ),
    "unknown_model": (r"unknown_model", r"unknown model:"),
    "api_not_supported": (r"api_not_supported", r"requested api is currently not supported"),
    "no_model": (r"no_model_name", r"no model specified"),
    "op_unsupported": (
        r"operationnotsupported",
        r"does not work with the specified model",
        r"model not supported",
        r"unsupported_model",
    ),
    "api_version": (
        r"invalid url (",
        r"unrecognized request argument supplied",
        r"api version not supported",
        r"unsupported api version",
        r"re:api-version .{0,40}(?:not supported|invalid|unsupported)",
        r"re:api version .{0,40}(?:invalid|unsupported)",
    ),
}
_LITERALS = {name: tuple(a for a in alts if not a.startswith("re:")) for name, alts in PHRASES.items()}
_PATTERNS = {
    name: lazy("|".join(a[3:] for a in alts if a.startswith("re:")))
    for name, alts in PHRASES.items()
    if any(a.startswith("re:") for a in alts)
}
_GUARDS = {"token": "access token", "api_version": "api"}
"""A substring each phrase's regular expression needs: without it the expression is not run."""


def _index() -> tuple[tuple[tuple[str, str], ...], dict[str, tuple[tuple[str, str], ...]]]:
    """The literals by a word inside them (between two spaces), and those with no such word.

    A literal found in a text has its inner words among the text's whitespace-separated words, so the text's
    words (one split, one set intersection) say which literals can be there: only those are searched for."""
    unanchored: list[tuple[str, str]] = []
    by_word: dict[str, list[tuple[str, str]]] = {}
    for name, literals in _LITERALS.items():
        for literal in literals:
            inner = [word for word in literal.split(" ")[1:-1] if word and word.split() == [word]]
            if inner:
                by_word.setdefault(max(inner, key=len), []).append((literal, name))
            else:
                unanchored.append((literal, name))
    return tuple(unanchored), {word: tuple(found) for word, found in by_word.items()}


_UNANCHORED, _BY_WORD = _index()
_WORDS = frozenset(_BY_WORD)


def phrases(hay: str) -> frozenset[str]:
    """The names of the service phrases in a (lower-case) text: substring tests of the literals its words
    allow (see `_index`), then a regex only where a phrase needs one and its guard is present."""
    found = set()
    for literal, name in _UNANCHORED:
        if literal in hay:
            found.add(name)
    for word in _WORDS.intersection(hay.split()):
        for literal, name in _BY_WORD[word]:
            if literal in hay:
                found.add(name)
    found.update(
        name
        for name, pattern in _PATTERNS.items()
        if name not in found and _GUARDS.get(name, "") in hay and pattern.search(hay)
    )
    return frozenset(found)


# The status a phrase implies when a pasted error shows no status of its own.
STATUS_OF_PHRASE: dict[str, int] = {
    "token": 401,
    "token_expired": 401,
    "key_invalid": 401,
    "gateway": 401,
    "permission": 401,
    "tenant": 400,
    "custom_subdomain": 400,
    "key_disabled": 403,
    "public_disabled": 403,
    "private_endpoint": 403,
    "firewall": 403,
    "vnet": 403,
    "suspended": 403,
    "subdomain_unmapped": 404,
    "serverless_nf": 404,
    "no_traffic": 404,
    "deployment_nf": 404,
    "unknown_model": 404,
    "api_not_supported": 404,
    "no_model": 400,
    "op_unsupported": 400,
    "api_version": 404,
}
