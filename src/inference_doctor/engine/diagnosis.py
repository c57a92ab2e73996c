"""The result type of the engine: `Diagnosis`, and the closed set of scenario ids.

The ids, groups and confidences are tuples at run time (`SCENARIO_IDS`, `GROUPS`, `CONFIDENCES`) and `Literal`
types for type checkers (`ScenarioId`, `Group`, `Confidence`): the command line does not import `typing` to start.
The `Literal`s exist at run time too, made on first use by the module's ``__getattr__`` from the tuples; a test
checks that each `Literal` below lists what its tuple lists, in the same order.
"""

from __future__ import annotations

from .record import FrozenRecord, dataclass_on_demand, typed_as_frozen_dataclass
from .scrub import Secrets, scrub_shapes_all

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: the command line does not import `typing` to start

if TYPE_CHECKING:
    from collections.abc import Mapping
    from dataclasses import InitVar
    from typing import Any, Literal, NoReturn

SCENARIO_IDS = (
    # identity and role
    "role-missing",
    # token and key
    "token-missing",
    "token-wrong-audience",
    "inference-sdk-default-scope",
    "token-expired",
    "token-malformed",
    "key-sent-as-bearer",
    "token-sent-as-key",
    "entra-on-key-only-endpoint",
    "token-tenant-mismatch",
    "custom-subdomain-required",
    "key-invalid",
    "openai-key-on-azure",
    "key-auth-disabled",
    "gateway-auth",
    "anthropic-model-on-openai-route",
    # routing
    "models-path-missing",
    "inference-sdk-on-openai-host",
    "openai-path-on-models-endpoint",
    "v1-path-missing",
    "path-doubled",
    "openai-prefix-missing",
    "project-endpoint-for-inference",
    "model-info-not-supported",
    "deployment-not-found",
    "unknown-model",
    "no-model-name",
    "api-version-missing",
    "api-version-unsupported",
    "subdomain-not-mapped",
    "serverless-endpoint-not-found",
    "online-endpoint-no-traffic",
    "operation-not-supported",
    # network
    "public-access-disabled",
    "private-endpoint-required",
    "firewall-denied",
    "vnet-wrong-endpoint",
    "resource-suspended",
    # Claude on Foundry: the anthropic route
    "anthropic-key-header",
    "anthropic-path-doubled",
    "anthropic-prefix-missing",
    "claude-on-models-route",
    "anthropic-deployment-not-found",
    # nothing specific
    "unclassified-401",
    "unclassified-403",
    "unclassified-404",
    # token acquisition (the credential failed before any request was sent)
    "credential-chain-exhausted",
    "credential-chain-stopped",
    "cli-not-installed",
    "cli-login-required",
    "signin-expired",
    "mfa-required",
    "conditional-access-blocked",
    "client-secret-invalid",
    "client-secret-expired",
    "app-not-found",
    "tenant-not-found",
    "scope-not-found",
    "scope-malformed",
    "managed-identity-unavailable",
    "managed-identity-not-assigned",
    "workload-identity-misconfigured",
    "consent-required",
    "msi-audience-unsupported",
    "token-provider-empty",
    "unclassified-credential",
)
"""Every catalog id, by family: the run-time `ScenarioId`."""

GROUPS = ("identity", "credential", "routing", "network", "unclassified", "acquisition")
CONFIDENCES = ("high", "medium", "low")

if TYPE_CHECKING:
    ScenarioId = Literal[
        # identity and role
        "role-missing",
        # token and key
        "token-missing",
        "token-wrong-audience",
        "inference-sdk-default-scope",
        "token-expired",
        "token-malformed",
        "key-sent-as-bearer",
        "token-sent-as-key",
        "entra-on-key-only-endpoint",
        "token-tenant-mismatch",
        "custom-subdomain-required",
        "key-invalid",
        "openai-key-on-azure",
        "key-auth-disabled",
        "gateway-auth",
        "anthropic-model-on-openai-route",
        # routing
        "models-path-missing",
        "inference-sdk-on-openai-host",
        "openai-path-on-models-endpoint",
        "v1-path-missing",
        "path-doubled",
        "openai-prefix-missing",
        "project-endpoint-for-inference",
        "model-info-not-supported",
        "deployment-not-found",
        "unknown-model",
        "no-model-name",
        "api-version-missing",
        "api-version-unsupported",
        "subdomain-not-mapped",
        "serverless-endpoint-not-found",
        "online-endpoint-no-traffic",
        "operation-not-supported",
        # network
        "public-access-disabled",
        "private-endpoint-required",
        "firewall-denied",
        "vnet-wrong-endpoint",
        "resource-suspended",
        # Claude on Foundry: the anthropic route
        "anthropic-key-header",
        "anthropic-path-doubled",
        "anthropic-prefix-missing",
        "claude-on-models-route",
        "anthropic-deployment-not-found",
        # nothing specific
        "unclassified-401",
        "unclassified-403",
        "unclassified-404",
        # token acquisition (the credential failed before any request was sent)
        "credential-chain-exhausted",
        "credential-chain-stopped",
        "cli-not-installed",
        "cli-login-required",
        "signin-expired",
        "mfa-required",
        "conditional-access-blocked",
        "client-secret-invalid",
        "client-secret-expired",
        "app-not-found",
        "tenant-not-found",
        "scope-not-found",
        "scope-malformed",
        "managed-identity-unavailable",
        "managed-identity-not-assigned",
        "workload-identity-misconfigured",
        "consent-required",
        "msi-audience-unsupported",
        "token-provider-empty",
        "unclassified-credential",
    ]

    Group = Literal["identity", "credential", "routing", "network", "unclassified", "acquisition"]
    """The family of a scenario. `acquisition`: the credential could not get a token, so no request was sent."""

    Confidence = Literal["high", "medium", "low"]

_LITERALS = {"ScenarioId": SCENARIO_IDS, "Group": GROUPS, "Confidence": CONFIDENCES}


def __getattr__(name: str) -> Any:
    """`ScenarioId`, `Group` and `Confidence` as `typing.Literal`s, made when first asked for."""
    if name not in _LITERALS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from typing import Literal

    value = Literal[_LITERALS[name]]  # type: ignore[valid-type]
    globals()[name] = value
    return value


class Evidence(dict[str, str]):
    """The read-only mapping `Diagnosis.evidence` holds: a `dict` that refuses changes.

    A `dict` (not a ``mappingproxy``) so that a `Diagnosis` pickles, copies and deep-copies, and
    ``dataclasses.asdict`` and ``json.dumps`` take it as they take any dict.
    """

    __slots__ = ()

    def _read_only(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("Diagnosis.evidence is read-only")

    __setitem__ = __delitem__ = __ior__ = _read_only
    clear = pop = popitem = setdefault = update = _read_only

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items())))

    def __reduce__(self) -> tuple[type[Evidence], tuple[dict[str, str]]]:
        return type(self), (dict(self),)

    def __copy__(self) -> Evidence:
        return self  # immutable: a copy would be the same

    def __deepcopy__(self, memo: dict[int, object]) -> Evidence:
        return self  # keys and values are str


_REQUEST_IDS: frozenset[str] = frozenset()


def _request_ids() -> frozenset[str]:
    """The response headers whose values are kept as sent (request ids), imported on first use, not at import:
    the integrations load no reader."""
    global _REQUEST_IDS
    from .read.headers import REQUEST_ID_HEADERS

    _REQUEST_IDS = frozenset(REQUEST_ID_HEADERS)
    return _REQUEST_IDS


@typed_as_frozen_dataclass(frozen=True)
class Diagnosis(FrozenRecord):
    """What the engine concluded about one failed response.

    Every text field is already filled in with the evidence and redacted: a `Diagnosis` never holds a token, a
    key or a signature, so it is safe to log, print and serialise as it is. Construction itself scrubs every text
    field (`scrub.py`): anything shaped like a token or a key, whoever built the `Diagnosis`, and the request's
    own credential values that the engine passes as `secrets` (used there and not kept). Request ids are kept as
    the service sent them, scrubbed of those values only.

    A frozen, slotted dataclass (written out by hand so that importing it does not import `dataclasses`: see
    `record.py`).
    """

    __slots__ = (  # noqa: RUF023  (the fields, in order)
        "scenario",
        "status",
        "group",
        "title",
        "cause",
        "steps",
        "docs",
        "evidence",
        "confidence",
        "alternatives",
    )
    __match_args__ = (  # as a dataclass has them: its InitVar too
        "scenario",
        "status",
        "group",
        "title",
        "cause",
        "steps",
        "docs",
        "evidence",
        "confidence",
        "alternatives",
        "secrets",
    )

    scenario: ScenarioId
    """The catalog id (stable, kebab-case)."""
    status: int
    """The HTTP status the diagnosis is about (the inner one when the error arrived wrapped); 0 when there is no
    HTTP response at all: a token-acquisition failure (group `acquisition`) happened before any request was sent."""
    group: Group
    title: str
    """One line that stands alone: what is wrong, not how to fix it."""
    cause: str
    steps: tuple[str, ...]
    """The fix, in order, with the evidence filled in."""
    docs: tuple[str, ...]
    evidence: Mapping[str, str]
    """What was observed (redacted): host, path shape, auth kind, token claims, service code, request ids.
    Defaults to an empty mapping."""
    confidence: Confidence
    """Defaults to "high"."""
    alternatives: tuple[ScenarioId, ...]
    """Other ids the evidence leaves open. Defaults to none."""
    secrets: InitVar[Secrets | None] = None  # a class attribute, as a dataclass keeps an InitVar's default
    """Credential values to scrub from the fields that carry what was observed (title, steps, evidence); the
    engine passes the request's. Not stored."""

    def __init__(
        self,
        scenario: ScenarioId,
        status: int,
        group: Group,
        title: str,
        cause: str,
        steps: tuple[str, ...],
        docs: tuple[str, ...],
        evidence: Mapping[str, str] | None = None,
        confidence: Confidence = "high",
        alternatives: tuple[ScenarioId, ...] = (),
        secrets: Secrets | None = None,
    ) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "scenario", scenario)
        setattr_(self, "status", status)
        setattr_(self, "group", group)
        setattr_(self, "confidence", confidence)
        setattr_(self, "alternatives", alternatives)
        self._set_scrubbed(title, cause, steps, docs, Evidence() if evidence is None else evidence, secrets)

    def __post_init__(self, secrets: Secrets | None) -> None:
        """Scrub the text fields as they are set (what a dataclass's generated ``__init__`` would call)."""
        self._set_scrubbed(self.title, self.cause, self.steps, self.docs, self.evidence, secrets)

    def _set_scrubbed(
        self,
        title: str,
        cause: str,
        steps: tuple[str, ...],
        docs: tuple[str, ...],
        evidence: Mapping[str, str],
        secrets: Secrets | None,
    ) -> None:
        """Set the text fields, scrubbed: shapes in every field but the request ids, the request's own credential
        values in the fields that carry what was observed (title, steps, evidence)."""
        steps, docs, evidence = tuple(steps), tuple(docs), dict(evidence)
        kept = _REQUEST_IDS or _request_ids()
        shaped = [k for k in evidence if k not in kept]  # request ids are kept as sent
        texts = [title, cause, *steps, *docs, *(evidence[k] for k in shaped)]
        scrubbed = scrub_shapes_all(texts)
        if scrubbed != texts:
            title, cause = scrubbed[0], scrubbed[1]
            steps = tuple(scrubbed[2 : 2 + len(steps)])
            docs = tuple(scrubbed[2 + len(steps) : 2 + len(steps) + len(docs)])
            evidence.update(zip(shaped, scrubbed[2 + len(steps) + len(docs) :], strict=True))
        if secrets and secrets.touches("\x00".join([title, *steps, *evidence.values()])):
            title = secrets.scrub(title)
            steps = tuple(secrets.scrub(s) for s in steps)
            evidence = {k: secrets.scrub(v) for k, v in evidence.items()}
        setattr_ = object.__setattr__
        setattr_(self, "title", title)
        setattr_(self, "cause", cause)
        setattr_(self, "steps", steps)
        setattr_(self, "docs", docs)
        setattr_(self, "evidence", Evidence(evidence))

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data."""
        return {
            "scenario": self.scenario,
            "status": self.status,
            "group": self.group,
            "title": self.title,
            "cause": self.cause,
            "steps": list(self.steps),
            "docs": list(self.docs),
            "evidence": dict(self.evidence),
            "confidence": self.confidence,
            "alternatives": list(self.alternatives),
        }

    def render(self) -> str:
        """The remediation text, in the shape the exceptions and the terminal show."""
        from .render import render_text

        return render_text(self)

    def __hash__(self) -> int:
        return hash((self.scenario, self.status, self.title, tuple(sorted(self.evidence.items()))))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle and copy by the fields, restored as they are (a frozen slotted dataclass has no ``__dict__``;
        the texts are already scrubbed, so ``__init__`` is not run again)."""
        return _restore, (type(self), dict(zip(self.__slots__, self._values(), strict=True)))


dataclass_on_demand(Diagnosis, factories={"evidence": Evidence})


def _restore(cls: type[Diagnosis], values: dict[str, Any]) -> Diagnosis:
    """Unpickle a `Diagnosis` (see `Diagnosis.__reduce__`)."""
    diagnosis = object.__new__(cls)
    for name, value in values.items():
        object.__setattr__(diagnosis, name, Evidence(value) if name == "evidence" else value)
    return diagnosis
