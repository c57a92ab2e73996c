"""Minted tokens and the credentials that hand them out."""

from __future__ import annotations

import time

from azure.core.credentials import AccessToken

from inference_doctor.emulator import (
    AsyncEmulatorCredential,
    EmulatorCredential,
    Identity,
    async_token_provider,
    decode_claims,
    mint_token,
    token_provider,
)

ME = Identity(oid="oid-1", tenant_id="tid-1", appid="app-1", idtyp="app")


def test_minted_token_decodes_to_its_claims() -> None:
    """A minted token is three base64url segments whose payload holds the scenario's claims."""
    token = mint_token(ME, "https://ai.azure.com/.default")
    assert token.startswith("eyJ")
    assert token.count(".") == 2
    claims = decode_claims(token)
    assert claims is not None
    assert {k: claims[k] for k in ("aud", "tid", "oid", "appid", "idtyp")} == {
        "aud": "https://ai.azure.com",
        "tid": "tid-1",
        "oid": "oid-1",
        "appid": "app-1",
        "idtyp": "app",
    }
    assert claims["iss"] == "https://sts.windows.net/tid-1/"
    assert int(claims["exp"]) - int(claims["iat"]) == 3600  # type: ignore[call-overload]


def test_fixed_audience_overrides_the_scope() -> None:
    """An identity with `aud` set gets that audience whatever the scope."""
    identity = Identity(oid="o", tenant_id="t", aud="https://management.azure.com/")
    claims = decode_claims(mint_token(identity, "https://ai.azure.com/.default"))
    assert claims is not None
    assert claims["aud"] == "https://management.azure.com/"


def test_malformed_values_do_not_decode() -> None:
    """Quoted, truncated and non-JWT values decode to None."""
    token = mint_token(ME)
    assert decode_claims(f'"{token}"') is None
    assert decode_claims(token[: len(token) // 2]) is None
    assert decode_claims("0123456789abcdef0123456789abcdef") is None


def test_sync_credential_returns_access_tokens() -> None:
    """EmulatorCredential.get_token returns fresh tokens whose audience follows the scope."""
    credential = EmulatorCredential(ME)
    token = credential.get_token("https://ml.azure.com/.default")
    other = credential.get_token("https://cognitiveservices.azure.com/.default")
    assert isinstance(token, AccessToken)
    assert token.expires_on > time.time()
    assert (decode_claims(token.token) or {})["aud"] == "https://ml.azure.com"
    assert (decode_claims(other.token) or {})["aud"] == "https://cognitiveservices.azure.com"


def test_empty_credential_returns_an_empty_token() -> None:
    """`empty=True` gives an empty token string."""
    assert EmulatorCredential(ME, empty=True).get_token("s").token == ""


async def test_async_credential_and_provider() -> None:
    """The async credential and the async provider mint tokens too."""
    async with AsyncEmulatorCredential(ME) as credential:
        token = await credential.get_token("https://ai.azure.com/.default")
    provided = await async_token_provider(ME, "https://ai.azure.com/.default")()
    assert all(decode_claims(t) for t in (token.token, provided))


def test_sync_provider_mints_on_every_call() -> None:
    """token_provider returns a new token on each call."""
    provide = token_provider(ME, "https://ai.azure.com/.default")
    assert provide() != provide()
