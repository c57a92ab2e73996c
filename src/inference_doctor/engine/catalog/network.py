"""The network's scenarios: public access, private endpoints, firewalls and virtual networks, a suspended
resource.
"""

from __future__ import annotations

from .entry import Scenario
from .links import D_ABUSE, D_SUBDOMAIN, D_VNET

NETWORK: tuple[Scenario, ...] = (
    Scenario(
        id="public-access-disabled",
        group="network",
        statuses=(403,),
        title="The resource accepts only private-endpoint traffic and the call came over the public internet",
        headline="Resource '{resource}' has public network access disabled and the call came over the public internet",
        cause="The resource only accepts traffic through a private endpoint; the caller reached it over the public path, often because DNS resolved to the public IP.",
        signals="403 `Public access is disabled. Please configure private endpoint.`",
        steps=(
            "Call from inside the virtual network (or a peered one) that has the private endpoint.",
            "Make {host} resolve to the private endpoint's IP: link the privatelink.openai.azure.com / "
            "privatelink.cognitiveservices.azure.com DNS zone to the network; check with `nslookup {host}`.",
        ),
        docs=(D_VNET,),
        bad="# calling from a laptop outside the VNet",
        good="# calling from a VM in the VNet whose DNS resolves the privatelink zone",
    ),
    Scenario(
        id="private-endpoint-required",
        group="network",
        statuses=(403,),
        title="The traffic did not come through an approved private endpoint",
        headline="The call to {host} did not come through an approved private endpoint",
        cause="The private endpoint connection is pending or rejected, in another region, or traffic took the public path.",
        signals="403 `Traffic is not from an approved private endpoint.`",
        steps=(
            "Approve the private endpoint connection: the resource > Networking > Private endpoint connections.",
            "Check DNS: {host} must resolve to the private endpoint's IP from the caller (nslookup {host}).",
        ),
        docs=(D_VNET,),
        bad="# private endpoint connection still 'Pending'",
        good="# private endpoint connection 'Approved', DNS resolving to its IP",
    ),
    Scenario(
        id="firewall-denied",
        group="network",
        statuses=(403,),
        title="The caller's IP address or subnet is not allowed by the resource's network rules",
        headline="The resource's network rules do not allow this caller's IP address or subnet",
        cause="The resource's firewall allows selected networks only, and the caller's address is not among them.",
        signals="403 `Access denied due to Virtual Network/Firewall rules.`, header policy-id: ThrowExceptionDueToTrafficDenied.",
        steps=(
            "Add the client's public IP: `az cognitiveservices account network-rule add -n {resource} -g <resource-group> --ip-address <your IP>`.",
            "Or add the caller's subnet (with the Microsoft.CognitiveServices service endpoint), or allow trusted Azure services.",
        ),
        docs=(D_VNET,),
        bad="# calling from an IP address outside the resource's allowed list",
        good="az cognitiveservices account network-rule add -n <res> -g <rg> --ip-address <your IP>",
    ),
    Scenario(
        id="vnet-wrong-endpoint",
        group="network",
        statuses=(403,),
        title="A network-restricted resource was called through a regional or otherwise wrong host",
        headline="The network-restricted resource was called through {host} instead of its own endpoint",
        cause="A resource with virtual network rules can only be reached through its custom-subdomain endpoint.",
        signals="403 `A Virtual Network is configured for this resource. Please use the correct endpoint...`.",
        steps=(
            "Use the resource's own endpoint, https://<resource>.openai.azure.com or https://<resource>.cognitiveservices.azure.com.",
        ),
        docs=(D_VNET, D_SUBDOMAIN),
        bad='AzureOpenAI(azure_endpoint="https://eastus.api.cognitive.microsoft.com", ...)',
        good='AzureOpenAI(azure_endpoint="https://<res>.openai.azure.com", ...)',
    ),
    Scenario(
        id="resource-suspended",
        group="network",
        statuses=(403,),
        title="The resource has been temporarily blocked by the service",
        headline="Resource '{resource}' has been temporarily blocked by the service",
        cause="Abuse monitoring suspended the resource; no client-side change fixes it.",
        signals="403 with a message containing `resource has been temporarily blocked`.",
        steps=(
            "Open a support request in the Azure portal (Help + support) and quote the request id {request_id}.",
            "Review the resource's content and usage against the product terms.",
        ),
        docs=(D_ABUSE,),
        bad="# any call to a suspended resource",
        good="# none: open a support request",
    ),
)
