"""Messages the app shows: toasts, alerts, status lines (their words are undocumented).

Toasts queue and outlive in-app navigation, so a message may belong to an older action:
never the proof that something happened (the state read back is), only the words for why
something did not. Compare the messages before and after an action (`since`).
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator

from pages.aep.labels import AepLabels
from pages.base import Root
from pages.labels import pattern

# Words that say something went wrong, whatever else a message says.
_FAILURE = re.compile(
    r"\b(could\s*n[o']t|cannot|can't|failed|failure|error|denied|not\s+allowed|refused|"
    r"unable|went\s+wrong|expired|closed\s+before|permission|not\s+granted|try\s+again)\b",
    re.IGNORECASE,
)


class Toasts:
    def __init__(self, root: Root, labels: AepLabels) -> None:
        self.root = root
        self.labels = labels

    @property
    def items(self) -> Locator:
        """Every message shown: a toast (React Spectrum's `alertdialog` in a `region`), an
        `alert`, a `status` line."""
        root = self.root
        toasts = root.get_by_role("region").get_by_role("alertdialog")
        return toasts.or_(root.get_by_role("alert")).or_(root.get_by_role("status"))

    def messages(self) -> list[str]:
        texts = self.items.all_inner_texts()
        return [" ".join(t.split()) for t in texts if t.strip()]

    def since(self, before: list[str]) -> list[str]:
        """The messages shown now that were not shown `before` (oldest first)."""
        left = list(before)
        new = []
        for text in self.messages():
            if text in left:
                left.remove(text)
            else:
                new.append(text)
        return new

    def is_error(self, text: str) -> bool:
        return bool(_FAILURE.search(text)) or bool(
            pattern(*(f"re:\\b{re.escape(t)}\\b" for t in self.labels.toast_error)).search(text)
        )

    def reason(self, before: list[str]) -> str:
        """The newest message since `before` that says something failed, else the newest."""
        new = self.since(before)
        errors = [text for text in new if self.is_error(text)]
        return (errors or new or [""])[-1]
