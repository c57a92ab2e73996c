"""Claude on Foundry: the anthropic route (`https://<resource>.services.ai.azure.com/anthropic/v1/messages`).

The token, role, network and gateway scenarios apply to this route as they are; these are the failures of its own:
the header it reads the key from, its /anthropic prefix, a base URL that already holds the path, Claude called
through another API, and a model= that names no deployment.
"""

from __future__ import annotations

from .entry import Scenario
from .links import _DEPLOYMENTS_CMD, D_CLAUDE

ANTHROPIC: tuple[Scenario, ...] = (
    Scenario(
        id="anthropic-key-header",
        group="credential",
        statuses=(401,),
        title="The key was sent in a header the anthropic route does not read; it reads x-api-key",
        headline="The request to {host}{path} carried its key as {auth_kind}; the anthropic route reads keys from x-api-key",
        cause="Foundry's /anthropic route authenticates a key through the x-api-key header, as Anthropic's own API does. A key sent only in api-key (the Azure OpenAI header), or as Authorization: Bearer (where the route expects an Entra token), is refused as an invalid key or a bad token.",
        signals="401 on a Foundry host, path /anthropic/..., with a key in api-key or in the bearer slot and none in x-api-key; the body is the invalid-key message (or the token 401 for a key sent as a bearer token).",
        steps=(
            'Send the key as x-api-key: AnthropicFoundry(base_url="https://{host}/anthropic/", api_key=key) does (anthropic 0.108 and later); any other client sends the header x-api-key: <key> with anthropic-version: 2023-06-01.',
            "A key given as azure_ad_token_provider, auth_token or a Bearer header is in the token's slot: pass it as api_key.",
            'Or use Entra ID: AnthropicFoundry(base_url="https://{host}/anthropic/", azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), "https://ai.azure.com/.default")), with Cognitive Services User on the resource.',
        ),
        docs=(D_CLAUDE,),
        bad='AnthropicFoundry(resource="<res>", azure_ad_token_provider=lambda: key)  # a key in the bearer slot',
        good='AnthropicFoundry(resource="<res>", api_key=key)  # sends x-api-key',
    ),
    Scenario(
        id="anthropic-path-doubled",
        group="routing",
        statuses=(404,),
        title="The request path repeats part of the anthropic route: the base URL already held it",
        headline="The base URL already held the route, so the request went to {path} ({doubled})",
        cause="The anthropic SDK appends /v1/messages to its base URL. Given the full endpoint the portal shows (.../anthropic/v1/messages), or /anthropic twice, it asks for a path Foundry does not serve, and Foundry answers api_not_supported.",
        signals="404 on a Foundry host for a path under /anthropic/ that repeats /v1/messages or /anthropic (code api_not_supported).",
        steps=(
            'base_url="https://{host}/anthropic/": the portal\'s endpoint without /v1/messages; or AnthropicFoundry(resource="{resource}"), which builds it.',
            "For Claude Code and other tools: ANTHROPIC_FOUNDRY_BASE_URL=https://{host}/anthropic (or ANTHROPIC_FOUNDRY_RESOURCE={resource}).",
        ),
        docs=(D_CLAUDE,),
        bad='AnthropicFoundry(base_url="https://<res>.services.ai.azure.com/anthropic/v1/messages", api_key=key)',
        good='AnthropicFoundry(base_url="https://<res>.services.ai.azure.com/anthropic/", api_key=key)',
    ),
    Scenario(
        id="anthropic-prefix-missing",
        group="routing",
        statuses=(404,),
        title="The anthropic route is missing its /anthropic prefix",
        headline="The request to {host} went to {path}, without the /anthropic prefix Claude is served under",
        cause="Foundry serves Claude under https://<resource>.services.ai.azure.com/anthropic/. A base URL of the bare host, or of another route (/models, /openai), sends Anthropic's /v1/messages where the resource has no such API, and it answers Resource not found.",
        signals="404 for /v1/messages on a Foundry host, without /anthropic in the path.",
        steps=(
            'base_url="https://{host}/anthropic/", or AnthropicFoundry(resource="{resource}"), which builds it.',
            "For Claude Code and other tools: ANTHROPIC_FOUNDRY_BASE_URL=https://{host}/anthropic (or ANTHROPIC_FOUNDRY_RESOURCE={resource}).",
        ),
        docs=(D_CLAUDE,),
        bad='AnthropicFoundry(base_url="https://<res>.services.ai.azure.com", api_key=key)',
        good='AnthropicFoundry(base_url="https://<res>.services.ai.azure.com/anthropic/", api_key=key)',
    ),
    Scenario(
        id="claude-on-models-route",
        group="routing",
        statuses=(404, 401),
        title="A Claude deployment was called through the model inference API; Claude is served on the anthropic route only",
        headline="Deployment '{deployment}' is a Claude model: {host} serves it on /anthropic/v1/messages, not on {path}",
        cause="Foundry serves Claude deployments only through Anthropic's Messages API, under /anthropic/. The model inference API (/models/chat/completions) and OpenAI-style chat completions do not serve them: they answer api_not_supported, or with a key the invalid-key 401.",
        signals="404 with code api_not_supported or unknown_model (401 invalid-key with a key) for a Claude model on /models/chat/completions or another chat-completions path; the same call on /openai/... is anthropic-model-on-openai-route.",
        steps=(
            'Call Claude with Anthropic\'s Messages API: AnthropicFoundry(base_url="https://{host}/anthropic/", api_key=key).messages.create(model="{deployment}", max_tokens=1024, messages=[...]).',
            "In a framework, use its Anthropic provider with the /anthropic base URL, not its Azure AI inference or Azure OpenAI provider.",
        ),
        docs=(D_CLAUDE,),
        bad='ChatCompletionsClient("https://<res>.services.ai.azure.com/models", cred).complete(model="claude-sonnet-4-6", ...)',
        good='AnthropicFoundry(base_url="https://<res>.services.ai.azure.com/anthropic/", api_key=key).messages.create(model="claude-sonnet-4-6", ...)',
    ),
    Scenario(
        id="anthropic-deployment-not-found",
        group="routing",
        statuses=(404,),
        title="The model= of the request names no Claude deployment on this resource",
        headline="Deployment '{deployment}' does not exist on resource '{resource}'",
        cause="On the anthropic route, model= is the name of a Claude deployment of this resource as the portal shows it (the model's own id only if the deployment was given that name). A typo, another resource's deployment, or one younger than 5 minutes answers DeploymentNotFound.",
        signals="404 with code DeploymentNotFound on /anthropic/v1/messages.",
        steps=(
            "{deployment_hint}",
            f"List the deployments: {_DEPLOYMENTS_CMD}, and pass the Name column (not the Model column) as model=.",
            "A deployment created in the last 5 minutes may not be routable yet: wait and retry.",
        ),
        docs=(D_CLAUDE,),
        bad='client.messages.create(model="claude-opus-4-6", ...)  # no deployment of that name',
        good='client.messages.create(model="<deployment name from the portal>", ...)',
    ),
)
