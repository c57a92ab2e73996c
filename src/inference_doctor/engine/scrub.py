"""Everything that recognises and removes secrets: the request's own secret values, the secret query
parameters, and anything in output shaped like a JWT, an OpenAI key or a long base64 run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .regex import lazy

_SECRET_PARAMS = frozenset(
    {"api-key", "api_key", "key", "subscription-key", "code", "sig", "token", "access_token"}
)


def secrets_in(lower: Mapping[str, str] | None) -> tuple[str, ...]:
    """The secret values of a request's (lower-cased) headers, so that output can be scrubbed of them."""
    if not lower:
        return ()
    found = []
    for name in (
        "authorization",
        "api-key",
        "ocp-apim-subscription-key",
        "x-api-key",
        "cookie",
        "proxy-authorization",
    ):
        value = lower.get(name)
        if value is not None:
            found.append(value)
            if " " in value:
                found.append(value.split(" ", 1)[1])
    return tuple(s for s in found if len(s.strip()) >= 8)


_JWT_ANYWHERE = lazy(r"eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}(?:\.[A-Za-z0-9_-]*)?")


_SK_ANYWHERE = lazy(r"\bsk-[A-Za-z0-9_-]{12,}")


_SUSPECT = lazy(r"[A-Za-z0-9+/=_]{40}")


_FOREIGN_FIELDS = (
    "service_message",
    "service_code",
    "path",
    "deployment",
    "model",
    "project",
    "www-authenticate",
)


_LONG_RUN = lazy(r"(?<![\w/.-])[A-Za-z0-9+/=_]{40,}(?![\w/.-])")


def scrub(text: str, secrets: tuple[str, ...]) -> str:
    """Remove every known secret, and anything shaped like a token or key, from a piece of output."""
    for secret in secrets:
        if secret and secret in text:
            text = text.replace(secret, "<redacted>")
    if "eyJ" not in text and "sk-" not in text and not _SUSPECT.search(text):
        return text
    text = _JWT_ANYWHERE.sub("<jwt redacted>", text)
    text = _SK_ANYWHERE.sub("sk-<redacted>", text)
    return _LONG_RUN.sub("<redacted>", text)


# A credential's message can hold secrets of shapes a request never shows: an Entra client secret (`abc8Q~...`),
# a value after a secret's name (`client_secret=`, `AZURE_CLIENT_SECRET=`, `"access_token": "`, `Bearer `), a PEM
# block (a certificate's private key).
_ENTRA_SECRET = lazy(r"[A-Za-z0-9_.~-]{3}\dQ~[A-Za-z0-9_.~-]{25,40}")
_LABELLED = lazy(
    r"(?i)((?:client[_-]?secret|AZURE_CLIENT_SECRET|AZURE_CLIENT_CERTIFICATE_PASSWORD|password|passwd|pwd|"
    r"access[_-]?token|refresh[_-]?token|id[_-]?token|client[_-]?assertion|assertion|secret|api[_-]?key|"
    r"x-identity-header|IDENTITY_HEADER|MSI_SECRET|sig)['\"]?\s*[:=]\s*['\"]?|\bBearer\s+)"
    r"([^\s'\",;&}<>]{4,})"
)
_PEM = lazy(r"-----BEGIN [A-Z ]{0,40}-----.*?(?:-----END [A-Z ]{0,40}-----|\Z)", re.S)
# Entra's messages name the account (AADSTS50020: "User account 'alice@contoso.com' ..."): user names stay out.
_EMAIL = lazy(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+")


def scrub_credential(text: str) -> str:
    """Remove secrets from a piece of a credential's message: its own shapes, then everything `scrub` knows; and
    the e-mail addresses (user names) Entra's messages carry."""
    if "-----BEGIN" in text:
        text = _PEM.sub("<pem redacted>", text)
    if "Q~" in text:
        text = _ENTRA_SECRET.sub("<secret redacted>", text)
    text = _LABELLED.sub(lambda m: m.group(1) + "<redacted>", text)
    if "@" in text:
        text = _EMAIL.sub("<user>", text)
    return scrub(text, ())
