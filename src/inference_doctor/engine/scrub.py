"""Everything that recognises and removes secrets: the one scrubber every output goes through.

Two ways to know a secret, used together on every text a `Diagnosis` holds (at construction), every line the
CLI prints about what it was given, and the library's log records:

**By value.** `known_secrets` gathers what the request carried as a credential, decided by the *name* of where it
travelled and by the *shape* of the value: the value of every request header whose name says credential
(`authorization`, `api-key`, `x-functions-key`, `x-goog-api-key`, `x-ms-token-aad-access-token`, `cookie`, any name
with auth, key, token, secret, password, signature, session, credential in it) and of every other header whose
value looks like one (below); the value of every query parameter with such a name (plus `code` and `sig`) or
such a shape; the password of `user:password@` in a URL; a path segment shaped like a key; and, in text a user
pasted (`explain`: all of it untrusted), the header lines of `curl -v` and http.client debug transcripts,
`-H "name: value"`, `name=value` query pairs and `"name": "value"` / `name="value"` literals with a credential
name. `Secrets.scrub` then replaces each value, each whitespace-separated part of it, and any 12-character piece of
one (a partial echo).

**By shape**, for a secret nobody told us about (a proxy echoing another key): a JWT (`eyJ...`, with its dots,
even split over two lines), an OpenAI-style `sk-` key, an Entra client secret (`abc8Q~...`), a PEM block, a run of
32 or more hex digits, and any run of 20 or more
base64 / base64url characters (letters, digits, `+ / _ - %`-escapes, `=` padding) that looks random: it changes
between lower case, upper case and digits at least once every four characters and is not made of words. Runs
are judged segment by segment between `/` (a key inside a URL path goes, the path's words stay) and GUIDs are
never taken for keys.

Deliberately kept: GUIDs (object, tenant and application ids, request ids), request ids as the response's headers
sent them (scrubbed by value only), words and identifiers made of words (deployment, model, resource and project
names, error codes, CamelCase and snake_case names), api-versions and dates, and URLs without their secret parts.
A secret shorter than 20 characters that the request did not carry, or one made of dictionary words, is beyond
recognition by shape: only its name in the request marks it.

`scrub_credential` adds what only a token credential's failure message holds: values after a secret's name
(`client_secret=...`) and the e-mail addresses Entra names accounts by.

**Quick answers, never different ones.** Most text holds nothing to remove, so each pass first asks a quick
question whose "no" is certain, and runs in full only on a "maybe": `_clean` (no marker of a shape, and every run
of 20 base64 characters kept by `_judge`) before the shape patterns, `Secrets.touches` (the values' rarer
characters and the runs of the text made of the values' characters, looked up in the values) before the search by
value. The catalog's constant texts are checked once per entry and passed over from then on (`vouch`).
tests/engine/test_scrub_fast.py compares every quick answer with the full pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence

from .regex import lazy

REDACTED = "<redacted>"
WINDOW = 12
"""No piece of a known secret this long survives."""
MIN_VALUE = 8
"""A credential value shorter than this is not looked for (it would match ordinary words)."""
SHAPE_MIN = 20
"""The letters and digits a run needs before its shape alone can make it a secret."""
TEXT_CAP = 64 * 1024
"""The most of a URL or a text that is searched for credential values (as much as the engine reads of a body)."""
HEADER_BYTES = 256 * 1024
"""The most request (or response) header text the engine reads, names and values together: more than any
Azure front end accepts in a request, so a credential the service saw is always inside it."""

# ------------------------------------------------------------------------------------------------ names

_CREDENTIAL_WORDS = ("auth", "key", "token", "secret", "passw", "pwd", "cookie", "credential", "signature",
                     "session", "bearer", "jwt")  # fmt: skip

_QUERY_ONLY_NAMES = frozenset({"code", "sig", "sas"})
"""Query parameters that carry a credential under a name that does not say so: an Azure Functions key, a SAS."""


_CREDENTIAL_WORD = lazy("|".join(_CREDENTIAL_WORDS))


def credential_name(name: str, *, query: bool = False) -> bool:
    """True when a header (or, with `query`, a query parameter) of this name carries a credential."""
    low = name.lower()
    return _CREDENTIAL_WORD.search(low) is not None or (query and low in _QUERY_ONLY_NAMES)


_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


def _credential_names(text: str) -> list[int]:
    """Where the words start that hold a credential's name (`str.find`: far faster than a regular expression)."""
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer: positions would shift
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    found: set[int] = set()
    for word in _CREDENTIAL_WORDS:
        at = low.find(word)
        while at >= 0:
            start = at
            while start > 0 and text[start - 1] in _NAME_CHARS:
                start -= 1
            found.add(start)
            at = low.find(word, at + len(word))
    return sorted(found)


# ------------------------------------------------------------------------------------------------ shapes

_GUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_SEPARATORS = lazy(rf"(/|(?<![0-9A-Za-z]){_GUID}(?![0-9A-Za-z]))")
_RUN = lazy(r"[A-Za-z0-9+/_%-]{20,}=*")
_SK = lazy(r"\bsk-[A-Za-z0-9_-]{12,}")
_ENTRA_SECRET = lazy(r"[A-Za-z0-9_.~-]{3}\dQ~[A-Za-z0-9_.~-]{25,40}")  # an Entra client secret
_PEM = lazy(r"-----BEGIN [A-Z ]{0,40}-----.*?(?:-----END [A-Z ]{0,40}-----|\Z)", re.S)  # a private key
_JWT_START = lazy(r"(?<![A-Za-z0-9])eyJ[A-Za-z0-9_+/-]{2,}=*(?:\.[A-Za-z0-9_+/-]*=*){0,3}")
_JWT_REST = lazy(r"[ \t]*\r?\n?[ \t>]*([A-Za-z0-9_+/-]*=*(?:\.[A-Za-z0-9_+/-]*=*)+)")
_SIG_TAIL = lazy(r"[ \t]*\r?\n?[ \t>]*([A-Za-z0-9_-]{12,})")
_CANDIDATE = lazy(r"eyJ|sk-|Q~|-----BEGIN|[A-Za-z0-9+/_%-]{20}")
_HEX = lazy(r"[0-9a-fA-F]{32,}=*")
_ESCAPE = lazy(r"%[0-9A-Fa-f]{2}")
_GUID_ONLY = lazy(_GUID)
_MIN_CHANGES = (SHAPE_MIN - 1 + 3) // 4
"""The fewest changes of class a random run can have: a quarter of its 19 or more pairs of letters and digits
(a run of 32 hex digits has many more)."""
_TOKENS = lazy(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
_ALNUM_PAIRS = lazy(r"[A-Za-z0-9](?=[A-Za-z0-9])")
_CLASSES = bytes(
    108 if 97 <= i <= 122 else 117 if 65 <= i <= 90 else 100 if 48 <= i <= 57 else 32 for i in range(256)
)
"""A `bytes.translate` table: lower-case ASCII letters to `l`, upper-case to `u`, digits to `d`, anything else
(every byte of a non-ASCII character among them) to a space."""


def _classes(text: str) -> bytes:
    """`text` as classes of character: `l`, `u`, `d` or a space for each (ASCII) character."""
    return text.encode("utf-8", "surrogatepass").translate(_CLASSES)


def _changes(classes: bytes) -> int:
    """How often `_classes` changes between lower case, upper case and digits from one character to the next.
    Each pair of two different classes cannot overlap itself, so `bytes.count` counts every one."""
    count = classes.count
    return count(b"lu") + count(b"ld") + count(b"ul") + count(b"ud") + count(b"dl") + count(b"du")


_VOWEL = lazy("[aeiouyAEIOUY]")
_CONSONANTS_4 = lazy(r"[^aeiouyAEIOUY]{4}")


def _wordlike(text: str) -> bool:
    """Made of words: lower-case or Capitalised words with vowels, digit groups, at most two odd pieces (a single
    letter, two lower-case letters, an all-caps run, a word with no vowels). Random text has many odd pieces."""
    odd = 0
    after_digits = False
    for token in _TOKENS.findall(text):
        first = token[0]
        if first.isdigit():
            if len(token) > 8:
                return False
            after_digits = True
            continue
        if token.isupper():
            odd += 1
        elif first.islower() and after_digits and len(token) > 2:
            return False  # a word glued to digits ("7fu5ik") is not how identifiers are written
        elif len(token) <= 2:
            odd += 1
        else:
            vowels = len(_VOWEL.findall(token))
            if vowels == 0 or vowels * 4 < len(token) or _CONSONANTS_4.search(token):
                odd += 1
        if odd > 2:
            return False
        after_digits = False
    return True


def _one_class(text: str, classes: bytes | None = None) -> bool:
    """Letters of one case and no digit, or no letter at all: no change of class, so never random."""
    if classes is None:
        classes = _classes(text)
    if b"d" in classes:
        return b"l" not in classes and b"u" not in classes
    return text.islower() or text.isupper()


def _random(text: str) -> bool:
    """True when `text` (no `/`, no GUID) looks like a key: 32+ hex digits, or 20+ letters and digits that
    change class often and are not made of words."""
    plain = _ESCAPE.sub("+", text) if "%" in text else text
    pairs = len(_ALNUM_PAIRS.findall(plain))
    if pairs < SHAPE_MIN - 1:
        return False
    if _HEX.fullmatch(plain.strip("-_+")) and not plain.strip("-_+=").isdigit():
        return True
    return _changes(_classes(plain)) * 4 >= pairs and not _wordlike(plain)


def _judge_run(match: re.Match[str]) -> str:
    return _judge(match.group(0))


def _judge(run: str) -> str:
    """One run of base64-ish characters: its random-looking segments (between `/` and GUIDs) replaced."""
    if len(run) == 36 and _GUID_ONLY.fullmatch(run):  # an id: never a key
        return run
    classes = _classes(run)
    if _one_class(run, classes):  # words, a path
        return run
    if _changes(classes) < _MIN_CHANGES:  # no piece of it can be random (see `_random`)
        return run
    pieces = _SEPARATORS.split(run)
    if len(pieces) == 1:
        return REDACTED if _random(run) else run
    out: list[str] = []
    group: list[str] = []

    def close() -> None:
        if group:
            joined = "".join(group)
            core = joined.strip("/")
            if core and _random(core.replace("/", "+")):
                lead = joined[: len(joined) - len(joined.lstrip("/"))]
                tail = joined[len(joined.rstrip("/")) :]
                out.append(f"{lead}{REDACTED}{tail}")
            else:
                out.append(joined)
            group.clear()

    for i, piece in enumerate(pieces):
        if i % 2:  # a separator: '/' joins the pieces of one base64 run, a GUID ends it
            if piece == "/":
                group.append(piece)
            else:
                close()
                out.append(piece)
        elif piece and not _one_class(piece) and not _wordlike(piece):
            group.append(piece)
        else:
            close()
            out.append(piece)
    close()
    return "".join(out)


def _jwts(text: str) -> str:
    """Every JWT-shaped run replaced, including one a log wrapped over two lines."""
    out: list[str] = []
    pos = 0
    for m in _JWT_START.finditer(text):
        if m.start() < pos:
            continue
        end = m.end()
        if m.group(0).count(".") < 2:  # cut short: the rest of the token, with its dots, follows a line break
            rest = _JWT_REST.match(text, end)
            if rest and m.group(0).count(".") + rest.group(1).count(".") >= 2:
                end = rest.end()
        elif text[end : end + 1] in ("\n", "\r", " ", "\t"):  # a signature that goes on on the next line
            tail = _SIG_TAIL.match(text, end)
            if tail and not _wordlike(tail.group(1)):
                end = tail.end()
        out.append(text[pos : m.start()])
        out.append("<jwt redacted>")
        pos = end
    out.append(text[pos:])
    return "".join(out)


# The quick answer, for text with nothing to remove. Every shape above needs one of two things in the text:
# - a marker: a JWT starts with `eyJ`, an OpenAI key with `sk-`, an Entra secret holds `Q~`, a PEM block starts
#   with `-----BEGIN`;
# - or a run that `_RUN` finds: 20 or more of `A-Za-z0-9+/_%-` and the `=` after them. A hex key is such a run;
#   `_random` judges only pieces of one.
# Without a marker, the full pass is `_RUN.sub(_judge_run, text)` and nothing else: a text whose runs `_judge`
# all keep comes back unchanged. `_runs` finds the runs `_RUN` finds (each starts where a run of 20 starts and takes
# all of it, then the `=`s) with `bytes.translate` and `bytes.find`, C loops several times faster than the regular
# expression, and each distinct run is judged once. tests/engine/test_scrub_fast.py compares this answer with the
# full pass on random text and on every output of the leak strategies.
_MARKERS = ("eyJ", "sk-", "Q~", "-----BEGIN")


def _marked(text: str) -> bool:
    """True when `text` holds one of `_MARKERS` (a rare character first, where there is one: a search for one
    character is far quicker than for several)."""
    return (
        ("J" in text and "eyJ" in text)
        or "sk-" in text
        or ("~" in text and "Q~" in text)
        or "-----BEGIN" in text
    )


def _run_table(chars: str) -> bytes:
    """A `bytes.translate` table: each of `chars` (ASCII) to `a`, every other byte (all of UTF-8's non-ASCII
    bytes among them) to a space."""
    marked = frozenset(chars.encode("ascii"))
    return bytes(97 if i in marked else 32 for i in range(256))


_RUN_TABLE = _run_table("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_%-")


def _runs(text: str, table: bytes, least: int, *, pad: bool = False) -> Iterator[str]:
    """Each maximal run of at least `least` characters that `table` marks, in order (with the `=`s after it when
    `pad`). The marked characters are ASCII, so a run is the same in the text and in its UTF-8 bytes."""
    raw = text.encode("utf-8", "surrogatepass")
    marked = raw.translate(table)
    need = b"a" * least
    at = marked.find(need)
    while at >= 0:
        end = marked.find(b" ", at + least)
        if end < 0:
            end = len(marked)
        if pad:
            while end < len(raw) and raw[end] == 61:  # "="
                end += 1
        yield raw[at:end].decode("ascii")
        at = marked.find(need, end)


def _clean(text: str) -> bool:
    """True when `scrub_shapes` would give `text` back unchanged (the quick answer above); False when it might
    not."""
    if _marked(text):
        return False
    kept = _KEPT
    return all(run in kept or _judge(run) == run for run in set(_runs(text, _RUN_TABLE, SHAPE_MIN, pad=True)))


def scrub_shapes(text: str) -> str:
    """Remove anything shaped like a token or a key (see the module docstring), whoever sent it."""
    return text if _clean(text) else _scrub_shapes_full(text)


def _scrub_shapes_full(text: str) -> str:
    """`scrub_shapes` without the quick answer: every shape searched for with its regular expression."""
    if not _CANDIDATE.search(text):
        return text
    if "-----BEGIN" in text:
        text = _PEM.sub("<pem redacted>", text)
    if "Q~" in text:
        text = _ENTRA_SECRET.sub("<secret redacted>", text)
    if "eyJ" in text:
        text = _jwts(text)
    if "sk-" in text:
        text = _SK.sub("sk-" + REDACTED, text)
    return _RUN.sub(_judge_run, text)


_VOUCHED: set[str] = set()
"""Texts `scrub_shapes` gives back unchanged, which `scrub_shapes_all` passes over (`vouch`)."""
_KEPT: set[str] = set()
"""Runs (as `_runs` finds them) that `_judge` keeps, which `_clean` need not judge again (`vouch`)."""


def vouch(texts: Iterable[str], templates: Iterable[str] = ()) -> None:
    """Remember each of `texts` that `scrub_shapes` gives back unchanged, so that `scrub_shapes_all` passes over it
    from then on, and each run of `templates` that `_judge` keeps, so that `_clean` need not judge it again. For
    the catalog's constant texts (causes, docs links, titles and steps without a field) and its templates, which
    every diagnosis of an entry repeats: the engine vouches for an entry's the first time it diagnoses it. Each
    text and run is checked as it is vouched for, and nothing a request carried is ever vouched for: the sets hold
    the catalog's texts and runs, and no more."""
    for text in texts:
        if text not in _VOUCHED and scrub_shapes(text) == text:
            _VOUCHED.add(text)
    for template in templates:
        _KEPT.update(run for run in _runs(template, _RUN_TABLE, SHAPE_MIN, pad=True) if _judge(run) == run)


def scrub_shapes_all(texts: Sequence[str]) -> list[str]:
    """`scrub_shapes` of each text, in one pass over them all (one quick answer when none holds a secret, and the
    vouched-for texts passed over)."""
    if _clean("\x00".join(t for t in texts if t not in _VOUCHED)):  # a NUL is no run character, in no marker
        return list(texts)
    blob = "\x00".join(texts)
    if blob.count("\x00") != len(texts) - 1 or "-----BEGIN" in blob:
        # one at a time: a text with a NUL in it, or a PEM block, which runs to its END line or the text's end
        return [scrub_shapes(t) for t in texts]
    return scrub_shapes(blob).split("\x00")


def looks_secret(value: str) -> bool:
    """True when a value alone, with no name beside it, is shaped like a credential."""
    if not _marked(value) and (len(value) < SHAPE_MIN or _changes(_classes(value)) < _MIN_CHANGES):
        return False  # the common answer, for a User-Agent or a path segment, without the full pass
    return scrub_shapes(value) != value


# ------------------------------------------------------------------------------------------------ values


class Secrets:
    """The credential values one request carried, for scrubbing output only: never rendered, never kept past
    the diagnosis (its repr says how many, nothing else)."""

    __slots__ = ("_joined", "_needles", "_pieces", "_spans", "_table", "_values", "_whole", "raw")

    def __init__(self, values: Iterable[str] = ()) -> None:
        raw = tuple(dict.fromkeys(v for v in values if len(v.strip()) >= MIN_VALUE))
        self.raw = raw
        """The values as they were found (a header's whole value, `Bearer ...` included)."""
        parts: set[str] = set()
        joined: list[str] = []
        marks: list[str] = []
        for value in raw:
            words = value.split()
            if len(words) > 1:  # its parts, and the pieces that span a space (`_spanning`)
                parts.add(value.strip())
                parts.update([w for w in words if len(w) >= MIN_VALUE])
                spaced = " ".join(words)
                joined.append(spaced)
                space = spaced.find(" ")
                while space >= 0:
                    marks += _marks(spaced, space)
                    space = spaced.find(" ", space + 1)
            else:
                parts.add(words[0])
        self._values = tuple(sorted(parts, key=len, reverse=True))
        self._pieces: frozenset[str] | None = None
        self._spans: frozenset[str] | None = None
        self._joined = tuple(joined)
        # How `touches` finds a piece of a value without a space in it, quickly: the piece lies in a run of 12 or
        # more of the values' characters (`_table`), and holds one of the run's 6-character strings that start at
        # a multiple of 7 from the run's start, which is then in the value (`_whole`): only the few such runs of a
        # text are searched for, and only in the values. A value's character that is rare in it and common in text
        # (a JWT's two dots) is no run character: the pieces that hold one are found by their marks instead, as
        # the pieces that span a space are.
        whole = [p for p in self._values if " " not in p]
        self._table, mark = _alphabet(whole) if whole else (None, "")
        for p in whole if mark else ():
            at = p.find(mark)
            while at >= 0:
                marks += _marks(p, at)
                at = p.find(mark, at + 1)
        self._whole = "\x00".join(whole)
        # What `touches` looks for with `in`: the values no 12-character piece stands for (shorter than that, or
        # with a space in them), and the marks.
        short = [p for p in self._values if " " in p or len(p) < WINDOW]
        self._needles = tuple(dict.fromkeys(short + marks))

    def __bool__(self) -> bool:
        return bool(self._values)

    def __iter__(self) -> Iterator[str]:
        return iter(self.raw)

    def __add__(self, other: Secrets) -> Secrets:
        return Secrets((*self.raw, *other.raw)) if other else self

    def __repr__(self) -> str:
        return f"Secrets(<{len(self.raw)} values>)"

    def touches(self, text: str) -> bool:
        """True when `text` may hold a value or a piece of one (cheap: a False is certain)."""
        return any(n in text for n in self._needles) or self._may_hold_piece(text)

    def _may_hold_piece(self, text: str) -> bool:
        """True when `text` may hold a 12-character piece of a value without a space (a False is certain)."""
        whole = self._whole
        if len(whole) < WINDOW:
            return False
        table = self._table
        if table is None:  # characters no table has: every 6-character chunk of the values searched for
            return any(c in text for p in self._values if " " not in p for c in _chunks(p))
        for run in set(_runs(text, table, WINDOW)):
            for at in range(0, len(run) - _CHUNK + 1, _STRIDE):
                if run[at : at + _CHUNK] in whole:
                    return True
        return False

    def scrub(self, text: str) -> str:
        """Every value, every part of one and every 12-character piece of one, replaced."""
        return self._scrub_full(text) if self.touches(text) else text

    def _scrub_full(self, text: str) -> str:
        """`scrub` without the quick answer of `touches`."""
        for value in self._values:
            if value in text:
                text = text.replace(value, REDACTED)
        text = _NON_SPACE.sub(self._cut, text)
        for piece in self._spanning():
            if piece in text:
                text = text.replace(piece, REDACTED)
        return text

    def _spanning(self) -> frozenset[str]:
        """The 12-character pieces of a value that span a space: at most 11 on each side of each space."""
        if self._spans is None:
            found: set[str] = set()
            for spaced in self._joined:
                space = spaced.find(" ")
                while space >= 0:
                    for i in range(max(0, space - WINDOW + 1), min(space, len(spaced) - WINDOW) + 1):
                        found.add(spaced[i : i + WINDOW])
                    space = spaced.find(" ", space + 1)
            self._spans = frozenset(found)
        return self._spans

    def _cut(self, match: re.Match[str]) -> str:
        run = match.group(0)
        pieces = self._pieces
        if pieces is None:
            pieces = self._pieces = frozenset(
                p[i : i + WINDOW] for p in self._values if " " not in p for i in range(len(p) - WINDOW + 1)
            )
        hits = [i for i in range(len(run) - WINDOW + 1) if run[i : i + WINDOW] in pieces]
        if not hits:
            return run
        out: list[str] = []
        pos = 0
        start = hits[0]
        end = start + WINDOW
        for i in hits[1:]:
            if i > end:
                out += [run[pos:start], REDACTED]
                pos, start = end, i
            end = i + WINDOW
        out += [run[pos:start], REDACTED, run[end:]]
        return "".join(out)


_NON_SPACE = lazy(r"\S{12,}")
_CHUNK = WINDOW // 2
_STRIDE = WINDOW - _CHUNK + 1
"""Any 12 characters of a value hold one of its 6-character chunks that start at a multiple of 7."""


def _marks(text: str, at: int) -> list[str]:
    """Strings (of 7 characters or more) such that every 12-character piece of `text` that holds the character
    at `at` holds one of them: the pieces that start at most 6 before it all hold what lies between the start of
    the last of them and the end of the first, and so do the others."""
    first, last = max(0, at - WINDOW + 1), min(at, len(text) - WINDOW)
    found = []
    end = min(last, at - _CHUNK)  # the pieces that start from `first` to `end`
    if first <= end:
        found.append(text[end : first + WINDOW])
    start = max(first, at - _CHUNK + 1)  # and from `start` to `last`
    if start <= last:
        found.append(text[last : start + WINDOW])
    return found


def _chunks(value: str) -> Iterator[str]:
    """The 6-character chunks of `value` that start at a multiple of 7: any 12 characters of it hold one."""
    n = len(value)
    return map(
        value.__getitem__, map(slice, range(0, n - _CHUNK + 1, _STRIDE), range(_CHUNK, n + 1, _STRIDE))
    )


_LETTERS_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_ALPHABETS = (
    ("0123456789abcdefABCDEF", ""),  # hex keys
    (_LETTERS_DIGITS + "-_", "."),  # base64url; a JWT's dots marked instead (host names are split at theirs)
    (_LETTERS_DIGITS + "-_.+/=%~", ""),  # base64, %-escapes, Entra secrets
    ("".join(map(chr, range(33, 127))), ""),  # printable ASCII
)
_MAX_MARKED = 8
_TABLES: tuple[tuple[bytes, str, bytes], ...] = ()


def _alphabet(values: Sequence[str]) -> tuple[bytes | None, str]:
    """The `_run_table` of the narrowest of `_ALPHABETS` that has every character of `values` (and at most
    `_MAX_MARKED` of its marked character), and that character; None when none has them all."""
    global _TABLES
    if not _TABLES:  # built on first use, whole (a thread that comes meanwhile builds the same)
        _TABLES = tuple(((c + m).encode("ascii"), m, _run_table(c)) for c, m in _ALPHABETS)
    joined = "".join(values)
    if not joined.isascii():
        return None, ""
    raw = joined.encode("ascii")
    for allowed, mark, table in _TABLES:
        if not raw.translate(None, allowed) and (not mark or raw.count(mark.encode("ascii")) <= _MAX_MARKED):
            return table, mark
    return None, ""


NO_SECRETS = Secrets()


def scrub(text: str, secrets: Secrets = NO_SECRETS) -> str:
    """Remove anything shaped like a token or a key, then every known secret and any 12-character piece of one.

    Shapes first: a piece of the request's own token cut out of a foreign one would leave the rest of it without
    the `eyJ` that makes it recognisable."""
    text = scrub_shapes(text)
    return secrets.scrub(text) if secrets else text


# ------------------------------------------------------------------------------------------------ gathering


def _separated(value: str) -> list[str]:
    """The parts of a value between whitespace, `;` and `,` (no empty ones)."""
    return value.replace(";", " ").replace(",", " ").split()


def _parts(value: str) -> list[str]:
    """A credential value and what is secret inside it: the value after a scheme (`Bearer x`), each `k=v`'s v."""
    found = [value]
    for part in _separated(value):
        found.append(part)
        if "=" in part:
            found.append(part.split("=", 1)[1].strip("\"'"))
    return found


def bounded_items(headers: Mapping[str, str]) -> Iterator[tuple[str, str]]:
    """Header names (lower-cased) and values as text, until `HEADER_BYTES` of them are read."""
    budget = HEADER_BYTES
    for name, value in headers.items():
        name, value = str(name).lower(), str(value)
        budget -= len(name) + len(value) + 4
        if budget < 0:
            return
        yield name, value


def secrets_in_headers(lower: Mapping[str, str] | None) -> list[str]:
    """The credential values of a request's (lower-cased) headers: by the header's name, or by the value's shape."""
    found: list[str] = []
    for name, value in (lower or {}).items():
        if credential_name(name):
            found += _parts(value)
        elif len(value) >= SHAPE_MIN:
            found += [p for p in _separated(value) if len(p) >= SHAPE_MIN and looks_secret(p)]
    return found


_USERINFO = lazy(r"^[A-Za-z][A-Za-z0-9+.-]*://([^@/?#\s]*)@")
_QUERY_PAIR = lazy(r"[?&;]([A-Za-z0-9_.~%-]{1,64})=([^&#\s\"'<>]+)")


def unquote(text: str) -> str:
    """`urllib.parse.unquote`, imported only when a text holds an escape (explain and the integrations' imports
    stay free of urllib.parse)."""
    if "%" not in text:
        return text
    from urllib.parse import unquote as _unquote

    return _unquote(text)


def secrets_in_url(url: str | None) -> list[str]:
    """The secret parts of a URL: credential-named or key-shaped query values (as sent and decoded), a
    password in `user:password@`, a path segment shaped like a key."""
    if not url:
        return []
    url = url[:TEXT_CAP]  # whole: a long token in the query must be known whole, not its first part
    found: list[str] = []
    user = _USERINFO.match(url) if "@" in url else None
    if user:
        found += [user.group(1), *user.group(1).split(":", 1)[1:]]
    path = url.split("?", 1)[0].split("#", 1)[0]
    for seg in path.split("/"):
        if len(seg) >= SHAPE_MIN and looks_secret(unquote(seg)):
            found += [seg, unquote(seg)]
    if "?" in url or "&" in url or ";" in url:  # where `_QUERY_PAIR` starts
        found += _query_secrets(url)
    return found


def _query_secrets(text: str) -> list[str]:
    found: list[str] = []
    for name, value in _QUERY_PAIR.findall(text):
        decoded = unquote(value.replace("+", " "))
        if credential_name(unquote(name), query=True) or looks_secret(decoded):
            found += [value, decoded]
    return found


_HEADER_LINE = lazy(
    r"^[ \t>*<]*(?:header:[ \t]*)?([!#$%&'*+.^_`|~0-9A-Za-z-]{1,64})[ \t]*:[ \t]*([^\r\n]{1,8192})$",
    re.MULTILINE,
)
_PART = r"(?:[a-z0-9_]+|[A-Z][a-z0-9_]*|[A-Z0-9_]+)"
_HEADER_NAME = lazy(rf"{_PART}(?:-{_PART})*")
"""How header names are written (api-key, Ocp-Apim-Subscription-Key, X-MS-TOKEN-AAD-ID-TOKEN), unlike the
exception names that start log lines (ClientAuthenticationError: ...)."""
_TRANSCRIPT_MARKS = ("\n> ", "\n< ", "header: ", "send: b'", "-H ", "-H\t", "--header")


def _transcript(text: str) -> bool:
    """Looks like a `curl -v` or http.client debug transcript, or a curl command."""
    return text.startswith(("> ", "< ")) or any(mark in text for mark in _TRANSCRIPT_MARKS)


_CURL_HEADER = lazy(r"(?:-H|--header)[ \t]+([\"'])([^\"':]{1,64}):[ \t]*([^\"'\r\n]{1,8192})\1")
_LITERAL = lazy(
    r"(?<![A-Za-z0-9_-])[\"']?([A-Za-z][A-Za-z0-9_-]{1,63})[\"']?[ \t]*[:=][ \t]*([\"'])([^\"'\s]{8,4096})\2"
)
_PLACEHOLDER = lazy(r"[<>{}()\[\]$*]|\.\.\.|://|^(?:os\.|getenv|your|none$|null$|undefined$)")
_ENV_NAME = lazy(r"[A-Z][A-Z0-9_]*")


def _literal(value: str) -> bool:
    """A credential written out: not `os.environ[...]`, `<your-key>`, `YOUR_KEY`, `...`, a URL or a sentence;
    but a value shaped like a credential is one, whatever characters of a placeholder it holds (`*`, `$`, ...)."""
    if len(value) < MIN_VALUE or value != value.strip("\"'"):
        return False
    if not _PLACEHOLDER.search(value) and not _ENV_NAME.fullmatch(value):
        return True
    return looks_secret(value)


def _header_credential(name: str, value: str) -> str | None:
    """The credential in a header line `name: value` of a transcript (by the name, or by the value's shape), or
    None when it holds none."""
    if not (credential_name(name) and _HEADER_NAME.fullmatch(name)):
        return next((w for w in value.split() if len(w) >= SHAPE_MIN and looks_secret(w)), None)
    words = value.strip().strip("'\"").split()
    if len(words) >= 2 and words[0].isalpha() and not _literal(words[0]):  # Bearer <token>, Basic <...>
        words = words[1:]
    if name.lower() == "cookie" and words:
        return value.strip()
    return " ".join(words) if words and all(_literal(w) for w in words) else None


def secrets_in_text(text: str | None) -> list[str]:
    """Credential values written out in text a user pasted or a service sent back: header lines of debug
    transcripts (`> api-key: ...`, http.client's `send: b'...\\r\\n...'`), `curl -H`, query pairs, and
    `"api_key": "..."` / `api_key="..."` literals, each under a credential's name; in a transcript, also any header
    line whose value is shaped like a credential."""
    if not text:
        return []
    text = text[:TEXT_CAP]
    if "\\r\\n" in text:
        text = text.replace("\\r\\n", "\n")
    found: list[str] = _query_secrets(text) if "=" in text else []
    if _transcript(text):  # every header line counts, by its name or by its value's shape
        literals = [(m.group(1), m.group(3)) for m in _LITERAL.finditer(text)]
    else:  # only where a credential is named: "api_key": "...", api_key="...", and its line
        names = _credential_names(text)
        if not names:
            return found
        matches = (_LITERAL.match(text, at - (at > 0 and text[at - 1] in "\"'")) for at in names)
        literals = [(m.group(1), m.group(3)) for m in matches if m]
        starts = {text.rfind("\n", 0, at) + 1 for at in names}
        text = "\n".join(text[s : (text.find("\n", s) + 1 or len(text) + 1) - 1] for s in sorted(starts))
    for name, value in literals:
        if credential_name(name) and _literal(value):
            found += _parts(value)
    for name, value in (*_HEADER_LINE.findall(text), *((n, v) for _, n, v in _CURL_HEADER.findall(text))):
        credential = _header_credential(name, value)
        if credential is not None:
            found += [credential, *_parts(value.strip().strip("'\""))]
    return found


def known_secrets(
    *, headers: Mapping[str, str] | None = None, url: str | None = None, text: str | None = None
) -> Secrets:
    """Every credential value the request (and any pasted or echoed text) shows, for `scrub`."""
    return Secrets([*secrets_in_headers(headers), *secrets_in_url(url), *secrets_in_text(text)])


# ------------------------------------------------------------------------------------------------ credential messages

# A credential's message (token acquisition) can hold secrets of shapes a request never shows: a value after a
# secret's name (`client_secret=`, `AZURE_CLIENT_SECRET=`, `"access_token": "`, `Bearer `), and the account's
# e-mail address (AADSTS50020: "User account 'alice@contoso.com' ..."), which stays out like every user name.
_LABELLED = lazy(
    r"(?i)((?:client[_-]?secret|AZURE_CLIENT_SECRET|AZURE_CLIENT_CERTIFICATE_PASSWORD|password|passwd|pwd|"
    r"access[_-]?token|refresh[_-]?token|id[_-]?token|client[_-]?assertion|assertion|secret|api[_-]?key|"
    r"x-identity-header|IDENTITY_HEADER|MSI_SECRET|sig)['\"]?\s*[:=]\s*['\"]?|\bBearer\s+)"
    r"([^\s'\",;&}<>]{4,})"
)
_EMAIL = lazy(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+")


def scrub_credential(text: str) -> str:
    """Remove secrets from a piece of a credential's message: every value after a secret's name, the e-mail
    addresses (user names) Entra's messages carry, then everything `scrub_shapes` knows (client secrets and
    private keys among them)."""
    if "-----BEGIN" in text:  # first: a labelled value inside a PEM block would leave the rest of it behind
        text = _PEM.sub("<pem redacted>", text)
    text = _LABELLED.sub(lambda m: m.group(1) + REDACTED, text)
    if "@" in text:
        text = _EMAIL.sub("<user>", text)
    return scrub_shapes(text)
