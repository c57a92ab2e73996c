"""The documentation links and the commands the catalog's steps share."""

from __future__ import annotations

_LEARN = "https://learn.microsoft.com/azure"
D_ENTRA = f"{_LEARN}/ai-foundry/foundry-models/how-to/configure-entra-id"
D_RBAC = f"{_LEARN}/ai-foundry/openai/how-to/role-based-access-control"
D_MI = f"{_LEARN}/ai-foundry/openai/how-to/managed-identity"
D_AUTH = f"{_LEARN}/ai-services/authentication"
D_LOCAL_AUTH = f"{_LEARN}/ai-services/disable-local-auth"
D_SUBDOMAIN = f"{_LEARN}/ai-services/cognitive-services-custom-subdomains"
D_VNET = f"{_LEARN}/ai-services/cognitive-services-virtual-networks"
D_ENDPOINTS = f"{_LEARN}/ai-foundry/foundry-models/concepts/endpoints"
D_API_VERSION = f"{_LEARN}/ai-foundry/openai/api-version-lifecycle"
D_DEPLOY = f"{_LEARN}/ai-foundry/openai/how-to/create-resource"
D_INFERENCE_SDK = "https://learn.microsoft.com/python/api/overview/azure/ai-inference-readme"
D_SERVERLESS = f"{_LEARN}/ai-foundry/how-to/deploy-models-serverless"
D_ONLINE = f"{_LEARN}/machine-learning/how-to-troubleshoot-online-endpoints"
D_APIM = f"{_LEARN}/api-management/api-management-subscriptions"
D_CLAUDE = f"{_LEARN}/ai-foundry/foundry-models/how-to/use-foundry-models-claude"
D_RBAC_TROUBLE = f"{_LEARN}/role-based-access-control/troubleshooting"
D_TENANT = "https://learn.microsoft.com/cli/azure/authenticate-azure-cli-interactively"
D_PROJECT = f"{_LEARN}/ai-foundry/how-to/develop/sdk-overview"
D_ABUSE = f"{_LEARN}/ai-foundry/openai/concepts/abuse-monitoring"
D_MODELS = f"{_LEARN}/ai-foundry/openai/concepts/models"
D_TOKEN_PROVIDER = "https://learn.microsoft.com/python/api/azure-identity/azure.identity#azure-identity-get-bearer-token-provider"

_ROLE_CMD = 'az role assignment create --assignee {oid} --role "{role}" --scope {scope_id}'
_DEPLOYMENTS_CMD = "az cognitiveservices account deployment list -g <resource-group> -n {resource} -o table"
