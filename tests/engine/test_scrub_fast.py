"""The scrubber's quick answers (engine/scrub.py) give exactly what its full passes give, and a `Diagnosis` is
scrubbed the same whatever its fields hold: the PEM block of one field does not swallow the fields after it.

Every secret here is a fake. Assertions never print a secret.
"""

from __future__ import annotations

import json
import re

import pytest
from doctor_testing import NOW, mint
from engine_cases import CASES, OID, TENANT
from hardening_strategies import PROFILES, Secret, keys, tokens
from hypothesis import given, settings
from hypothesis import strategies as st
from leak_strategies import LeakScene, leak_scenes

from inference_doctor import SCENARIOS, Diagnosis, diagnose, diagnose_text
from inference_doctor.engine import scrub as scrub_module
from inference_doctor.engine.scrub import (
    Secrets,
    _changes,
    _classes,
    _scrub_shapes_full,
    _separated,
    scrub_shapes,
    scrub_shapes_all,
    vouch,
)

PEM_HEAD = "-----BEGIN PRIVATE KEY----- MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"  # a block cut short: no END line


def test_a_pem_block_without_its_end_in_one_field_leaves_the_other_fields() -> None:
    """A PEM block cut short in one text field is removed up to that field's end, and the fields after it keep
    their own text (it used to swallow them, and the `Diagnosis` could not be built)."""
    d = Diagnosis(
        scenario="unclassified-401",
        status=401,
        group="unclassified",
        title="Unauthorized",
        cause="The service said no.",
        steps=(f"It said: {PEM_HEAD}", "Check the key."),
        docs=("https://learn.microsoft.com/azure/ai-services/authentication",),
        evidence={"service_message": f"bad {PEM_HEAD}", "host": "contoso.openai.azure.com"},
    )
    assert d.steps == ("It said: <pem redacted>", "Check the key.")
    assert dict(d.evidence) == {"service_message": "bad <pem redacted>", "host": "contoso.openai.azure.com"}


def test_a_service_message_quoting_a_pem_block_is_still_diagnosed() -> None:
    """A 401 whose message quotes the head of a private key is diagnosed, with the block removed."""
    body = json.dumps({"error": {"code": "401", "message": f"Invalid client assertion {PEM_HEAD}"}})
    url = "https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"
    d = diagnose(401, body=body, url=url, now=NOW)
    assert d is not None
    assert d.evidence["service_message"] == "Invalid client assertion <pem redacted>"
    assert d.evidence["host"].startswith("contoso.openai.azure.com")


# ------------------------------------------------------------------------------------------------ by shape

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_FRAGMENTS = st.one_of(
    st.sampled_from(
        ["eyJ", "sk-", "Q~", "8Q~", "-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----", "-----BEGIN",
         "5d8c0b7e-1f2a-4b3c-9d4e-6f7a8b9c0d1e", "/", "=", "==", "%2B", "%2F", "\x00", "\n", "\r\n", " ", "\t", ".",
         "-", "_", "+", "~", "> ", "é", "…", "\ud83d", "deployment", "DefaultAzureCredential", "gpt-4o-mini-2024-07-18",
         "/openai/deployments/", "https://learn.microsoft.com/azure/ai-foundry/", "Bearer "]
    ),
    st.text(alphabet=_B64 + "-_", min_size=1, max_size=60),
    st.text(alphabet=_B64 + "+/=%", min_size=1, max_size=60),
    st.text(alphabet="0123456789abcdefABCDEF", min_size=1, max_size=48),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=24),
    st.text(max_size=12),
)  # fmt: skip
_URLSAFE = _B64 + "-_"
_SHAPES = st.one_of(  # each shape, often too short to be a run of 20 on its own: only its marker tells
    st.builds("{}{}Q~{}".format, st.text(alphabet=_URLSAFE + ".~", min_size=3, max_size=3),
              st.sampled_from("0123456789"), st.text(alphabet=_URLSAFE + ".~", min_size=20, max_size=44)),
    st.builds("sk-{}".format, st.text(alphabet=_URLSAFE, min_size=10, max_size=24)),
    st.builds("eyJ{}.{}.{}".format, *(st.text(alphabet=_URLSAFE + "+/=", max_size=16) for _ in range(3))),
    st.builds("eyJ{}\n{}".format, st.text(alphabet=_URLSAFE, max_size=16),
              st.text(alphabet=_URLSAFE + ".", max_size=30)),
    st.builds("-----BEGIN {}-----{}".format, st.sampled_from(["", "RSA PRIVATE KEY", "x"]), st.text(max_size=40)),
    st.builds("{}{}".format, st.text(alphabet="0123456789abcdef", min_size=30, max_size=40), st.text("=", max_size=3)),
)  # fmt: skip
texts = st.one_of(
    st.text(max_size=300),
    st.lists(_FRAGMENTS, max_size=24).map("".join),
    st.lists(st.one_of(_FRAGMENTS, _SHAPES), max_size=12).map("".join),
)


@settings(max_examples=1500, deadline=None)
@given(texts)
def test_the_quick_answer_by_shape_is_the_full_pass(text: str) -> None:
    """On any text (random characters, and pieces of every shape with their markers, separators, GUIDs, padding,
    escapes, NULs and non-ASCII), `scrub_shapes` gives what the full pass of every pattern gives."""
    same = scrub_shapes(text) == _scrub_shapes_full(text)
    assert same, "the quick answer by shape differs from the full pass"


@settings(max_examples=500, deadline=None)
@given(st.lists(texts, min_size=1, max_size=8))
def test_scrubbing_the_fields_together_is_scrubbing_each(fields: list[str]) -> None:
    """`scrub_shapes_all` (the fields of a `Diagnosis` in one pass) gives the full pass of each field."""
    same = scrub_shapes_all(fields) == [_scrub_shapes_full(f) for f in fields]
    assert same, "scrubbing the fields together differs from scrubbing each"


_CHANGES = re.compile(r"[a-z](?=[A-Z0-9])|[A-Z](?=[a-z0-9])|[0-9](?=[A-Za-z])")


@settings(max_examples=500, deadline=None)
@given(texts)
def test_changes_of_class_are_counted_as_the_pattern_finds_them(text: str) -> None:
    """The changes between lower case, upper case and digits that the judge counts with `bytes.count` are those
    the regular expression finds."""
    assert _changes(_classes(text)) == len(_CHANGES.findall(text))


def test_a_text_vouched_for_is_checked_first() -> None:
    """A text with a secret's shape is not taken as clean for being vouched for: it is scrubbed all the same."""
    key = "Zx8Qw2Lp4Mn7Bc1Zr6Ty5Ue0Io3Pa8Sd9Fg"  # a fake, shaped like a key
    text = f"the key {key} was refused"
    vouch([text], [text])
    vouched = text in scrub_module._VOUCHED or key in scrub_module._KEPT
    assert vouched is False, "a text with a key in it was vouched for"
    scrubbed = scrub_shapes_all(["title", text])
    assert scrubbed == ["title", "the key <redacted> was refused"]


def test_only_the_catalog_s_own_text_is_vouched_for() -> None:
    """After diagnosing every fixture, with keys and tokens in every header, the query and the echoed message,
    the texts and runs vouched for are all the catalog's own: nothing a request carried is remembered."""
    token = mint(aud="https://cognitiveservices.azure.com", oid=OID, tid=TENANT)
    key = "5f3c7a9e1b2d4f6a8c0e2b4d6f8a0c2e"
    for case in CASES:
        for headers in ({"Authorization": f"Bearer {token}"}, {"api-key": key, "x-goog-api-key": key}):
            url = (case.url or "https://contoso.openai.azure.com/openai/v1/chat/completions") + f"&sig={key}"
            body = (case.body_text or "") + f" {token} {key}"
            diagnose(case.status, body=body, url=url, request_headers=headers, now=NOW)
    catalog = [t for s in SCENARIOS for t in (s.title, s.headline, s.cause, *s.steps, *s.docs)]
    texts = {t.strip() for t in catalog}
    foreign = [t for t in scrub_module._VOUCHED if t not in texts]
    assert foreign == [], "a text that is not the catalog's was vouched for"
    whole = "\x00".join(catalog)
    runs = [r for r in scrub_module._KEPT if r not in whole]
    assert runs == [], "a run that is not the catalog's was vouched for"
    assert scrub_module._VOUCHED, "nothing was vouched for: the quick path went unused"


# ------------------------------------------------------------------------------------------------ by value

_PUNCTUATION = [" ", "", ".", "-", "/", "=", "\n", "\t", "\x00", "é", '"', ":", "%2B", "Bearer "]
_plain_values = st.text(
    alphabet=st.sampled_from([*_B64, *"-_.+/=%~ \t:;,é…"]), min_size=8, max_size=48
)  # values of any make: spaces, dots, tabs, non-ASCII


@settings(max_examples=1500, deadline=None)
@given(
    made=st.lists(st.one_of(keys, tokens), max_size=2),
    plain=st.lists(_plain_values, max_size=2),
    bearer=st.booleans(),
    layout=st.lists(
        st.tuples(
            st.integers(0, 11),
            st.integers(0, 10_000),
            st.one_of(st.integers(1, 30), st.sampled_from([11, 12, 13])),
            st.sampled_from(_PUNCTUATION),
        ),
        max_size=8,
    ),
    filler=texts,
)
def test_the_quick_answer_by_value_is_the_full_pass(
    made: list[Secret], plain: list[str], bearer: bool, layout: list[tuple[int, int, int, str]], filler: str
) -> None:
    """A text holding pieces of the known values (of 1 to 30 characters: shorter and longer than the 12 that must
    go, across a space or a JWT's dot, next to any punctuation), or none: `Secrets.scrub` gives what the full pass
    gives, whatever the values are made of."""
    values = [s.value for s in made] + plain
    if bearer and values:
        values[0] = "Bearer " + values[0]
    known = Secrets([*values, *(w for v in values for w in v.split())])
    text = filler
    for which, start, length, punct in layout:
        if values:
            value = values[which % len(values)]
            if which >= 4:  # across a space, as `Secrets` joins the words
                value = " ".join(value.split()) or value
            at = start % len(value)
            if which >= 8:  # the 12 characters around a space or a JWT's dot, starting up to 11 before it
                breaks = [i for i, c in enumerate(value) if c in " ."] or [at]
                at, length = max(0, breaks[start % len(breaks)] - start % 12), 12
            text += punct + value[at : at + length]
        text += punct
    same = known.scrub(text) == known._scrub_full(text)
    assert same, "the quick answer by value differs from the full pass"


_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4Iiwib2lkIjoieSJ9.c2lnbmF0dXJlLW9mLWEtdG9rZW4tZm9yLXRlc3Rz"
_VALUES = [
    [f"Bearer {_TOKEN}"],  # a token after its scheme: its dots marked
    [_TOKEN, "0123456789abcdef0123456789abcdef"],  # a token and a hex key
    ["0123456789abcdef 0123456789abcdef"],  # a key in two halves
    ["ab cdefghij klmnopqrstuvwxyz a.b.c.d.e.f.g.h.i"],  # short words, many spaces and dots
    ["sk-proj-abc_DEF-123.456~789+/=%2B:;é"],  # characters of every alphabet, and beyond
]


@pytest.mark.parametrize("index", range(len(_VALUES)))
def test_every_piece_of_a_known_value_is_noticed(index: int) -> None:
    """Every piece of 11 to 13 characters of a known value (as sent, and with its words joined by one space),
    between any of a few punctuation characters: `Secrets.scrub` gives what the full pass gives, and `touches`
    says yes to every piece the full pass removes."""
    raw = _VALUES[index]
    known = Secrets([*raw, *(w for v in raw for w in v.split())])
    for value in {*raw, *(" ".join(v.split()) for v in raw)}:
        for size in (11, 12, 13):
            for at in range(len(value) - size + 1):
                for before, after in (("x ", " y"), ("", ""), ("-", "."), ("a", "0")):
                    text = before + value[at : at + size] + after
                    full = known._scrub_full(text)
                    noticed = known.touches(text) or full == text
                    same = known.scrub(text) == full
                    where = f"a piece of value {index} at {at}, {size} long"
                    assert noticed, f"{where} was not noticed"
                    assert same, f"{where} was scrubbed otherwise"


# ------------------------------------------------------------------------------------------------ end to end


def _full_passes(patch: pytest.MonkeyPatch) -> None:
    """The scrubber without its quick answers: every text through every pattern and every known value."""
    patch.setattr(scrub_module, "_clean", lambda text: False)
    patch.setattr(Secrets, "touches", lambda self, text: True)


@pytest.mark.parametrize("profile", PROFILES)
def test_every_output_of_the_leak_scenes_is_that_of_the_full_passes(profile: settings) -> None:
    """A secret in any position (the leak strategies of the never-leaks property): the diagnosis of the exchange,
    from the wire and from its pasted transcript, is exactly the one the scrubber gives without its quick
    answers."""

    @settings(profile)
    @given(scene=leak_scenes())
    def prop(scene: LeakScene) -> None:
        wire = scene.as_json()
        transcript = scene.as_transcript()
        fast = [diagnose(now=NOW, **wire), diagnose_text(transcript, now=NOW)]
        with pytest.MonkeyPatch.context() as patch:
            _full_passes(patch)
            full = [diagnose(now=NOW, **wire), diagnose_text(transcript, now=NOW)]
        same = [d and d.to_dict() for d in fast] == [d and d.to_dict() for d in full]
        assert same, "a quick answer changed a diagnosis"

    prop()


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"ab=;, \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2003\u3000"]), max_size=40))
def test_a_value_is_split_where_the_pattern_splits_it(value: str) -> None:
    """A value's parts (between whitespace, `;` and `,`, Unicode spaces included) are those the regular
    expression gives, but for its empty ones."""
    assert _separated(value) == [p for p in re.split(r"[\s;,]+", value) if p]
