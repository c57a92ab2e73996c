"""The user's faulty client construction and call, as source text (for the demo). Never a secret value."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .reproductions import Reproduction

__all__ = ["snippet"]

_INPUT = {
    "chat": 'messages=[{"role": "user", "content": "Hello"}]',
    "chat-stream": 'messages=[{"role": "user", "content": "Hello"}], stream=True',
    "embeddings": 'input=["Hello"]',
    "image-embeddings": 'input=[ImageEmbeddingInput(image="data:image/png;base64,...")]',
    "responses": 'input="Hello"',
    "messages": 'max_tokens=64, messages=[{"role": "user", "content": "Hello"}]',
    "messages-stream": 'max_tokens=64, messages=[{"role": "user", "content": "Hello"}]',
}


def _azure_credential(rep: Reproduction) -> list[str]:
    cred = rep.credential
    if cred.kind == "key":
        return ['credential=AzureKeyCredential(os.environ["AZURE_AI_KEY"])']
    if cred.kind == "empty-token":
        return ["credential=my_credential"]
    parts = ["credential=DefaultAzureCredential()"]
    if cred.scope is not None:
        parts.append(f'credential_scopes=["{cred.scope}"]')
    return parts


def _openai_credential(rep: Reproduction) -> list[str]:
    cred = rep.credential
    provider = f'get_bearer_token_provider(DefaultAzureCredential(), "{cred.scope}")'
    if cred.kind == "key":
        return ['api_key=os.environ["AZURE_OPENAI_API_KEY"]']
    if cred.kind == "token-as-key":
        return [f'api_key=DefaultAzureCredential().get_token("{cred.scope}").token']
    if cred.kind == "fixed-token":
        name = "azure_ad_token" if rep.client == "AzureOpenAI" else "api_key"
        return [f'{name}=os.environ["AZURE_OPENAI_AD_TOKEN"]']
    name = "azure_ad_token_provider" if rep.client == "AzureOpenAI" else "api_key"
    return [f"{name}={provider}"]


def _anthropic_credential(rep: Reproduction) -> list[str]:
    cred = rep.credential
    if cred.kind == "key":
        return ['api_key=os.environ["ANTHROPIC_FOUNDRY_API_KEY"]']
    if cred.kind == "key-as-token-provider":
        return ['azure_ad_token_provider=lambda: os.environ["ANTHROPIC_FOUNDRY_API_KEY"]']
    return [f'azure_ad_token_provider=get_bearer_token_provider(DefaultAzureCredential(), "{cred.scope}")']


def _call(rep: Reproduction) -> str:
    model = f'model="{rep.model}", ' if rep.model is not None else ""
    if rep.sdk == "anthropic":
        if rep.call == "messages-stream":
            return f"with client.messages.stream({model}{_INPUT[rep.call]}) as stream: ..."
        return f"client.messages.create({model}{_INPUT[rep.call]})"
    if rep.sdk == "azure":
        if rep.call == "model-info":
            return "client.get_model_info()"
        method = "complete" if rep.call.startswith("chat") else "embed"
        return f"client.{method}({model}{_INPUT[rep.call]})"
    resource = {"embeddings": "embeddings", "responses": "responses"}.get(rep.call, "chat.completions")
    return f"client.{resource}.create({model}{_INPUT[rep.call]})"


def _masked(rep: Reproduction) -> str:
    return (
        "{"
        + ", ".join(f'"{name}": os.environ["{name.upper().replace("-", "_")}"]' for name, _ in rep.headers)
        + "}"
    )


def snippet(rep: Reproduction) -> str:
    """Two lines of source: the client construction and the call."""
    args = [f'{rep.endpoint_keyword}="{rep.endpoint}"']
    if rep.sdk == "azure":
        args += _azure_credential(rep)
        if rep.api_version is not None:
            args.append(f'api_version="{rep.api_version}"')
        if rep.headers:
            args.append(f"headers={_masked(rep)}")
    elif rep.sdk == "anthropic":
        args += _anthropic_credential(rep)
    else:
        args += _openai_credential(rep)
        if rep.api_version is not None:
            if rep.client == "AzureOpenAI":
                args.append(f'api_version="{rep.api_version}"')
            else:
                args.append(f'default_query={{"api-version": "{rep.api_version}"}}')
        if rep.headers:
            args.append(f"default_headers={_masked(rep)}")
    comment = f"  # {rep.credential.description}" if rep.credential.description else ""
    return f"client = {rep.client}({', '.join(args)}){comment}\n{_call(rep)}"
