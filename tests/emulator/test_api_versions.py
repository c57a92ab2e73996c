"""The emulator serves each classic operation from its first api-version on, and the real openai client's 404 for
a too-old one is diagnosed as api-version-unsupported."""

from __future__ import annotations

import json
import time

import openai
import pytest

from inference_doctor import RemediationError
from inference_doctor.emulator import Emulator, Request, default_config, handle
from inference_doctor.emulator import defaults as d
from inference_doctor.openai import instrument

CONFIG = default_config()
AOAI = f"{d.RESOURCE}.openai.azure.com"


def post(path: str, body: dict[str, object]) -> int:
    request = Request.build("POST", path, {"Host": AOAI, "api-key": d.KEY}, json.dumps(body).encode())
    return handle(CONFIG, request, time.time()).status


@pytest.mark.parametrize(
    ("operation", "deployment", "version", "status"),
    [
        ("chat/completions", d.CHAT, "2022-12-01", 404),
        ("chat/completions", d.CHAT, "2023-05-15", 200),
        ("embeddings", d.EMBEDDING, "2022-12-01", 200),
    ],
)
def test_classic_operation_served_from_its_first_version(
    operation: str, deployment: str, version: str, status: int
):
    """2022-12-01 serves embeddings but not chat completions, which start at 2023-03-15-preview."""
    body: dict[str, object] = {"input": "x"} if operation == "embeddings" else {"messages": []}
    assert post(f"/openai/deployments/{deployment}/{operation}?api-version={version}", body) == status


def test_openai_client_with_a_version_too_old_for_chat():
    """AzureOpenAI(api_version="2022-12-01") calling chat completions: the enriched 404 says api-version-unsupported
    and suggests a version that serves chat."""
    with Emulator() as emu:
        client = instrument(
            openai.AzureOpenAI(
                azure_endpoint=f"https://{AOAI}",
                api_key=d.KEY,
                api_version="2022-12-01",
                http_client=emu.httpx_client(),
            )
        )
        with pytest.raises(openai.NotFoundError) as info:
            client.chat.completions.create(model=d.CHAT, messages=[{"role": "user", "content": "hi"}])
    assert isinstance(info.value, RemediationError)
    assert info.value.diagnosis.scenario == "api-version-unsupported"
    assert 'api_version="2024-10-21"' in info.value.diagnosis.steps[0]
