"""The exceptions inference-doctor raises.

The tree, for where to catch::

    Exception
    └── RemediationError                          .diagnosis: the Diagnosis (SDK-free base of everything below)
        ├── inference_doctor.azure
        │   └── RemediationHttpResponseError      + HttpResponseError          (400 catalogued, 403)
        │       ├── RemediationClientAuthenticationError + ClientAuthenticationError (401)
        │       └── RemediationResourceNotFoundError     + ResourceNotFoundError     (404)
        └── inference_doctor.openai
            ├── RemediationBadRequestError        + openai.BadRequestError       (400 catalogued)
            ├── RemediationAuthenticationError    + openai.AuthenticationError   (401)
            ├── RemediationPermissionDeniedError  + openai.PermissionDeniedError (403)
            └── RemediationNotFoundError          + openai.NotFoundError         (404)

Each enriched exception is ALSO the exception the SDK would have raised for the response, so an existing
``except ClientAuthenticationError`` or ``except openai.AuthenticationError`` keeps working. Catch
``RemediationError`` to reach the diagnosis whichever SDK raised it.
"""

from __future__ import annotations

from typing import Any

from .diagnosis import Diagnosis


class RemediationError(Exception):
    """Base of every enriched exception; `.diagnosis` holds the `Diagnosis`.

    ``str(e)`` is the SDK's own text first (the service's words), then the remediation.
    """

    diagnosis: Diagnosis

    def __init__(self, *args: Any, diagnosis: Diagnosis, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.diagnosis = diagnosis

    def __str__(self) -> str:
        base = super().__str__()
        text = self.diagnosis.render()
        return f"{base}\n{text}" if base else text
