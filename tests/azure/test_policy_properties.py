"""Property tests: whatever an error response holds, the policy raises the SDK's class or lets the SDK raise."""

from __future__ import annotations

from typing import Any

from azure.core import PipelineClient
from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ResourceNotFoundError
from azure.core.rest import HttpRequest
from azure_fakes import CHAT_URL, MODELS_URL, FakeTransport, Reply
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inference_doctor import RemediationError
from inference_doctor.azure import RemediationPolicy

SDK_CLASS = {
    400: HttpResponseError,
    401: ClientAuthenticationError,
    403: HttpResponseError,
    404: ResourceNotFoundError,
}

header_values = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=80)
bodies = st.one_of(
    st.binary(max_size=300),
    st.builds(
        lambda code, message: (
            (f'{{"error":{{"code":{code!r},"message":{message!r}}}}}').replace("'", '"').encode()
        ),
        st.text(max_size=20),
        st.text(max_size=120),
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    status=st.sampled_from([400, 401, 403, 404]),
    body=bodies,
    headers=st.dictionaries(
        st.sampled_from(["Content-Type", "WWW-Authenticate", "x-ms-error-code"]), header_values
    ),
    auth=st.sampled_from(["", "Bearer ", "Bearer abc.def", "Bearer eyJ.eyJ.sig", "Basic Zm9v"]),
    stream=st.booleans(),
    chunked=st.booleans(),
)
def test_never_anything_but_the_sdk_class(
    status: int, body: bytes, headers: dict[str, str], auth: str, stream: bool, chunked: bool
) -> None:
    """Any body, header or auth shape: the response comes back, or the SDK's class (enriched) is raised."""
    transport = FakeTransport(Reply(status, body, headers, chunked=chunked))
    # No ContentDecodePolicy: it raises its own DecodeError on invalid JSON before any per-call policy runs.
    client = PipelineClient(
        MODELS_URL, transport=transport, policies=[], per_call_policies=[RemediationPolicy()]
    )
    request = HttpRequest("POST", CHAT_URL, headers={"Authorization": auth} if auth else {})
    outcome = send(client, request, stream)
    if isinstance(outcome, RemediationError):
        assert isinstance(outcome, SDK_CLASS[status])
        assert getattr(outcome, "status_code", None) == status
        assert outcome.diagnosis.status == status
    else:
        assert status == 400  # only an unmatched 400 comes back as it was
        assert outcome.status_code == 400
    assert transport.count == 1


def send(client: PipelineClient, request: HttpRequest, stream: bool) -> Any:
    """The response, or the RemediationError raised instead (anything else propagates and fails the test)."""
    try:
        return client.send_request(request, stream=stream)
    except RemediationError as error:
        return error
