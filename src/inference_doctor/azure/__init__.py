"""azure-core integration: pipeline policies that turn opaque 401/403/404 (and catalogued 400) errors into
exceptions naming the cause and the fix.

Add one policy at client construction, first in ``per_call_policies`` (the front of the pipeline, outside retries,
ahead of any policy of yours that can re-send)::

    from azure.ai.inference import ChatCompletionsClient
    from inference_doctor.azure import RemediationPolicy

    client = ChatCompletionsClient(endpoint, credential, per_call_policies=[RemediationPolicy()])

``AsyncRemediationPolicy`` is the same for the ``.aio`` clients. A call can opt out with
``remediation_enable=False``.
"""

from __future__ import annotations

from ._exceptions import (
    RemediationClientAuthenticationError,
    RemediationHttpResponseError,
    RemediationResourceNotFoundError,
)
from ._policy import RemediationPolicy
from ._policy_async import AsyncRemediationPolicy

__all__ = [
    "AsyncRemediationPolicy",
    "RemediationClientAuthenticationError",
    "RemediationHttpResponseError",
    "RemediationPolicy",
    "RemediationResourceNotFoundError",
]
