"""Shared by the `inference-doctor check` tests: the command run in-process against the emulator, its JSON steps
by name, and the endpoints of the emulator's default world that the tests give it."""

from __future__ import annotations

import io
import json
from typing import Any

from inference_doctor.cli import main
from inference_doctor.emulator import defaults as world

MODELS = "https://contoso-ai.services.ai.azure.com/models"
AOAI = "https://contoso-ai.openai.azure.com"
SERVICES = "https://contoso-ai.services.ai.azure.com"
ANTHROPIC = f"{SERVICES}/anthropic/"
CLAUDE = world.CLAUDE_SONNET
KEY_VAR = "ANTHROPIC_FOUNDRY_API_KEY"


def check(*argv: str, fmt: str = "json") -> tuple[int, str]:
    """`inference-doctor check ARGV --emulator --format FMT`: the exit status and what it printed."""
    out = io.StringIO()
    code = main(["check", *argv, "--emulator", "--format", fmt], out=out)
    return code, out.getvalue()


def steps(output: str) -> dict[str, dict[str, Any]]:
    """The steps of check's JSON output, by name."""
    return {s["step"]: s for s in json.loads(output)["steps"]}
