"""Label sets: every user-visible text a page object keys on, documented or guessed.

A label that Adobe's or Pinterest's documentation shows is a contract (`documented`, with
the public page that shows it); anything else the page objects key on is a guess
(`guessed`): an iframe's title, a dialog's title, a grid's name, a menu button's name, a
confirmation's wording. A guess is only ever a preference: the page objects find the
element by role and structure when it does not match (pages/discovery.py records where),
so a UI that words or marks up those things otherwise still works.

Texts are matched tolerantly (case, runs of whitespace: "Activation data" is "Activation
Data"); a text written `re:<pattern>` is a regular expression searched in the name. A user
extends the labels for a localized or renamed UI through a JSON file (`LABELS_FILE`):
`{"aep": {"activate_audiences": ["Zielgruppen aktivieren"]}}` adds to the built-in texts
(a key starting with `_` is a note, e.g. the probe's `"_app_frame_title": "found as ..."`).
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from pages.discovery import Findings

Texts = tuple[str, ...]
T = TypeVar("T", bound="LabelSet")

DOCUMENTED = "documented"
GUESSED = "guessed"
REGEX_PREFIX = "re:"


def documented(*texts: str, source: str) -> Any:
    """A label the public documentation shows; `source` is the page that shows it."""
    return dataclasses.field(default=texts, metadata={DOCUMENTED: source})


def guessed(*texts: str, why: str = "undocumented") -> Any:
    """A label no documentation shows: a preference, never the only way to find a thing."""
    return dataclasses.field(default=texts, metadata={GUESSED: why})


@dataclasses.dataclass(frozen=True)
class LabelSet:
    """What every site's label set shares: where it records what it found by structure."""

    site: ClassVar[str] = ""
    findings: Findings = dataclasses.field(
        default_factory=Findings, compare=False, repr=False, kw_only=True
    )

    @classmethod
    def label_names(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls) if f.name != "findings"]

    @classmethod
    def is_guessed(cls, name: str) -> bool:
        field = next(f for f in dataclasses.fields(cls) if f.name == name)
        return GUESSED in field.metadata

    def note(self, label: str, found: str, how: str, screen: str = "") -> None:
        """`label` (a guess) did not name the element: it was found by `how`, and the UI
        names it `found` ("" when it has no name)."""
        self.findings.note(self.site, label, found, how, screen)


def norm(text: str) -> str:
    """A text as tolerant matching compares it: case-folded, whitespace collapsed."""
    return " ".join(text.split()).casefold()


def _alternative(text: str) -> str:
    if text.startswith(REGEX_PREFIX):
        return f"(?:{text[len(REGEX_PREFIX) :]})"
    words = text.split()
    return r"\s*".join(re.escape(w) for w in words) if len(words) > 1 else re.escape(text)


def pattern(*texts: str) -> re.Pattern[str]:
    """Any of `texts` as the whole (trimmed) name, tolerantly; `re:` texts as they are."""
    plain = [t for t in texts if not t.startswith(REGEX_PREFIX)]
    regexes = [t for t in texts if t.startswith(REGEX_PREFIX)]
    parts = []
    if plain:
        # "Activation data" also matches "Activation  Data" and "Activation Data:".
        body = "|".join(
            r"\s+".join(re.escape(w) for w in t.split()) if t.split() else "" for t in plain
        )
        parts.append(rf"^\s*(?:{body})\s*:?\s*$")
    parts += [f"(?:{t[len(REGEX_PREFIX) :]})" for t in regexes]
    return re.compile("|".join(parts) or r"(?!)", re.IGNORECASE)


def contains(*texts: str) -> re.Pattern[str]:
    """Any of `texts` anywhere in a name, as whole words, tolerantly."""
    body = "|".join(_alternative(t) for t in texts)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)" if body else r"(?!)", re.IGNORECASE)


def matches(texts: Texts, name: str) -> bool:
    return bool(pattern(*texts).search(name))


def exactly(*texts: str) -> re.Pattern[str]:
    """Any of `texts` as the whole (trimmed) name, case and all: for what protects the
    customer (card names, connection names), where "close enough" is not the same thing."""
    return re.compile(r"^\s*(?:" + "|".join(re.escape(t) for t in texts) + r")\s*$")


def merge_labels(labels: T, extra: dict[str, Any], site: str) -> T:
    """`labels` with `extra`'s texts added in front of each named label's own."""
    if not dataclasses.is_dataclass(labels) or isinstance(labels, type):
        raise TypeError("merge_labels takes a label set instance")
    changes: dict[str, Any] = {
        name: (*texts, *getattr(labels, name))
        for name, texts in check_entries(type(labels), extra, site).items()
    }
    return dataclasses.replace(labels, **changes)


def check_entries(cls: type[LabelSet], extra: Any, site: str) -> dict[str, tuple[str, ...]]:
    """A labels file's entries for one site, validated: known names, strings or lists of
    strings, patterns that compile. Raises ValueError with one line naming the problem."""
    if not isinstance(extra, dict):
        raise ValueError(f"labels file: {site!r} must be an object of labels")
    known = set(cls.label_names())
    entries: dict[str, tuple[str, ...]] = {}
    for name, given in extra.items():
        if name.startswith("_"):  # a note for the person who reads the file
            continue
        if name not in known:
            raise ValueError(f"labels file: {site} has no label {name!r}")
        texts = [given] if isinstance(given, str) else given
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise ValueError(f"labels file: {site}.{name} must be a string or a list of strings")
        for text in texts:
            if text.startswith(REGEX_PREFIX):
                try:
                    re.compile(text[len(REGEX_PREFIX) :])
                except re.error as exc:
                    raise ValueError(
                        f"labels file: {site}.{name}: {text!r} is not a pattern ({exc})"
                    ) from None
        entries[name] = tuple(texts)
    return entries


def read_labels_file(path: Path | None, sites: dict[str, type[LabelSet]]) -> dict[str, Any]:
    """A labels file, validated against the label sets of `sites` (ValueError: one line)."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"labels file: {path} is not JSON ({exc.msg}, line {exc.lineno})"
        ) from None
    if not isinstance(data, dict):
        raise ValueError("labels file: the top level must be an object of sites")
    for site, extra in data.items():
        if site not in sites:
            raise ValueError(f"labels file: no site {site!r} (known: {', '.join(sorted(sites))})")
        check_entries(sites[site], extra, site)
    return data
