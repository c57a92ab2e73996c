"""Pure matching: `Signals` -> `Diagnosis`, following the precedence of the scenario catalog.

The rules run in the catalog's order of precedence; the first that concludes wins. A rule that cannot tell
two causes apart says so through a lower confidence and the other candidates, never by guessing confidently.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from .catalog import Scenario, scenario
from .diagnosis import Diagnosis
from .evidence import (
    _evidence,
    _fields,
    _needed,
    acquisition_evidence,
    acquisition_fields,
    acquisition_scope,
)
from .failsafe import log_failure
from .phrases import phrases
from .read.credential import CredentialText, read_credential_text, read_exception
from .read.number import ascii_int
from .read.signals import Signals, collect
from .read.text import error_window, unwrap
from .regex import lazy
from .rules.acquisition import acquisition_choice
from .rules.anthropic import _anthropic_key_rule, _anthropic_route_rule
from .rules.api_version import _api_version_rule
from .rules.audience import _accepted_audiences, _route_audiences_only
from .rules.choice import Choice
from .rules.credential import _key_rule, _token_rule, _uninformative_401
from .rules.gateway import _gateway_rule
from .rules.network import _network_rule
from .rules.route import _path_rule
from .scrub import HEADER_BYTES, Secrets, scrub_credential, secrets_in_text, vouch

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: the command line does not import `typing` to start
if TYPE_CHECKING:
    import logging
    from typing import Any


def _logger() -> logging.Logger:
    """The `inference_doctor` logger, looked up (and logging imported) only when a failure is logged."""
    import logging

    return logging.getLogger("inference_doctor")


IN_SCOPE = (400, 401, 403, 404)


def _hay(sig: Signals) -> str:
    parts = [
        sig.body.text,
        sig.body.message or "",
        sig.body.code or "",
        sig.response.policy_id or "",
        sig.context,
    ]
    return " ".join(parts).lower()


def _choose(
    sig: Signals, now: float, hay: str, audiences: tuple[str, ...], listed_by_service: bool
) -> Choice | None:
    s = sig.status
    seen = phrases(hay)
    auth = sig.auth

    # 1. a credential in the wrong slot, certain from the request alone
    if s == 401 and auth.api_key == "jwt":
        return Choice("token-sent-as-key")

    # 2. a non-Azure-AI host in front
    choice = _gateway_rule(sig, seen)
    if choice is not None:
        return choice

    # 3. network 403s
    choice = _network_rule(seen)
    if choice is not None:
        return choice

    # 4. key auth disabled
    if "key_disabled" in seen:
        return Choice("key-auth-disabled")

    # 5. tenant and custom subdomain
    if "tenant" in seen:
        return Choice("token-tenant-mismatch")
    if "custom_subdomain" in seen:
        return Choice("custom-subdomain-required")

    # 5b. the anthropic route reads the key from x-api-key alone: a key elsewhere is certain from the request
    choice = _anthropic_key_rule(sig, seen)
    if choice is not None:
        return choice

    # 6. the shared token 401
    route_problem = listed_by_service and _route_audiences_only(audiences)
    if (
        s == 401
        and not route_problem
        and (seen & {"token", "token_expired"} or _uninformative_401(sig, seen))
    ):
        choice = _token_rule(sig, now, hay, seen, audiences)
        if choice is not None:
            return choice

    # 7. the principal is known but not allowed
    if "permission" in seen or (sig.body.code or "").lower() == "permissiondenied":
        return Choice("role-missing")

    # keys
    if "key_invalid" in seen:
        return _key_rule(sig)

    # 8. routing: unambiguous service messages, then path shapes, then deployments
    for phrase, sid in (
        ("subdomain_unmapped", "subdomain-not-mapped"),
        ("serverless_nf", "serverless-endpoint-not-found"),
        ("no_traffic", "online-endpoint-no-traffic"),
    ):
        if phrase in seen:
            return Choice(sid)  # type: ignore[arg-type]
    if s == 404 or route_problem:
        choice = _anthropic_route_rule(sig, seen)
        if choice is not None:
            return choice
        choice = _path_rule(sig)
        if choice is not None:
            return choice
    if "deployment_nf" in seen:
        return Choice("deployment-not-found")
    if "unknown_model" in seen:
        return Choice("unknown-model")
    if "no_model" in seen:
        return Choice("no-model-name")
    if "op_unsupported" in seen:
        return Choice("operation-not-supported")

    # 9. api-version
    return _api_version_rule(sig, seen)


def diagnose_signals(
    sig: Signals, *, now: float | None = None, include_names: bool = False
) -> Diagnosis | None:
    """Match one response's signals against the catalog. Raises only on programming errors."""
    if sig.status not in IN_SCOPE or sig.url.host_family == "anthropic-com":
        return None  # Anthropic's own API is not an Azure AI host: its errors are anthropic's to explain
    if now is not None:
        ref = now
    elif sig.auth.claims is not None:  # the moment the request was answered matters only for a token's expiry
        ref = sig.response.date or time.time()
    else:
        ref = time.time()
    hay = _hay(sig)
    audiences, listed = _accepted_audiences(sig, hay)
    choice = _choose(sig, ref, hay, audiences, listed)
    if choice is None:
        if sig.status == 400:
            return None
        choice = Choice(f"unclassified-{sig.status}", "low")  # type: ignore[arg-type]
    ev = _evidence(sig, ref, audiences, listed)
    entry = scenario(choice.scenario)
    fill = _fields(sig, choice, hay, ref, audiences, _needed(entry))
    if not include_names:
        ev.pop("principal_name", None)
    title, steps = _fill_in(entry, fill)
    return _diagnosis(entry, choice, sig.status, title, steps, ev, sig.secrets)


_PLACEHOLDER = lazy(r"<[a-z_]+>")


_ONLY_PLACEHOLDER = lazy(r"<[a-z_]+>$")


_VOUCHED_FOR: set[str] = set()


def _diagnosis(
    entry: Scenario,
    choice: Choice,
    status: int,
    title: str,
    steps: list[str],
    evidence: dict[str, str],
    secrets: Secrets | None = None,
) -> Diagnosis:
    """The `Diagnosis` of a catalog entry, once its texts are filled in. It scrubs every field as it is built:
    of anything shaped like a secret, and of `secrets` (the request's own values, then forgotten)."""
    if entry.id not in _VOUCHED_FOR:  # the entry's constant texts, checked once, passed over from then on
        templates = (entry.headline, *entry.steps)
        constant = [s.strip() for s in templates if "{" not in s and "}" not in s]
        vouch([entry.title, entry.cause, *entry.docs, *constant], templates)
        _VOUCHED_FOR.add(entry.id)
    return Diagnosis(
        scenario=choice.scenario,
        status=status,
        group=entry.group,
        title=title,
        cause=entry.cause,
        steps=tuple(steps),
        docs=entry.docs,
        evidence=evidence,
        confidence=choice.confidence,
        alternatives=tuple(a for a in choice.alternatives if a != choice.scenario),
        secrets=secrets,
    )


def _fill_in(entry: Scenario, fill: Mapping[str, str]) -> tuple[str, list[str]]:
    """A catalog entry's headline and steps with the evidence in them. A headline left with a placeholder gives
    way to the entry's title; a step that is only a placeholder is dropped."""
    title = entry.headline.format_map(fill)
    if _PLACEHOLDER.search(title):
        title = entry.title
    steps = [
        step
        for step in (t.format_map(fill).strip() for t in entry.steps)
        if step and not _ONLY_PLACEHOLDER.match(step)
    ]
    return title, steps


def diagnose(
    status: int,
    *,
    body: bytes | str | None = None,
    response_headers: Mapping[str, str] | None = None,
    method: str | None = None,
    url: str | None = None,
    request_headers: Mapping[str, str] | None = None,
    now: float | None = None,
    request_body: bytes | str | None = None,
) -> Diagnosis | None:
    """Diagnose one failed response from what was seen on the wire. Pure: never raises, never does I/O.

    `request_body` is optional and only searched for its `model` field (the deployment on /openai/v1/ and
    /models); `now` (a Unix time) defaults to the response's `Date` header, else the clock.

    Returns the catalog's diagnosis; `unclassified-<status>` for a 401/403/404 that matches nothing specific;
    None for anything not in scope (other statuses, an unmatched 400). An error that arrived wrapped (a 500
    whose body holds `Error code: 401 - {...}`) is diagnosed from the inner status and body.
    """
    try:
        status_int = _as_status(status)
        if status_int is None:
            return None
        sig = collect(
            status_int,
            body=body,
            response_headers=_as_mapping(response_headers),
            method=method if isinstance(method, str) else None,
            url=url if isinstance(url, str) else None,
            request_headers=_as_mapping(request_headers),
            request_body=request_body if isinstance(request_body, (bytes, str)) else None,
        )
        return diagnose_signals(sig, now=now if isinstance(now, (int, float)) else None)
    except Exception as exc:
        log_failure(
            _logger(), "could not diagnose a %s response", status if isinstance(status, int) else "?", exc
        )
        return None


def diagnose_text(text: str, *, now: float | None = None) -> Diagnosis | None:
    """Diagnose an error message pasted from a log or a traceback (openai's `Error code: 401 - {...}`,
    azure-core's `(PermissionDenied) ... Code: ... Message: ...`, a raw body, ...), or a credential's failure to
    get a token (`DefaultAzureCredential failed ...`, `AADSTS...`, `Azure CLI not found on path`: group
    `acquisition`, status 0). A credential failure whose cause is recognised comes first; one that only says a
    credential failed (`unclassified-credential`) gives way to a service's error in the same text. A long paste
    (a whole log) is read around its last, clearest sign of an error (`error_window`), wherever it is. Never raises."""
    try:
        start, end = error_window(text)
        text = text[start:end]
        read = read_credential_text(text)
        choice = acquisition_choice(read)
        if choice is not None:
            return _credential_diagnosis(read, choice, None, None, None)
        un = unwrap(text)
        found = None
        if un.status is not None:
            body = un.body if un.body is not None else text
            sig = collect(un.status, body=body, method=un.method, url=un.url)
            pasted = Secrets(
                secrets_in_text(text)
            )  # all of it is untrusted: credentials it names are secrets
            sig = sig.replace(hints=un.hints, context=text[:16384], secrets=sig.secrets + pasted)
            found = diagnose_signals(sig, now=now)
        if found is None and read.marked:
            return _credential_diagnosis(read, Choice("unclassified-credential", "low"), None, None, None)
        return found
    except Exception as exc:
        log_failure(_logger(), "could not diagnose %s text", "pasted", exc)
        return None


def diagnose_credential_failure(
    error: BaseException | str,
    *,
    scope: str | None = None,
    endpoint: str | None = None,
    now: float | None = None,
) -> Diagnosis | None:
    """Diagnose a token credential's failure: the exception it raised, or its message as text.

    Pure: never raises, never does I/O, never calls the credential. `scope` is the scope the token was asked for
    and `endpoint` the URL it was meant for, when known: the fix then names the scope that endpoint needs and the
    exact sign-in command (`az login --tenant <tid> --scope <scope>`). `now` is accepted for symmetry with
    `diagnose`; nothing here depends on the time.

    Returns a diagnosis of the `acquisition` group, whose `status` is 0 (there is no HTTP response: no request
    was sent); `unclassified-credential` for a credential failure no rule recognises; None for anything that is
    not a credential failure. An exception that carries a service's response is a response failure, not this
    family: None (`diagnose` reads the response).
    """
    del now
    try:
        scope = scope if isinstance(scope, str) else None
        endpoint = endpoint if isinstance(endpoint, str) else None
        if isinstance(error, str):
            return _diagnose_credential(error, scope, endpoint)
        if not isinstance(
            error, BaseException
        ):  # typed out, but callers' values are not always what they say
            return None  # type: ignore[unreachable]
        raised = read_exception(error)
        read = read_credential_text(raised.message)
        choice = acquisition_choice(read)
        plainly = bool(read.chain or read.codes)  # a chain's or Entra's own words, whatever carried them
        if raised.service_response and not plainly:
            return None
        if choice is None:
            if not (raised.from_credential or plainly):
                return None
            choice = Choice("unclassified-credential", "low")
        return _credential_diagnosis(read, choice, raised.type_name, scope, endpoint)
    except Exception as exc:
        log_failure(_logger(), "could not diagnose a %s failure", "credential", exc)
        return None


def _diagnose_credential(text: str, scope: str | None, endpoint: str | None) -> Diagnosis | None:
    """A credential failure's text: its cause, `unclassified-credential` when it only says a credential failed,
    None when it is not a credential failure at all (a service's error goes on to the response rules)."""
    read = read_credential_text(text)
    choice = acquisition_choice(read)
    if choice is None:
        if not read.marked:
            return None
        choice = Choice("unclassified-credential", "low")
    return _credential_diagnosis(read, choice, None, scope, endpoint)


def _credential_diagnosis(
    read: CredentialText, choice: Choice, exc_type: str | None, scope: str | None, endpoint: str | None
) -> Diagnosis:
    """Fill the catalog entry of `choice` from the failure. Every value taken from the failure, or from the
    caller's scope and endpoint, is scrubbed of secrets before it reaches the evidence or a template."""
    needed, host = acquisition_scope(endpoint, scope)
    needed = scrub_credential(needed)
    raw = acquisition_evidence(read, choice, exc_type=exc_type, scope=scope, host=host, needed=needed)
    ev = {k: scrub_credential(v) for k, v in raw.items()}
    entry = scenario(choice.scenario)
    title, steps = _fill_in(entry, acquisition_fields(read, choice, ev, needed))
    return _diagnosis(entry, choice, 0, title, steps, ev)


def _as_status(status: Any) -> int | None:
    if isinstance(status, bool):
        return None
    if isinstance(status, int):
        return status
    if isinstance(status, str):
        return ascii_int(status.strip(), 3)
    return None


def _as_mapping(value: Any) -> Mapping[str, str] | None:
    if value is None or isinstance(value, Mapping):
        return value  # collect() reads it once, as text, up to HEADER_BYTES
    try:
        pairs: dict[str, str] = {}
        budget = HEADER_BYTES
        for k, v in value:
            name, text = str(k), str(v)
            budget -= len(name) + len(text) + 4
            if budget < 0:
                break
            pairs[name] = text
        return pairs
    except (TypeError, ValueError):
        return None
