"""The identity's scenarios: a principal that the service knows but that holds no role for the call."""

from __future__ import annotations

from .entry import Scenario
from .links import _ROLE_CMD, D_ENTRA, D_RBAC, D_RBAC_TROUBLE

IDENTITY: tuple[Scenario, ...] = (
    Scenario(
        id="role-missing",
        group="identity",
        statuses=(401, 403),
        title="The caller's identity has no data-plane role that allows this operation on the resource",
        headline="Principal {oid} has no role with the data action this call needs on resource '{resource}'",
        cause=(
            "The token was accepted, but the principal in it (its oid) holds no role assignment with the data "
            "action this request needs on this resource. Either no such role was assigned, the assignment is "
            "less than 5 minutes old, or the credential chain (DefaultAzureCredential) picked up another identity "
            "than intended: environment variables, a managed identity, a stale `az login`."
        ),
        signals=(
            "401 (sometimes 403) with code `PermissionDenied` and `Principal does not have access to "
            "API/Operation.` or `The principal <oid> lacks the required data action <action> ...`."
        ),
        steps=(
            "Assign {role} to {principal} at the resource scope: " + _ROLE_CMD,
            "{role_note}",
            "Owner, Contributor, Cognitive Services Contributor and Reader grant no data access: a key working "
            "while Entra fails is their signature.",
            "Wait 5 minutes after assigning: role assignments take that long to apply.",
            "Portal: the resource > Access control (IAM) > Check access > the principal {oid}: the role must be "
            "listed.",
            "If {oid} is not the identity you expected, fix the credential chain: check AZURE_CLIENT_ID / "
            "AZURE_TENANT_ID / AZURE_CLIENT_SECRET, `az account show`, or use the specific credential class.",
        ),
        docs=(D_RBAC, D_ENTRA, D_RBAC_TROUBLE),
        bad='client = ChatCompletionsClient(endpoint, DefaultAzureCredential(), credential_scopes=[...])  # identity has only "Contributor"',
        good='az role assignment create --assignee <oid> --role "Cognitive Services User" --scope <resource id>',
    ),
)
