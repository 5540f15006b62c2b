"""Scrub secrets out of evidence: Playwright traces, reports, logs.

Playwright records `fill()` values, URLs, network headers and bodies, and the values of
inputs in its DOM snapshots, and has no redaction of its own (microsoft/playwright#19992).
So every trace is rewritten before it is kept: sensitive headers, sensitive URL/form/JSON
parameters, password and hidden inputs' values, and every secret value in each form it
may take (URL-encoded, JSON-escaped once or twice, HTML entities, base64) become
`<redacted>`. Credentials are also never typed in a traced context; this is the second
line of defence.
"""

from __future__ import annotations

import base64
import html
import json
import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

REDACTED = "<redacted>"
# Headers redacted by name, besides those whose name says what they hold (below).
SENSITIVE_HEADERS = frozenset(
    {"authorization", "cookie", "set-cookie", "proxy-authorization", "x-api-key", "x-csrf-token"}
)
_HEADER_WORDS = r"token|secret|key|auth|cookie|session|passw|signature"
_HEADER_NAME = re.compile(rf"{_HEADER_WORDS}|^x-gw-ims-", re.IGNORECASE)
# Parameter names (URL, form, JSON key) whose value is a secret: OAuth's code and state,
# and any name with token, secret, password or API key in it, in any case or style
# (access_token, accessToken, id_token, clientSecret, apiKey, ...).
_SECRET_WORDS = r"token|secret|passw(?:or)?d|api[_-]?key|signature"  # noqa: S105
_PARAM_NAME = rf"(?:code|state|pwd|[\w.-]*?(?:{_SECRET_WORDS})[\w.-]*)"
_SECRET_PARAM = re.compile(rf"{_PARAM_NAME}", re.IGNORECASE)

# name=value in a URL or a form body: after ?, &, #, ; or a space or quote, or at the very
# start of a line (a form body `code=...&state=...`).
_PARAM = re.compile(
    rf"(?:(?<=[?&#;\s\"'])|^)({_PARAM_NAME})=([^&#\s\"'<>\\]*)", re.IGNORECASE | re.MULTILINE
)
# "name": "value" in JSON, also escaped once or twice inside another JSON string.
_JSON_FIELD = re.compile(
    rf"(\\*\"{_PARAM_NAME}\\*\"\s*:\s*)(\\*\")((?:[^\"\\]|\\.)*?)(\\*\")", re.IGNORECASE
)
# A header line `Name: value` (raw HTTP text, logs).
_HEADER_LINE = re.compile(
    rf"(?im)^((?:[a-z0-9-]*(?:{_HEADER_WORDS})[a-z0-9-]*)|x-gw-ims-[a-z0-9-]+)(\s*:[ \t]*)(\S.*)$"
)
# What makes a rule apply to a text, lower-cased: a word of a secret name (a short one
# only as `name=` or `name"`, maybe escaped), a header's, or a secret input's type.
_TRIGGER_WORDS = ("token", "secret", "passw", "api_key", "api-key", "apikey", "signature",
                  "cookie", "session", "x-gw-ims-", '"hidden', '\\"hidden',
                  '"headers"')  # fmt: skip
_SHORT_NAMES = ("code", "state", "pwd")
# A secret parameter's name holds one of these (lower-cased).
_PARAM_WORDS = ("token", "secret", "passw", "api_key", "api-key", "apikey", "signature",
                *_SHORT_NAMES)  # fmt: skip
# Header names that say "key" or "auth" are common words in pages (`data-key`, "OAuth"):
# they make a rule apply to a string or a raw header line, not make a trace line parsed.
_HEADER_TRIGGERS = ("key", "auth")
# A DOM snapshot keeps an input's value under this attribute (besides `value`).
_SNAPSHOT_VALUE = "__playwright_value_"
# Archive members that are binary media: only secret values are replaced in them.
_MEDIA = (".jpeg", ".jpg", ".png", ".webp", ".gif", ".ico", ".woff", ".woff2", ".ttf", ".webm")
# The shortest encoded fragment of a secret worth replacing (shorter ones would match
# unrelated base64 by chance).
_MIN_FRAGMENT = 8


def sensitive_header(name: str) -> bool:
    lower = name.lower()
    return lower in SENSITIVE_HEADERS or bool(_HEADER_NAME.search(lower))


def sensitive_param(name: str) -> bool:
    return bool(_SECRET_PARAM.fullmatch(name))


def _lower_hex(text: str) -> str:
    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), text)


def _base64_forms(secret: str) -> set[str]:
    """The secret in base64, alone, and the part of its encoding that does not depend on
    what surrounds it inside a longer encoded string (at each of the 3 alignments)."""
    raw = secret.encode("utf-8")
    forms = set()
    for encode in (base64.b64encode, base64.urlsafe_b64encode):
        whole = encode(raw).decode("ascii")
        forms |= {whole, whole.rstrip("=")}
        for offset in range(3):
            encoded = encode(b"\0" * offset + raw).decode("ascii").rstrip("=")
            # Leading characters carry bits of the bytes before; a last partial group
            # carries bits of the bytes after.
            start = (0, 2, 3)[offset]
            end = len(encoded) - (1 if (offset + len(raw)) % 3 else 0)
            if end - start >= _MIN_FRAGMENT:
                forms.add(encoded[start:end])
    return forms


def secret_forms(secret: str) -> set[str]:
    """Every form a secret takes in evidence: as it is, URL-encoded (upper- or lower-case
    hex), JSON-escaped once or twice, HTML-escaped, base64, and its UTF-8 bytes read as
    Latin-1 (how a member that is not UTF-8 is scrubbed)."""
    forms = {secret}
    for encoded in (quote(secret, safe=""), quote_plus(secret)):
        forms |= {encoded, _lower_hex(encoded)}
    for inner in (True, False):  # ensure_ascii of each level, as any writer may choose
        once = json.dumps(secret, ensure_ascii=inner)[1:-1]
        forms |= {once} | {json.dumps(once, ensure_ascii=outer)[1:-1] for outer in (True, False)}
    escaped = html.escape(secret)
    forms |= {escaped, html.escape(secret, quote=False), escaped.replace("&#x27;", "&#39;")}
    forms |= _base64_forms(secret)
    forms.add(secret.encode("utf-8").decode("latin-1"))
    return {f for f in forms if len(f) >= 4}


class Scrubber:
    """Replaces secrets in text, JSON structures and whole trace archives."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        values: set[str] = set()
        for secret in secrets:
            if secret and len(secret) >= 4:
                values |= secret_forms(secret)
        # Longest first, so a secret that contains another is replaced whole.
        self.values = sorted(values, key=len, reverse=True)
        self._bytes = sorted(
            {v.encode("utf-8") for v in values} | {b for v in values if (b := _latin1(v))},
            key=len,
            reverse=True,
        )
        # A line holding none of these (lower-cased) needs no scrubbing: every rule below
        # starts from a secret's form, a header or parameter name, or a secret input.
        short = {n + end for n in _SHORT_NAMES for end in ("=", '"', '\\"')}
        self._triggers = sorted(
            {v.lower() for v in values} | set(_TRIGGER_WORDS) | short | SENSITIVE_HEADERS
        )
        # The same test on a text, which may also be a raw header line.
        self._text_triggers = sorted({*self._triggers, *_HEADER_TRIGGERS})

    def clean(self, line: str) -> bool:
        """True when `line` (of a trace's actions and snapshots) has nothing any rule would
        replace, header objects aside (a quick test on the text)."""
        lower = line.lower()
        return not any(trigger in lower for trigger in self._triggers)

    def text(self, text: str) -> str:
        lower = text.lower()
        if not any(trigger in lower for trigger in self._text_triggers):
            return text
        for value in self.values:
            text = text.replace(value, REDACTED)
        # The rules by name only where a name could be (a scan for words is much cheaper
        # than these expressions on a DOM snapshot's long line).
        if any(word in lower for word in _PARAM_WORDS):
            text = _PARAM.sub(lambda m: f"{m.group(1)}={REDACTED}", text)
            text = _JSON_FIELD.sub(
                lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}{m.group(4)}", text
            )
        return _HEADER_LINE.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)

    def binary(self, raw: bytes) -> bytes:
        """Bytes that are no text (an image, a font): every secret form replaced."""
        for value in self._bytes:
            raw = raw.replace(value, REDACTED.encode("ascii"))
        return raw

    def data(self, value: Any) -> Any:
        """A JSON-like structure with secrets replaced (header objects by name)."""
        return self._structure(value, self.text)

    def _structure(self, value: Any, text: Callable[[str], str]) -> Any:
        """`value` with the structural rules applied (header and parameter objects by
        name, secret inputs' attributes, secret keys, cookie lists), `text` to strings."""
        if isinstance(value, dict):
            name = value.get("name")
            named = isinstance(name, str) and (sensitive_header(name) or sensitive_param(name))
            if named and "value" in value:
                return {**value, "value": REDACTED}
            if _secret_input(value):
                # A DOM snapshot's attributes of a password or hidden input.
                value = {
                    k: REDACTED if k in ("value", _SNAPSHOT_VALUE) else v for k, v in value.items()
                }
            return {k: self._field(k, v, text) for k, v in value.items()}
        if isinstance(value, list):
            return [self._structure(v, text) for v in value]
        if isinstance(value, str):
            return text(value)
        return value

    def _field(self, key: str, value: Any, text: Callable[[str], str]) -> Any:
        if isinstance(value, str) and sensitive_param(key):
            return REDACTED
        if key == "cookies" and isinstance(value, list):
            # HAR-style cookie lists in recorded requests and responses.
            return [{**c, "value": REDACTED} if isinstance(c, dict) else c for c in value]
        return self._structure(value, text)

    def json_line(self, line: str) -> str:
        """One JSON line: the structural rules on the parsed value, then the text rules
        once on the line it is written back as (not on each of its many strings)."""
        try:
            parsed = json.loads(line)
        except ValueError:
            return self.text(line)
        written = json.dumps(self._structure(parsed, _as_is), ensure_ascii=False)
        scrubbed = self.text(written)
        if scrubbed != written:
            try:
                json.loads(scrubbed)
            except ValueError:  # a secret's digits inside a number: string by string
                return json.dumps(self.data(parsed), ensure_ascii=False)
        return scrubbed

    def json_lines(self, text: str, *, every_line: bool = False) -> str:
        """JSON lines scrubbed; `every_line`: parse even those `clean` passes (a network
        log, whose header objects any name may hold)."""
        out = [
            line if not every_line and self.clean(line) else self.json_line(line)
            for line in text.splitlines()
        ]
        return "\n".join(out) + ("\n" if text.endswith("\n") else "")

    def member(self, name: str, raw: bytes) -> bytes:
        """One archive member, scrubbed: JSON lines parsed, other text by the text rules;
        a member that is not UTF-8 read as Latin-1 (every byte kept), binary media by
        their bytes."""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            if name.lower().endswith(_MEDIA):
                return self.binary(raw)
            return self.text(raw.decode("latin-1")).encode("latin-1")
        if name.endswith((".trace", ".network", ".jsonl")):
            return self.json_lines(text, every_line=name.endswith(".network")).encode("utf-8")
        return self.text(text).encode("utf-8")

    def trace(self, path: Path) -> None:
        """Rewrite a Playwright trace archive in place, every member scrubbed."""
        tmp = path.with_suffix(path.suffix + ".scrubbing")
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                dst.writestr(info, self.member(info.filename, src.read(info)))
        tmp.replace(path)

    def file(self, path: Path) -> None:
        """Scrub a text file (report, log, junit) or a trace archive in place."""
        if zipfile.is_zipfile(path):
            self.trace(path)
            return
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            return
        scrubbed = self.text(text)
        if scrubbed != text:
            path.write_text(scrubbed, encoding="utf-8")


def _as_is(text: str) -> str:
    return text


def _latin1(value: str) -> bytes:
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return b""


def _secret_input(attributes: dict[str, Any]) -> bool:
    kind = attributes.get("type")
    return isinstance(kind, str) and kind.lower() in ("password", "hidden")


def scrub_folder(secrets: list[str], folder: Path) -> None:
    """Every report, journal and junit file under `folder`, with `secrets` masked."""
    scrubber = Scrubber(secrets)
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".jsonl", ".html", ".xml", ".yml"):
            scrubber.file(path)
