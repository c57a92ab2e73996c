"""End to end (issue 11): azure-ai-inference's real `ChatCompletionsClient` with `RemediationPolicy`, through a
gateway that echoes what the caller sent (tests/support/echo_gateway.py) in front of the emulator. A key in the
query string (`params=`) or in a header azure-core knows nothing about (`headers=`) never reaches the diagnosis,
the exception's added text or a log record.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator

import pytest
from azure.ai.inference import ChatCompletionsClient
from azure.core.credentials import AzureKeyCredential
from azure.core.exceptions import HttpResponseError
from doctor_testing import leaked, own_log_text
from echo_gateway import SeenRequest, echo_gateway

from inference_doctor import RemediationError
from inference_doctor.azure import RemediationPolicy
from inference_doctor.emulator import Emulator, RoutingRequestsTransport
from inference_doctor.emulator import defaults as world

FUNCTIONS_KEY = "W8s9BPkB4hNuk6lMyQh0qZ2G-fXvTTI9kkkhGGFjT_mmAzFuyRDq3w=="
HEADER_KEY = hashlib.sha256(b"issue-11/azure-header").hexdigest()[:32]
WRONG_KEY = hashlib.sha256(b"issue-11/azure-wrong").hexdigest()[:32]
ENDPOINT = f"https://{world.RESOURCE}.services.ai.azure.com/models"


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


def _diagnosis_text(error: BaseException) -> str:
    assert isinstance(error, RemediationError)
    d = error.diagnosis
    return "\n".join([d.render(), repr(d), json.dumps(d.to_dict())])


@pytest.mark.parametrize("where", ["query", "header"])
def test_a_key_the_gateway_echoes_never_reaches_the_diagnosis(
    where: str, emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    """A Functions key sent as `?code=` (params=) or an Azure-shaped key in `x-functions-key` (headers=), echoed by
    the gateway: no piece of it in the diagnosis or the logs, and the request is diagnosed as before."""
    secret = FUNCTIONS_KEY if where == "query" else HEADER_KEY

    def echo(request: SeenRequest) -> str:
        return f"Rejected {request.target} (x-functions-key: {request.header('x-functions-key')})"

    client_kwargs = {"headers": {"x-functions-key": HEADER_KEY}} if where == "header" else {}
    call_kwargs = {"params": {"code": FUNCTIONS_KEY}} if where == "query" else {}
    with echo_gateway(emulator.port, echo) as gw, caplog.at_level(logging.DEBUG, logger="inference_doctor"):
        client = ChatCompletionsClient(
            endpoint=ENDPOINT, credential=AzureKeyCredential(WRONG_KEY), retry_total=0,
            transport=RoutingRequestsTransport(gw.port), per_call_policies=[RemediationPolicy()], **client_kwargs,
        )  # fmt: skip
        with client, pytest.raises(HttpResponseError) as info:
            client.complete(model=world.CHAT, messages=[{"role": "user", "content": "hi"}], **call_kwargs)
    error = info.value
    echoed = leaked(str(error), secret)
    assert echoed is True, "the gateway did not echo the key: the test proves nothing"
    found = leaked(_diagnosis_text(error), secret) or leaked(own_log_text(caplog.records), secret)
    assert found is False, "a piece of the key leaked"
    assert isinstance(error, RemediationError)
    assert error.diagnosis.evidence["path"] == "/models/chat/completions"
