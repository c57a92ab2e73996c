"""`inference-doctor check ENDPOINT` (a preflight against a real endpoint) and `inference-doctor token`.

check runs three steps, each reported pass/fail with the catalog id and the fix:

1. endpoint: the URL's shape for the chosen client (scheme, host family, path, api-version, the known traps);
2. credential: for Entra, a token for the scope, its claims shown (never the token); a credential that cannot get
   one is diagnosed (`diagnose_credential_failure`, with the scope and the endpoint: the sign-in command, the
   variable, the identity to assign); for a key, read from an environment variable (never from the command line),
   its shape;
3. request: the cheapest real call that exercises authentication, the role check, the route and the deployment
   together: a chat completion with ``max_tokens=1`` (one token). Listing deployments would need a management-plane
   token and ``/info`` is not served on Azure OpenAI, so neither would prove the data-plane call works. For Claude
   on Foundry (``--client anthropic``, the base URL ``https://<resource>.services.ai.azure.com/anthropic/`` as
   `AnthropicFoundry` takes it) it is one Messages call, ``POST <base>/v1/messages`` with ``max_tokens`` 1, the key
   in ``x-api-key`` (or the header ``--key-header`` names) and ``anthropic-version``.

``--timeout`` bounds the steps that wait: the credential runs in a worker thread that the command stops waiting
for after it (the developer credentials also get it as their ``process_timeout``), and the request waits that long
to connect and for its answer.

The endpoint is taken without a query string: one with a query (``?code=``, ``?api-key=``, ``?api-version=``)
is refused with a usage error that names the parameters and never their values, because a key never belongs on
the command line (it is read from an environment variable) and the probe builds its own query. Everything
printed goes through the engine's scrubber.

``--emulator`` runs the same steps against the built-in emulator (its default world) instead of the network, with
``--emulator-identity`` choosing who the Entra token is for, or ``--emulator-credential <id>`` getting it with a
real azure-identity credential set up as one of the emulator's credential reproductions (a signed-out CLI, a wrong
client secret, a missing managed identity, ...): that is how the tests drive it, and a way to see every failure
offline.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO, TypeVar, cast
from urllib.parse import unquote

from ..engine.diagnosis import Diagnosis
from ..engine.match import diagnose, diagnose_credential_failure
from ..engine.read.auth import Claims, decode_jwt, key_shape
from ..engine.read.url import AZURE_AI_FAMILIES, UrlShape, parse_url
from ..engine.regex import lazy
from ..engine.render import render_text
from ..engine.rules.api_version import _version_problem
from ..engine.rules.audience import AI_AUDIENCES, ML_AUDIENCE
from ..engine.scrub import Secrets, known_secrets, looks_secret, scrub
from .errors import UsageError, seconds
from .output import print_json
from .quiet import captured_logs

DEFAULT_SCOPE = "https://ai.azure.com/.default"
DEFAULT_TIMEOUT = 30.0
MAX_TIMEOUT = 1e7
"""The longest wait (about 4 months): a longer --timeout (1e300) is taken as this, which the clocks and sockets
underneath can still count to."""
KEY_ENV_INFERENCE = "AZURE_AI_API_KEY"
KEY_ENV_OPENAI = "AZURE_OPENAI_API_KEY"
KEY_ENV_ANTHROPIC = "ANTHROPIC_FOUNDRY_API_KEY"
"""The variable `AnthropicFoundry` reads its key from when given none."""
INFERENCE_API_VERSION = "2024-05-01-preview"
OPENAI_API_VERSION = "2024-10-21"
ANTHROPIC_VERSION = "2023-06-01"
"""The `anthropic-version` header of the request step (Anthropic's Messages API version; the route refuses a
request without one)."""
CLIENTS = ("auto", "azure-ai-inference", "azure-openai", "openai-v1", "anthropic")
KEY_HEADERS = ("x-api-key", "api-key", "bearer")
T = TypeVar("T")
EMULATOR_IDENTITIES = ("alice", "openai-only", "owner", "app", "guest", "expired")


@dataclass(slots=True)
class Step:
    name: str
    ok: bool
    detail: str
    scenario: str | None = None
    diagnosis: Diagnosis | None = None
    notes: list[str] = field(default_factory=list)
    skipped: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.name,
            "ok": self.ok,
            "skipped": self.skipped,
            "scenario": self.scenario,
            "detail": self.detail,
            "notes": self.notes,
            "diagnosis": self.diagnosis.to_dict() if self.diagnosis else None,
        }


# ------------------------------------------------------------------------------------------------ step 1: endpoint


def infer_client(path: str) -> str:
    lowered = path.lower().rstrip("/")
    if lowered == "/anthropic" or lowered.startswith("/anthropic/") or "/v1/messages/" in lowered + "/":
        return "anthropic"  # Claude on Foundry (AnthropicFoundry), or Anthropic's /v1/messages without its prefix
    if lowered.endswith("/models") or "/models/" in lowered or lowered.startswith("/model"):
        return "azure-ai-inference"
    if "/openai/v1" in lowered:
        return "openai-v1"
    return "azure-openai"


def check_endpoint(
    endpoint: str, client: str, auth: str, api_version: str | None, deployment: str | None = None
) -> Step:
    shape = parse_url(endpoint)
    if not shape.host or "://" not in endpoint:
        return Step(
            "endpoint",
            False,
            f"{endpoint!r} is not a URL: give https://<resource>.services.ai.azure.com/models or the like",
        )
    notes: list[str] = []
    if shape.scheme != "https":
        return Step("endpoint", False, f"the scheme is {shape.scheme}: Azure AI endpoints are https only")
    path = shape.path.rstrip("/").lower()
    res = shape.resource or "<resource>"

    def fail(scenario: str, detail: str) -> Step:
        return Step("endpoint", False, detail, scenario=scenario, notes=notes)

    if shape.host_family == "regional" and auth == "entra":
        return fail(
            "custom-subdomain-required",
            f"{shape.host} is a shared regional host: Entra tokens need the resource's own endpoint (https://<resource>.openai.azure.com)",
        )
    if shape.host_family == "serverless" and auth == "entra":
        return fail(
            "entra-on-key-only-endpoint", f"{shape.host} is a serverless endpoint: it accepts keys only"
        )
    if shape.host_family == "apim":
        notes.append(
            "an API Management gateway: it may want its own subscription key (Ocp-Apim-Subscription-Key)"
        )
    elif shape.host_family not in AZURE_AI_FAMILIES | {"regional", "serverless", "online-endpoint", "github"}:
        notes.append(f"{shape.host} is not a host Azure AI serves; the checks below assume it fronts one")
    if shape.path_family == "project":
        return fail(
            "project-endpoint-for-inference",
            f"{endpoint} is a Foundry project endpoint: use AIProjectClient(...).get_openai_client() or https://{res}.openai.azure.com/openai/v1/",
        )
    if shape.doubled:
        return fail(
            "anthropic-path-doubled" if client == "anthropic" else "path-doubled",
            f"the path {shape.path} repeats part of the route ({shape.doubled})",
        )
    if client == "anthropic":
        return _check_anthropic_endpoint(endpoint, shape, notes)
    if deployment and "claude" in deployment.lower():
        route = "/models" if client == "azure-ai-inference" else "/openai"
        return fail(
            "claude-on-models-route" if client == "azure-ai-inference" else "anthropic-model-on-openai-route",
            f"'{deployment}' is a Claude deployment: Foundry serves Claude on https://{shape.host}/anthropic/ "
            f"(Anthropic's Messages API, --client anthropic), not on {route}",
        )
    if client == "azure-ai-inference":
        if shape.host_family == "openai" and shape.path_family != "openai-deployments":
            return fail(
                "inference-sdk-on-openai-host",
                f"azure-ai-inference on {shape.host} needs /openai/deployments/<name>; or use https://{res}.services.ai.azure.com/models",
            )
        if shape.path_family not in ("models", "openai-deployments") or not (
            path.endswith("/models") or shape.path_family == "openai-deployments"
        ):
            return fail(
                "models-path-missing", f"the endpoint must be https://{shape.host}/models (it is {endpoint})"
            )
    elif client == "azure-openai":
        if path.startswith("/models"):
            return fail(
                "openai-path-on-models-endpoint",
                f"AzureOpenAI's azure_endpoint must be the origin https://{shape.host}, not the /models URL",
            )
        if path not in ("", "/"):
            return fail(
                "path-doubled",
                f"AzureOpenAI's azure_endpoint must be the origin only (https://{shape.host}); it builds /openai/deployments/... itself",
            )
        problem = _version_problem(api_version or OPENAI_API_VERSION, "chat/completions")
        if problem:
            return fail("api-version-unsupported", f"api-version {api_version}: {problem}")
    elif client == "openai-v1" and not (path.endswith("/openai/v1")):
        return fail(
            "v1-path-missing",
            f"the OpenAI client's base_url must be https://{shape.host}/openai/v1/ (it is {endpoint})",
        )
    kind = {
        "azure-ai-inference": "a model inference endpoint",
        "azure-openai": "an Azure OpenAI endpoint",
        "openai-v1": "an OpenAI v1 endpoint",
    }[client]
    where = f" of resource {shape.resource}" if shape.resource else ""
    return Step("endpoint", True, f"{endpoint} is {kind}{where}", notes=notes)


_NOT_FOUNDRY = frozenset({"regional", "serverless", "online-endpoint", "github", "azureml", "openai-com"})


def _check_anthropic_endpoint(endpoint: str, shape: UrlShape, notes: list[str]) -> Step:
    """The endpoint as `AnthropicFoundry(base_url=...)` takes it: ``https://<resource>.services.ai.azure.com/
    anthropic/``, to which the SDK appends ``/v1/messages`` itself."""
    path = shape.path.rstrip("/").lower()
    base = f"https://{shape.host}/anthropic/"
    if shape.host_family == "anthropic-com":
        return Step(
            "endpoint",
            False,
            f"{shape.host} is Anthropic's own API, not Foundry: Claude on Foundry is https://<resource>.services.ai.azure.com/anthropic/",
            notes=notes,
        )
    if shape.host_family in _NOT_FOUNDRY:
        return Step(
            "endpoint",
            False,
            f"{shape.host} does not serve Claude: Foundry serves it on the resource's own host, https://<resource>.services.ai.azure.com/anthropic/",
            notes=notes,
        )
    if path != "/anthropic" and not path.startswith("/anthropic/"):
        return Step(
            "endpoint",
            False,
            f"Claude is served under /anthropic: the base URL must be {base} (it is {endpoint})",
            scenario="anthropic-prefix-missing",
            notes=notes,
        )
    if path != "/anthropic":
        return Step(
            "endpoint",
            False,
            f"the base URL must stop at /anthropic/ ({base}): the SDK appends /v1/messages itself, so this one "
            f"asks for {shape.path.rstrip('/')}/v1/messages",
            scenario="anthropic-path-doubled",
            notes=notes,
        )
    where = f" of resource {shape.resource}" if shape.resource else ""
    return Step("endpoint", True, f"{endpoint} is Claude's anthropic route{where}", notes=notes)


# ------------------------------------------------------------------------------------------------ step 2: credential


def _claims_line(claims: Claims, now: float) -> str:
    exp = "unknown"
    if claims.exp is not None:
        left = claims.exp - now
        exp = f"in {int(left // 60)} min" if left >= 0 else f"{int(-left // 60)} min ago"
    kind = {"app": "application", "user": "user"}.get(claims.idtyp or "", claims.idtyp or "unknown type")
    return f"aud {claims.aud}, tenant {claims.tid}, principal {claims.oid} ({kind}), expires {exp}"


def check_token(token: str, scope: str, client: str, now: float) -> tuple[Step, Claims | None]:
    claims, defect = decode_jwt(token)
    if claims is None:
        return Step(
            "credential",
            False,
            f"the credential returned a token that is not a JWT ({defect or 'unrecognised'})",
            "token-malformed",
        ), None
    line = _claims_line(claims, now)
    aud = (claims.aud or "").rstrip("/").lower()
    if claims.exp is not None and claims.exp < now:
        return Step("credential", False, f"the token has expired: {line}", "token-expired"), claims
    if aud not in AI_AUDIENCES:
        sid = (
            "inference-sdk-default-scope"
            if aud == ML_AUDIENCE and client == "azure-ai-inference"
            else "token-wrong-audience"
        )
        return Step(
            "credential",
            False,
            f"a token for the scope {scope} has the audience {claims.aud}, which Azure AI does not accept (use {DEFAULT_SCOPE}): {line}",
            sid,
        ), claims
    return Step("credential", True, f"token for {scope}: {line}"), claims


def check_key(var: str) -> tuple[Step, str | None]:
    value = os.environ.get(var)
    if value is None or not value.strip():
        return Step(
            "credential",
            False,
            f"the environment variable {var} is {'empty' if value is not None else 'not set'}",
            "token-missing",
        ), None
    shape = key_shape(value)
    if shape == "openai-sk":
        return Step(
            "credential",
            False,
            f"{var} holds an OpenAI.com key (sk-...), not an Azure key",
            "openai-key-on-azure",
        ), None
    if shape == "jwt":
        return Step(
            "credential",
            False,
            f"{var} holds an Entra token, not a key: use --auth entra",
            "token-sent-as-key",
        ), None
    label = {
        "azure-hex32": "Azure-shaped (32 hex characters)",
        "azure-84": "Azure-shaped (84 characters)",
    }.get(shape, f"an unrecognised shape ({len(value.strip())} characters)")
    return Step("credential", True, f"{var} holds a key, {label}"), value.strip()


# ------------------------------------------------------------------------------------------------ step 3: request


def probe_request(
    endpoint: str, client: str, deployment: str, api_version: str | None
) -> tuple[str, dict[str, Any]]:
    base = endpoint.rstrip("/")
    messages = [{"role": "user", "content": "ping"}]
    if client == "anthropic":  # Anthropic's Messages API: the SDK appends /v1/messages to its base URL
        return f"{base}/v1/messages", {"model": deployment, "max_tokens": 1, "messages": messages}
    if client == "azure-ai-inference":
        if "/openai/deployments/" in base:
            return f"{base}/chat/completions?api-version={api_version or INFERENCE_API_VERSION}", {
                "messages": messages,
                "max_tokens": 1,
            }
        return f"{base}/chat/completions?api-version={api_version or INFERENCE_API_VERSION}", {
            "model": deployment,
            "messages": messages,
            "max_tokens": 1,
        }
    if client == "openai-v1":
        return f"{base}/chat/completions", {"model": deployment, "messages": messages, "max_tokens": 1}
    return (
        f"{base}/openai/deployments/{deployment}/chat/completions?api-version={api_version or OPENAI_API_VERSION}",
        {"messages": messages, "max_tokens": 1},
    )


def send_probe(
    url: str, body: dict[str, Any], headers: dict[str, str], transport: Any, timeout: float = 30.0
) -> tuple[int, bytes, dict[str, str]]:
    from azure.core import PipelineClient
    from azure.core.pipeline.policies import HeadersPolicy
    from azure.core.rest import HttpRequest

    request = HttpRequest("POST", url, json=body, headers=headers)
    kwargs: dict[str, Any] = {"policies": [HeadersPolicy()]}
    if transport is not None:
        kwargs["transport"] = transport
    with PipelineClient(base_url=url, **kwargs) as client:
        response = client.send_request(
            request, stream=False, connection_timeout=timeout, read_timeout=timeout
        )
        return response.status_code, response.content[: 1 << 20], dict(response.headers)


# ------------------------------------------------------------------------------------------------ the command


class NoIdentityPackage(Exception):
    """azure-identity is not installed (the `identity` extra)."""


class TokenTimeout(Exception):
    """The credential gave neither a token nor an error within --timeout (it is left running, unwaited for)."""

    def __init__(self, timeout: float) -> None:
        super().__init__(f"no token within {timeout:g} s")
        self.timeout = timeout


TIMEOUT_HINTS = (
    "a credential is still waiting: most often the managed identity endpoint (IMDS) off Azure, a sign-in CLI "
    "(az, azd, pwsh) that does not return, or a proxy holding the connection to Entra",
    "narrow DefaultAzureCredential to the credentials you mean: AZURE_TOKEN_CREDENTIALS=dev (developer sign-ins) "
    "or prod (environment, workload and managed identity), azure-identity 1.23 and later; or raise --timeout",
)


def bounded(call: Callable[[], T], timeout: float) -> T:
    """`call()`'s result or exception, or `TokenTimeout` when it has given neither within `timeout` seconds.

    The call runs in a daemon thread, so a credential that never returns (a hung CLI, a silent IMDS) cannot keep
    the command waiting: the command stops waiting for it and reports; the thread ends with the process."""
    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
        try:
            outcome.append((True, call()))
        except BaseException as exc:  # handed to the caller as it is
            outcome.append((False, exc))

    worker = threading.Thread(target=run, name="inference-doctor-credential", daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome:
        raise TokenTimeout(timeout)
    ok, value = outcome[0]
    if ok:
        return cast(T, value)
    raise value


class TokenFailure(Exception):
    """The credential gave no token: its exception, and how many log records the libraries wrote meanwhile."""

    def __init__(self, error: BaseException, log_records: int = 0) -> None:
        super().__init__(str(error))
        self.error = error
        self.log_records = log_records


HINTS = (
    "sign in: `az login` (add --tenant <tenant id> for the resource's directory), or set AZURE_CLIENT_ID / AZURE_TENANT_ID / AZURE_CLIENT_SECRET",
    f"the scope must be {DEFAULT_SCOPE}; the identity then needs Cognitive Services User on the resource",
)


def credential_failure(exc: BaseException, scope: str, endpoint: str | None) -> Step:
    """The failed credential step, the same for `check` and `token`: what failed, its diagnosis
    (`diagnose_credential_failure`: the cause, and the fix with the scope and the endpoint) or, when there is
    none, how to sign in; which credentials were tried (one line each, from the exception, not the logs)."""
    if isinstance(exc, NoIdentityPackage):
        return Step(
            "credential",
            False,
            'Entra tokens need azure-identity: pip install "inference-doctor[identity]" (or use --auth key)',
        )
    if isinstance(exc, TokenTimeout):
        return Step(
            "credential",
            False,
            f"no token for {scope} within {exc.timeout:g} s (--timeout): the credential did not answer",
            notes=list(TIMEOUT_HINTS),
        )
    error = exc.error if isinstance(exc, TokenFailure) else exc
    lines = [line.strip() for line in str(error).strip().splitlines()]
    first = lines[0][:400] if lines and lines[0] else type(error).__name__
    step = Step("credential", False, f"could not get a token for {scope}: {type(error).__name__}: {first}")
    diagnosis = diagnose_credential_failure(error, scope=scope, endpoint=endpoint)
    if diagnosis is not None:
        step.scenario, step.diagnosis = diagnosis.scenario, diagnosis
    tried = [line for line in lines[1:] if re.match(r"^\w+Credential: ", line)]
    if tried:
        step.notes.append(f"DefaultAzureCredential tried {len(tried)} credentials, none gave a token:")
        step.notes += [f"  {line.split('. ')[0][:160]}" for line in tried[:12]]
    if diagnosis is None:
        step.notes += HINTS
    records = exc.log_records if isinstance(exc, TokenFailure) else 0
    if records:
        step.notes.append(
            f"azure-identity's {records} log record(s) were kept off the terminal; the above sums them up"
        )
    return step


@dataclass(slots=True)
class _Env:
    """Where tokens and requests come from: the real world, or the emulator."""

    emulator: Any = None
    identity: str = "alice"
    credential: str | None = None
    """With the emulator: a credential reproduction's id (a REAL azure-identity credential set up to fail, or
    to work, against the emulator) instead of an emulated identity."""

    def token(self, scope: str, timeout: float = DEFAULT_TIMEOUT) -> str:
        """A token for `scope`; the credential's own exception when it cannot get one, `TokenTimeout` when it
        has given neither within `timeout` seconds. azure-identity's WARNING lines (the chain's message,
        ``<Credential>.get_token failed``) are kept off stderr meanwhile: the command shows that message itself,
        with its diagnosis."""
        with captured_logs("azure") as records:
            try:
                return bounded(lambda: self._token(scope, timeout), timeout)
            except (NoIdentityPackage, UsageError, TokenTimeout):
                raise
            except Exception as exc:
                raise TokenFailure(exc, len(records)) from None

    def _token(self, scope: str, timeout: float) -> str:
        if self.emulator is None:
            try:
                from azure.identity import DefaultAzureCredential
            except ImportError:
                raise NoIdentityPackage() from None
            # the developer credentials' own limit on their CLI (az, azd, pwsh), which they kill after it
            return str(DefaultAzureCredential(process_timeout=timeout).get_token(scope).token)
        if self.credential is not None:
            return self._reproduced_token(scope)
        import dataclasses

        from ..emulator import EmulatorCredential
        from ..emulator import defaults as world

        people = {
            "alice": world.ALICE,
            "openai-only": world.OPENAI_ONLY,
            "owner": world.OWNER,
            "app": world.APP,
            "guest": world.GUEST,
        }
        person = people.get(self.identity) or dataclasses.replace(world.ALICE, lifetime=-7200)
        return str(EmulatorCredential(person).get_token(scope).token)

    def _reproduced_token(self, scope: str) -> str:
        from ..emulator.credential_reproductions import (
            CREDENTIAL_REPRODUCTIONS,
            CREDENTIAL_WORKING,
            build_credential,
            credential_environment,
        )

        rows = {r.id: r for r in CREDENTIAL_REPRODUCTIONS + CREDENTIAL_WORKING}
        rep = rows.get(self.credential or "")
        if rep is None:
            raise UsageError(f"--emulator-credential must be one of: {', '.join(rows)}")
        try:
            import azure.identity  # noqa: F401
        except ImportError:
            raise UsageError(
                'Entra checks need azure-identity: pip install "inference-doctor[identity]"'
            ) from None
        with credential_environment(rep.setup, self.emulator, scope):
            credential = build_credential(rep.setup, self.emulator)
            try:
                return str(credential.get_token(scope).token)
            finally:
                credential.close()

    def transport(self) -> Any:
        return None if self.emulator is None else self.emulator.requests_transport()


def key_env_default(client: str) -> str:
    """The environment variable the key is read from when --key-env is not given: the one the client reads."""
    return {"azure-ai-inference": KEY_ENV_INFERENCE, "anthropic": KEY_ENV_ANTHROPIC}.get(
        client, KEY_ENV_OPENAI
    )


def key_headers(key: str, header: str) -> dict[str, str]:
    """The key as the request sends it: in x-api-key (the anthropic route), api-key (Azure), or as a bearer
    token (the OpenAI client's way)."""
    return {"Authorization": f"Bearer {key}"} if header == "bearer" else {header: key}


def _key_step(args: argparse.Namespace, client: str) -> tuple[Step, dict[str, str]]:
    step, key = check_key(args.key_env or key_env_default(client))
    if not key:
        return step, {}
    header = args.key_header or ("x-api-key" if client == "anthropic" else "api-key")
    if client == "anthropic" and header != "x-api-key":
        sent = "Authorization: Bearer" if header == "bearer" else header
        step = Step(
            "credential",
            False,
            f"{step.detail}, sent as {sent}: the anthropic route reads keys from x-api-key only and refuses "
            "this one (AnthropicFoundry(api_key=...) sends x-api-key; --key-header x-api-key)",
            "anthropic-key-header",
        )
    return step, key_headers(key, header)


def _credential_step(args: argparse.Namespace, env: _Env, client: str) -> tuple[Step, dict[str, str]]:
    if args.auth == "key":
        return _key_step(args, client)
    try:
        token = env.token(args.scope, args.timeout)
    except UsageError:
        raise
    except Exception as exc:  # the credential's own failure (azure-identity's absence, no answer), diagnosed
        return credential_failure(exc, args.scope, args.endpoint), {}
    step, _claims = check_token(token, args.scope, client, time.time())
    return step, {"Authorization": f"Bearer {token}"}


_QUERY_NAME = lazy(r"[A-Za-z0-9_.~-]{1,40}")


def refuse_query(endpoint: str) -> None:
    """Stop (a usage error) on an endpoint with a query string, a fragment or a user name and password: a key
    never belongs on the command line, and the probe builds its own query. The error names the parameters (a
    name that is not a plain word is left out), never their values."""
    head, sep, query = endpoint.partition("?")
    if "@" in head.split("://", 1)[-1].split("/", 1)[0]:
        raise UsageError(
            "the endpoint holds a user name or password before the host: give it without them "
            "(keys go in an environment variable: --auth key --key-env VAR)"
        )
    if not sep and "#" not in endpoint:
        return
    names = []
    for pair in query.split("#", 1)[0].split("&")[:20]:
        name = unquote(pair.partition("=")[0])
        if name and _QUERY_NAME.fullmatch(name) and not looks_secret(name) and repr(name) not in names:
            names.append(repr(name))
    which = f" ({', '.join(names)})" if names else ""
    hint = (
        "give the api-version with --api-version"
        if names == ["'api-version'"]
        else "keys go in an environment variable (--auth key --key-env VAR), never on the command line"
    )
    raise UsageError(
        f"the endpoint has a query string{which}: give the endpoint without it, as you give it to the client; {hint}"
    )


def timeout_seconds(text: str) -> float:
    """argparse type of --timeout: a duration in seconds (`seconds`), a longer one than `MAX_TIMEOUT` taken as it."""
    return min(seconds(text), MAX_TIMEOUT)


def run_check(args: argparse.Namespace, out: TextIO) -> int:
    for given, option in ((args.key_env, "--key-env"), (args.key_header, "--key-header")):
        if given and args.auth != "key":
            raise UsageError(f"{option} is about a key: add --auth key (Entra is the default)")
    refuse_query(args.endpoint)
    return _run_check(args, _Scrubbed(out, known_secrets(url=args.endpoint)))


class _Scrubbed:
    """The output stream, with everything written through the engine's scrubber (as each step is shown)."""

    def __init__(self, out: TextIO, secrets: Secrets) -> None:
        self._out, self._secrets = out, secrets

    def write(self, text: str) -> int:
        return self._out.write(scrub(text, self._secrets))

    def flush(self) -> None:
        self._out.flush()


def _run_check(args: argparse.Namespace, out: Any) -> int:
    client = args.client if args.client != "auto" else infer_client(parse_url(args.endpoint).path)
    steps: list[Step] = []
    emulator_cm: Any = None
    env = _Env(identity=args.emulator_identity, credential=args.emulator_credential)
    text = args.format != "json"

    def done(step: Step) -> None:  # each step is shown as soon as it is known
        steps.append(step)
        if text:
            _print_step(step, out)
            out.flush()

    def progress(message: str) -> None:
        if text:
            sys.stderr.write(f"inference-doctor: {message} ...\n")
            sys.stderr.flush()

    if text:
        out.write(f"inference-doctor check {args.endpoint}\n  client: {client}, auth: {args.auth}\n\n")
        out.flush()
    if args.emulator:
        from ..emulator import Emulator, default_config

        emulator_cm = Emulator(default_config())
        env.emulator = emulator_cm.__enter__()
    try:
        done(check_endpoint(args.endpoint, client, args.auth, args.api_version, args.deployment))
        if args.auth != "key":
            progress(
                f"getting a token for {args.scope} from DefaultAzureCredential, waiting up to {args.timeout:g} s"
            )
        cred_step, auth_headers = _credential_step(args, env, client)
        done(cred_step)
        if args.no_probe:
            done(Step("request", True, "skipped (--no-probe)", skipped=True))
        elif not steps[0].ok or not auth_headers:
            done(Step("request", False, "not sent: fix the steps above first", skipped=True))
        elif not args.deployment:
            done(
                Step(
                    "request",
                    False,
                    "not sent: give --deployment <name> (the deployment to call)",
                    skipped=True,
                )
            )
        else:
            call = "message" if client == "anthropic" else "chat completion"
            progress(f"sending one {call}, waiting up to {args.timeout:g} s for the answer")
            done(_request_step(args, env, client, auth_headers))
    finally:
        if emulator_cm is not None:
            emulator_cm.__exit__(None, None, None)
    ok = all(s.ok for s in steps)
    if not text:
        print_json(
            {
                "endpoint": args.endpoint,
                "client": client,
                "auth": args.auth,
                "ok": ok,
                "steps": [s.to_dict() for s in steps],
            },
            out,
        )
    else:
        failed = [s.name for s in steps if not s.ok]
        out.write("\n" + ("all checks passed\n" if not failed else f"failed: {', '.join(failed)}\n"))
    return 0 if ok else 1


def _request_step(args: argparse.Namespace, env: _Env, client: str, auth_headers: dict[str, str]) -> Step:
    url, body = probe_request(args.endpoint, client, args.deployment, args.api_version)
    headers = {"User-Agent": "inference-doctor-check", **auth_headers}
    operation = "chat"
    if client == "anthropic":
        headers["anthropic-version"] = args.api_version or ANTHROPIC_VERSION
        operation = "messages"
    shown = f"POST {parse_url(url).path} ({operation}, max_tokens=1)"
    try:
        status, content, response_headers = send_probe(url, body, headers, env.transport(), args.timeout)
    except Exception as exc:  # DNS, TLS, connection refused: the endpoint was not reached at all
        if _timed_out(exc):
            return Step(
                "request",
                False,
                f"{shown}: no answer within {args.timeout:g} s (--timeout); the endpoint accepted the connection "
                "but did not respond: check the host, a proxy or firewall in between, or raise --timeout",
            )
        return Step(
            "request",
            False,
            f"{shown}: could not reach the endpoint ({type(exc).__name__}); check the host name and the network",
        )
    if 200 <= status < 300 or status == 429:
        extra = " (throttled, but authenticated and routed)" if status == 429 else ""
        return Step(
            "request",
            True,
            f"{shown} -> {status}{extra}: authentication, role, route and deployment all work",
        )
    d = diagnose(
        status,
        body=content,
        response_headers=response_headers,
        method="POST",
        url=url,
        request_headers=headers,
    )
    if d is None:
        return Step("request", False, f"{shown} -> {status}: not a failure inference-doctor catalogues")
    step = Step("request", False, f"{shown} -> {status}: {d.title}", scenario=d.scenario, diagnosis=d)
    not_claude = "claude" not in args.deployment.lower()
    if client == "anthropic" and status == 404 and d.scenario.startswith("unclassified") and not_claude:
        step.notes.append(
            f"'{args.deployment}' does not look like a Claude deployment: the anthropic route serves Claude "
            "only (Foundry answers api_not_supported for other models; call them on /models or /openai/v1/)"
        )
    return step


def _timed_out(exc: BaseException) -> bool:
    """Whether a transport error was a timeout (azure-core's own class, or the requests/urllib3 one inside)."""
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            return False
        if any("Timeout" in cls.__name__ for cls in type(seen).__mro__):
            return True
        inner = getattr(seen, "inner_exception", None)
        seen = inner if isinstance(inner, BaseException) else (seen.__cause__ or seen.__context__)
    return False


def _print_step(step: Step, out: TextIO) -> None:
    mark = "skip" if step.skipped and step.ok else ("pass" if step.ok else "FAIL")
    tag = f" [{step.scenario}]" if step.scenario else ""
    out.write(f"  {mark:4}  {step.name:<10} {step.detail}{tag}\n")
    for note in step.notes:
        out.write(f"        note: {note}\n")
    if step.diagnosis is not None:
        out.write(
            "\n" + "\n".join("        " + line for line in render_text(step.diagnosis).splitlines()) + "\n\n"
        )
    elif step.scenario and not step.ok:
        out.write(f"        more: inference-doctor explain {step.scenario}\n")


def run_token(args: argparse.Namespace, out: TextIO) -> int:
    env = _Env(identity=args.emulator_identity, credential=args.emulator_credential)
    emulator_cm: Any = None
    if args.emulator:
        from ..emulator import Emulator, default_config

        emulator_cm = Emulator(default_config())
        env.emulator = emulator_cm.__enter__()
    try:
        try:
            token = env.token(args.scope, args.timeout)
        except UsageError:
            raise
        except Exception as exc:  # the same failed step, diagnosis and exit status as `check`
            step = credential_failure(exc, args.scope, None)
            if args.format == "json":
                print_json({"scope": args.scope, "ok": False, "steps": [step.to_dict()]}, out)
            else:
                out.write(f"token for {args.scope}\n\n")
                _print_step(step, out)
            return 1
    finally:
        if emulator_cm is not None:
            emulator_cm.__exit__(None, None, None)
    claims, defect = decode_jwt(token)
    if claims is None:
        raise UsageError(f"the credential returned a token that is not a JWT ({defect})")
    data = {
        k: getattr(claims, k)
        for k in ("aud", "tid", "oid", "appid", "idtyp", "iss", "exp", "nbf", "iat", "scp", "roles")
    }
    data["role_assignment"] = (
        f'az role assignment create --assignee {claims.oid} --role "Cognitive Services User" --scope /subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.CognitiveServices/accounts/<resource>'
    )
    if args.format == "json":
        print_json(data, out)
        return 0
    out.write(f"token for {args.scope} (the token itself is never shown)\n")
    out.write(f"  {_claims_line(claims, time.time())}\n")
    for key in ("appid", "iss", "scp", "roles"):
        if data[key]:
            out.write(f"  {key}: {data[key]}\n")
    out.write(f"\nto give this principal inference access:\n  {data['role_assignment']}\n")
    return 0


def add_check_arguments(check: argparse.ArgumentParser, token: argparse.ArgumentParser) -> None:
    check.add_argument(
        "endpoint",
        help=(
            "the endpoint as you give it to the client, without a query string: an endpoint with one (?code=, "
            "?api-key=, ...) is refused, since keys go in an environment variable (--key-env) and the "
            "api-version in --api-version"
        ),
    )
    check.add_argument(
        "--deployment", "--model", dest="deployment", help="the deployment to call in the request step"
    )
    check.add_argument(
        "--client",
        choices=CLIENTS,
        default="auto",
        help="the client you use (auto: from the endpoint's path; anthropic, Claude on Foundry with "
        "AnthropicFoundry, for a path under /anthropic)",
    )
    check.add_argument(
        "--auth",
        choices=("entra", "key"),
        default="entra",
        help="entra: a token from DefaultAzureCredential (default; needs the identity extra); key: a key read "
        "from an environment variable",
    )
    check.add_argument(
        "--key-env",
        metavar="VAR",
        help=f"with --auth key: the environment variable holding the key (default {KEY_ENV_INFERENCE} for a "
        f"/models endpoint, {KEY_ENV_ANTHROPIC} for /anthropic, as AnthropicFoundry reads it, {KEY_ENV_OPENAI} "
        "otherwise; never pass a key on the command line)",
    )
    check.add_argument(
        "--key-header",
        choices=KEY_HEADERS,
        help="with --auth key: the header the key is sent in, to try what your client sends (default x-api-key "
        "for anthropic, as AnthropicFoundry sends it; api-key otherwise; bearer: Authorization: Bearer <key>)",
    )
    check.add_argument(
        "--scope", default=DEFAULT_SCOPE, help=f"token scope for Entra (default {DEFAULT_SCOPE})"
    )
    check.add_argument(
        "--api-version",
        help=f"api-version for classic routes; for anthropic, the anthropic-version header (default {ANTHROPIC_VERSION})",
    )
    check.add_argument(
        "--no-probe", action="store_true", help="check shape and credential only; send no request"
    )
    waits = {
        check: "each step waits: the credential for its token, then the request to connect and for its answer",
        token: "the credential is given to get its token",
    }
    for p, what in waits.items():
        p.add_argument(
            "--timeout",
            type=timeout_seconds,
            default=DEFAULT_TIMEOUT,
            metavar="SECONDS",
            help=f"how long {what} (default {DEFAULT_TIMEOUT:g}); a credential that has given no token by then "
            "(a sign-in CLI or a managed identity endpoint that does not answer) fails its step",
        )
        p.add_argument(
            "--format",
            choices=("text", "json"),
            default="text",
            help="text: one line per step as it runs (default); json: one object with schema_version at the end",
        )
        p.add_argument(
            "--emulator", action="store_true", help="run against the built-in emulator instead of Azure"
        )
        p.add_argument(
            "--emulator-identity",
            choices=EMULATOR_IDENTITIES,
            default="alice",
            help="with --emulator: whose token",
        )
        p.add_argument(
            "--emulator-credential",
            metavar="ID",
            help="with --emulator: get the token with a real azure-identity credential set up as in one of the "
            "emulator's credential reproductions (e.g. cli-login-required/az-signed-out)",
        )
    token.add_argument("--scope", default=DEFAULT_SCOPE, help=f"token scope (default {DEFAULT_SCOPE})")
