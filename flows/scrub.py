"""Scrub secrets out of evidence: Playwright traces, reports, logs.

Playwright records `fill()` values, URLs, network headers and bodies, and has no
redaction of its own (microsoft/playwright#19992). So every trace is rewritten before it
is kept: sensitive headers, sensitive URL/form/JSON parameters and the values of every
secret setting become `<redacted>`. Credentials are also never typed in a traced
context; this is the second line of defence.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

REDACTED = "<redacted>"
SENSITIVE_HEADERS = frozenset({"authorization", "cookie", "set-cookie", "proxy-authorization"})
SENSITIVE_PARAMS = ("code", "state", "access_token", "refresh_token", "password", "client_secret")

_PARAM = re.compile(r"(?<=[?&#])(" + "|".join(SENSITIVE_PARAMS) + r")=([^&#\s\"'<>\\]*)")
_JSON_FIELD = re.compile(
    r"(\\?\"(?:" + "|".join(SENSITIVE_PARAMS) + r")\\?\"\s*:\s*)(\\?\")((?:[^\"\\]|\\.)*?)(\\?\")"
)
_HEADER_LINE = re.compile(r"(?im)^(" + "|".join(sorted(SENSITIVE_HEADERS)) + r")(\s*:\s*)(.+)$")


class Scrubber:
    """Replaces secrets in text, JSON structures and whole trace archives."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        values = {s for s in secrets if s and len(s) >= 4}
        # Secrets can appear URL-encoded in URLs and form bodies.
        values |= {quote(s, safe="") for s in values} | {quote_plus(s) for s in values}
        # Longest first, so a secret that contains another is replaced whole.
        self.values = sorted(values, key=len, reverse=True)
        # A line holding none of these (lower-cased) needs no scrubbing: every rule below
        # starts from a secret (also as JSON writes it), a header or a parameter name.
        escaped = {json.dumps(v)[1:-1] for v in values} | {
            json.dumps(v, ensure_ascii=False)[1:-1] for v in values
        }
        # A parameter matters as `name=` (URL, form), or as a JSON key or header name
        # `"name"` (maybe escaped inside a string): `name"` or `name\"`.
        params = {p + end for p in SENSITIVE_PARAMS for end in ("=", '"', '\\"')}
        self._triggers = sorted(
            {t.lower() for t in (*values, *escaped)} | SENSITIVE_HEADERS | params
        )

    def clean(self, line: str) -> bool:
        """True when `line` has nothing any rule would replace (a quick test on the text)."""
        lower = line.lower()
        return not any(trigger in lower for trigger in self._triggers)

    def text(self, text: str) -> str:
        for value in self.values:
            text = text.replace(value, REDACTED)
        text = _PARAM.sub(lambda m: f"{m.group(1)}={REDACTED}", text)
        text = _JSON_FIELD.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}{m.group(4)}", text)
        return _HEADER_LINE.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)

    def data(self, value: Any) -> Any:
        """A JSON-like structure with secrets replaced (header objects by name)."""
        if isinstance(value, dict):
            name = value.get("name")
            if isinstance(name, str) and name.lower() in SENSITIVE_HEADERS and "value" in value:
                return {**value, "value": REDACTED}
            if isinstance(name, str) and name in SENSITIVE_PARAMS and "value" in value:
                return {**value, "value": REDACTED}
            return {k: self._field(k, v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.data(v) for v in value]
        if isinstance(value, str):
            return self.text(value)
        return value

    def _field(self, key: str, value: Any) -> Any:
        if key in SENSITIVE_PARAMS and isinstance(value, str):
            return REDACTED
        if key == "cookies" and isinstance(value, list):
            # HAR-style cookie lists in recorded requests and responses.
            return [{**c, "value": REDACTED} if isinstance(c, dict) else c for c in value]
        return self.data(value)

    def json_lines(self, text: str) -> str:
        out = []
        for line in text.splitlines():
            if self.clean(line):
                out.append(line)
                continue
            try:
                out.append(json.dumps(self.data(json.loads(line)), ensure_ascii=False))
            except ValueError:
                out.append(self.text(line))
        return "\n".join(out) + ("\n" if text.endswith("\n") else "")

    def trace(self, path: Path) -> None:
        """Rewrite a Playwright trace archive in place, every text member scrubbed."""
        tmp = path.with_suffix(path.suffix + ".scrubbing")
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                raw = src.read(info)
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    dst.writestr(info, raw)
                    continue
                if info.filename.endswith((".trace", ".network", ".jsonl")):
                    text = self.json_lines(text)
                else:
                    text = self.text(text)
                dst.writestr(info, text.encode("utf-8"))
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


def scrub_folder(secrets: list[str], folder: Path) -> None:
    """Every report, journal and junit file under `folder`, with `secrets` masked."""
    scrubber = Scrubber(secrets)
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".jsonl", ".html", ".xml", ".yml"):
            scrubber.file(path)
