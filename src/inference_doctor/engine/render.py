"""Text for exceptions and the terminal, in the shape of a compiler diagnostic.

    error[token-wrong-audience]: The access token was issued for https://management.azure.com, which ...
      note: status: 401
      note: aud: https://management.azure.com
      help: 1. Request the token for the scope https://ai.azure.com/.default ...
      note: confidence: medium; also possible: token-expired (inference-doctor explain token-expired)
      docs: https://learn.microsoft.com/...

A headline that stands alone, `note:` lines for the evidence, `help:` lines for the fix, docs last.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: the command line does not import `typing` to start


if TYPE_CHECKING:
    from .diagnosis import Diagnosis


def render_text(d: Diagnosis, *, color: bool = False) -> str:
    """The remediation as plain (or ANSI-coloured) text, one diagnosis."""
    red, blue, green, bold, reset = (
        ("\x1b[31m", "\x1b[34m", "\x1b[32m", "\x1b[1m", "\x1b[0m") if color else ("",) * 5
    )
    lines = [f"{bold}{red}error[{d.scenario}]{reset}{bold}: {d.title}{reset}"]
    lines.extend(f"  {blue}note:{reset} {key}: {value}" for key, value in d.evidence.items())
    lines.append(f"  {blue}cause:{reset} {d.cause}")
    lines.extend(f"  {green}help:{reset} {i}. {step}" for i, step in enumerate(d.steps, 1))
    if d.confidence != "high" or d.alternatives:
        also = ", ".join(d.alternatives)
        lines.append(
            f"  {blue}note:{reset} confidence: {d.confidence}"
            + (f"; also possible: {also} (see `inference-doctor explain <id>`)" if also else "")
        )
    lines.extend(f"  {blue}docs:{reset} {link}" for link in d.docs[:1])
    lines.append(f"  {blue}more:{reset} inference-doctor explain {d.scenario}")
    return "\n".join(lines)
