"""The fallbacks: a 401, 403 or 404 that matches no specific scenario, with a checklist of the common causes."""

from __future__ import annotations

from .entry import Scenario
from .links import _DEPLOYMENTS_CMD, D_API_VERSION, D_ENDPOINTS, D_ENTRA, D_LOCAL_AUTH, D_RBAC, D_VNET

UNCLASSIFIED: tuple[Scenario, ...] = (
    Scenario(
        id="unclassified-401",
        group="unclassified",
        statuses=(401,),
        title="Authentication failed for a reason the catalog does not recognise",
        headline="{host} refused the request's credential ({auth_kind}) for a reason the catalog does not recognise",
        cause="The 401 matched no known scenario. The checklist below covers the common causes.",
        signals="Any 401 that matches no other scenario.",
        steps=(
            "Check access: the resource > Access control (IAM) > Check access > your identity: it needs "
            "Cognitive Services User (any model) or Cognitive Services OpenAI User (OpenAI models only). Owner and "
            "Contributor grant no data access.",
            'Request tokens for the scope "https://ai.azure.com/.default" (or https://cognitiveservices.azure.com/.default).',
            "Wait 5 minutes after assigning a role.",
            "For a key: copy the key and the endpoint from the same resource (Keys and Endpoint).",
            "Upgrade the SDK: authentication bugs get fixed in newer versions.",
        ),
        docs=(D_ENTRA, D_RBAC),
        bad="",
        good="",
    ),
    Scenario(
        id="unclassified-403",
        group="unclassified",
        statuses=(403,),
        title="Access was forbidden for a reason the catalog does not recognise",
        headline="{host} forbade the request for a reason the catalog does not recognise",
        cause="The 403 matched no known scenario. The checklist below covers the common causes.",
        signals="Any 403 that matches no other scenario.",
        steps=(
            "Network: the resource > Networking: is public access allowed from your IP or subnet, or must the call "
            "come through a private endpoint?",
            "Key authentication: is it disabled on the resource (disableLocalAuth)? Then use Entra.",
            "Role: the identity needs a data-plane role (Cognitive Services User / Cognitive Services OpenAI User).",
        ),
        docs=(D_VNET, D_LOCAL_AUTH),
        bad="",
        good="",
    ),
    Scenario(
        id="unclassified-404",
        group="unclassified",
        statuses=(404,),
        title="The resource, route or deployment was not found for a reason the catalog does not recognise",
        headline="{host} answered 404 for {path} for a reason the catalog does not recognise",
        cause="The 404 matched no known scenario. The checklist below covers the common causes.",
        signals="Any 404 that matches no other scenario.",
        steps=(
            "Endpoint shape for the client: azure-ai-inference https://<resource>.services.ai.azure.com/models; "
            "AzureOpenAI azure_endpoint=https://<resource>.openai.azure.com (origin only); OpenAI "
            "base_url=https://<resource>.openai.azure.com/openai/v1/.",
            "Deployment name: the Name column of " + _DEPLOYMENTS_CMD + ", not the model id.",
            "api-version: a current GA version on classic routes (e.g. 2024-10-21); none on /openai/v1/.",
        ),
        docs=(D_ENDPOINTS, D_API_VERSION),
        bad="",
        good="",
    ),
)
