"""`inference-doctor demo`: every reproducible catalog scenario, through the real SDK clients, against the emulator.

For each scenario: the client construction that goes wrong, the first line of what the SDK alone raises, and what
inference-doctor raises instead. The same reproduction runs twice, without and with the interceptor (the
azure-core policy or the httpx hook), so the "before" is the SDK's own exception, not a recollection of it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, TextIO

from ..engine.errors import RemediationError
from .output import print_json


@dataclass(frozen=True, slots=True)
class Run:
    """One reproduction, run with and without inference-doctor."""

    scenario: str
    sdk: str
    client: str
    snippet: str
    plain: str
    """The first line of the SDK's own exception."""
    plain_exception: str
    diagnosed: str | None
    exception: tuple[str, ...]
    """Class names of what was raised with inference-doctor attached (the exception and its SDK base)."""
    message: str

    @property
    def ok(self) -> bool:
        return self.diagnosed == self.scenario

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "sdk": self.sdk,
            "client": self.client,
            "diagnosed": self.diagnosed,
            "exception": list(self.exception),
            "message": self.message,
            "sdk_alone": self.plain,
        }


def _pick(scenario: str | None, sdk: str) -> list[Any]:
    """The service's responses: one reproduction per (scenario, sdk), the first row the table gives for it. Then
    the token-acquisition failures of real azure-identity credentials: one per scenario (per (scenario, sdk) when
    one scenario is asked for), as the credential fails the same way whichever client asked."""
    from ..emulator import REPRODUCTIONS
    from ..emulator.credential_reproductions import CREDENTIAL_REPRODUCTIONS, CredentialReproduction

    chosen: dict[tuple[str, str], Any] = {}
    rows: tuple[Any, ...] = (*REPRODUCTIONS, *(CREDENTIAL_REPRODUCTIONS if _has_identity() else ()))
    for rep in rows:
        if scenario is not None and rep.scenario != scenario:
            continue
        if sdk != "all" and rep.sdk != sdk:
            continue
        per_sdk = scenario is not None or not isinstance(rep, CredentialReproduction)
        chosen.setdefault((rep.scenario, rep.sdk if per_sdk else ""), rep)
    return list(chosen.values())


def _has_identity() -> bool:
    """Whether azure-identity is installed (the token-acquisition scenarios run its real credentials)."""
    import importlib.util

    try:
        return importlib.util.find_spec("azure.identity") is not None
    except (ImportError, ValueError):
        return False


def _interceptor(rep: Any) -> dict[str, Any]:
    if rep.sdk == "azure":
        from ..azure import RemediationPolicy

        return {"per_call_policies": [RemediationPolicy()]}
    if rep.sdk == "anthropic":
        from ..anthropic import RemediationMiddleware

        return {"middleware": [RemediationMiddleware()]}
    from ..openai import remediation_hooks

    return {"event_hooks": remediation_hooks()}


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__module__}.{type(exc).__qualname__}: {text[0] if text else ''}"


def _sdk_classes(exc: BaseException) -> tuple[str, ...]:
    """The classes an exception is an instance of, most specific first: for an enriched one, the SDK class whose
    name it presents, RemediationError, then the SDK class's bases."""
    names = [c.__qualname__ for c in type(exc).__mro__ if c not in (Exception, BaseException, object)]
    return tuple(dict.fromkeys(names))


def _attempt(rep: Any, emulator: Any, remediation: bool) -> None:
    """One call of the reproduction, with or without inference-doctor; raises what the client raised."""
    from ..emulator import run
    from ..emulator.credential_reproductions import CredentialReproduction, run_credential

    if isinstance(rep, CredentialReproduction):
        run_credential(rep, emulator, remediation=remediation)
    elif remediation:
        run(rep, emulator, **_interceptor(rep))
    else:
        run(rep, emulator)


def run_one(rep: Any, emulator: Any) -> Run:
    try:
        _attempt(rep, emulator, remediation=False)
        plain, plain_exc = "(no exception: the call succeeded)", ""
    except Exception as exc:
        plain, plain_exc = _first_line(exc), type(exc).__qualname__
    try:
        _attempt(rep, emulator, remediation=True)
        return Run(
            rep.scenario, rep.sdk, rep.client, rep.snippet, plain, plain_exc, None, (), "(no exception)"
        )
    except RemediationError as exc:
        return Run(
            rep.scenario, rep.sdk, rep.client, rep.snippet, plain, plain_exc,
            exc.diagnosis.scenario, _sdk_classes(exc), str(exc),
        )  # fmt: skip
    except Exception as exc:
        return Run(
            rep.scenario,
            rep.sdk,
            rep.client,
            rep.snippet,
            plain,
            plain_exc,
            None,
            _sdk_classes(exc),
            str(exc),
        )


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def run_demo(*, scenario: str | None, sdk: str, fmt: str, out: TextIO, full: bool = False) -> int:
    """Run the tour; 0 when every failure was diagnosed with its expected id."""
    from ..emulator import REPRODUCIBLE_IDS, Emulator, default_config
    from ..emulator.credential_reproductions import CREDENTIAL_REPRODUCTIONS
    from .errors import UsageError
    from .quiet import captured_logs

    if scenario is not None:
        scenario = scenario.strip().lower()
    reproducible = {*REPRODUCIBLE_IDS, *(r.scenario for r in CREDENTIAL_REPRODUCTIONS)}
    if scenario is not None and scenario not in reproducible:
        from ..engine.catalog import get_scenario
        from .explain import suggest_ids

        if get_scenario(scenario) is None:
            raise UsageError(f"{scenario!r} is not a catalog id{suggest_ids(scenario)}")
        raise UsageError(
            f"{scenario!r} is not one the emulator reproduces; `inference-doctor scenarios` lists the ids"
        )
    reps = _pick(scenario, sdk)
    if not reps and scenario not in REPRODUCIBLE_IDS and not _has_identity():
        raise UsageError(
            f'{scenario!r} runs azure-identity\'s credentials: pip install "inference-doctor[identity]"'
        )
    if not reps:
        raise UsageError(f"no reproduction of {scenario!r} with the {sdk} SDK; try --sdk all")
    tty = out.isatty()
    style = _Style(tty and fmt == "text")
    started = time.monotonic()
    runs: list[Run] = []
    with Emulator(default_config()) as emulator, captured_logs("azure.identity"):
        for index, rep in enumerate(reps, 1):
            if tty and fmt == "text":
                out.write(f"\r[{index}/{len(reps)}] {rep.scenario} ({rep.sdk}) ...\x1b[K")
                out.flush()
            result = run_one(rep, emulator)
            runs.append(result)
            if fmt == "json":
                print_json(result.to_dict(), out, lines=True)
            else:
                if tty:
                    out.write("\r\x1b[K")
                _print_text(result, index, len(reps), style, out, full)
    elapsed = time.monotonic() - started
    good = sum(r.ok for r in runs)
    scenarios = len({r.scenario for r in runs})
    summary = (
        f"{scenarios} scenarios shown in {len(runs)} runs ({sdk} SDKs); "
        f"{good}/{len(runs)} diagnosed correctly in {elapsed:.1f} s"
    )
    if fmt == "json":
        print_json(
            {"summary": summary, "scenarios": scenarios, "runs": len(runs), "correct": good}, out, lines=True
        )
    else:
        mark = (
            style("all diagnosed", "32;1")
            if good == len(runs)
            else style(f"{len(runs) - good} missed", "31;1")
        )
        out.write(f"\n{summary} ({mark})\n")
    return 0 if good == len(runs) else 1


def _print_text(r: Run, index: int, total: int, style: _Style, out: TextIO, full: bool) -> None:
    verdict = style("✓ diagnosed", "32") if r.ok else style(f"✗ got {r.diagnosed or 'no diagnosis'}", "31")
    out.write(
        f"{style(f'[{index}/{total}]', '2')} {style(r.scenario, '1')}  ({r.client}, {r.sdk})  {verdict}\n"
    )
    out.write(_indent(r.snippet, "    ") + "\n")
    out.write(f"  {style('the SDK alone raises:', '33')}\n    {r.plain}\n")
    out.write(f"  {style('with inference-doctor:', '36')} {' / '.join(r.exception) or '(nothing raised)'}\n")
    lines = r.message.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("error[")), None)
    if start is None:
        body = lines[:3]
    elif full:
        body = lines[start:]
    else:  # the headline, the fix and the docs; `--full` shows the evidence too
        body = [lines[start]] + [
            ln for ln in lines[start + 1 :] if ln.lstrip().startswith(("help:", "docs:"))
        ]
    out.write(_indent("\n".join(body), "    ") + "\n\n")
