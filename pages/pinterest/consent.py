"""The OAuth consent page's buttons: by their guessed names, else by what they do.

Pinterest documents "a page to approve access for your app", not its wording. A button
that declines is told by the guessed cancel names or a broad built-in vocabulary; the
consent form is the one holding such a button, and its submit button that does not
decline gives access. Two candidates are reported, never guessed between.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from pages.labels import pattern
from pages.pinterest.labels import PinterestLabels

# What declining is called across sites and languages' English: built in, not guessed
# labels, so that a consent page is recognised whatever its own labels say.
DECLINE = (
    "Cancel", "Deny", "Decline", "Reject", "Refuse", "Not now", "No", "No thanks",
    "No, thanks", "Back", "Go back", "Don't allow", "Do not allow", "Dismiss", "Skip",
)  # fmt: skip
# The smallest element around a declining button that holds another button too, when it
# sits in no <form> (buttons are found by tag or role: XPath has no accessible names).
_AROUND = (
    "xpath=ancestor::*[count(.//button | .//input[@type='submit'] | .//*[@role='button']) >= 2][1]"
)
# A form's submit buttons: "submit" is a type, which no role or name carries.
SUBMITS = "button[type=submit], button:not([type]), input[type=submit]"
# What each button is called (its aria-label, text or value): Playwright reads accessible
# names only to match them, and here every name is needed to tell the buttons apart.
_NAMES = (
    "els => els.map(e => (e.getAttribute('aria-label') || e.innerText || e.value || '').trim())"
)


def consent_sign(page: Page, labels: PinterestLabels) -> Locator:
    """What shows a consent page: a button giving access or declining, by name."""
    names = pattern(*labels.give_access, *labels.cancel, *DECLINE)
    return page.get_by_role("button", name=names).filter(visible=True)


def pick_button(page: Page, labels: PinterestLabels, *, decline: bool) -> Locator:
    """The button that declines (`decline`) or gives access: by its guessed name, else the
    consent form's one submit button that does (or does not) decline."""
    label = "cancel" if decline else "give_access"
    by_name = page.get_by_role("button", name=pattern(*getattr(labels, label)))
    if by_name.filter(visible=True).count():
        return by_name.filter(visible=True).first
    declines = pattern(*labels.cancel, *DECLINE)
    buttons = _buttons(page, declines)
    names: list[str] = buttons.evaluate_all(_NAMES)
    chosen = [i for i, name in enumerate(names) if bool(declines.search(name)) == decline]
    what = "declines" if decline else "gives access"
    if len(chosen) != 1:
        raise LookupError(
            f"the consent page has {len(chosen)} buttons that could be the one that {what} "
            f"({', '.join(repr(names[i]) for i in chosen) or 'none'} of {names}): add its "
            f"name to pinterest.{label} in LABELS_FILE"
        )
    labels.note(label, names[chosen[0]], f"the consent form's submit button that {what}")
    return buttons.nth(chosen[0])


def _buttons(page: Page, declines: re.Pattern[str]) -> Locator:
    """The consent form's submit buttons (its buttons, when it has no submit button)."""
    decline_button = page.get_by_role("button", name=declines).filter(visible=True)
    forms = page.locator("form").filter(has=decline_button)
    form = forms.first if forms.count() else decline_button.first.locator(_AROUND)
    submits = form.locator(SUBMITS).filter(visible=True)
    return submits if submits.count() else form.get_by_role("button").filter(visible=True)
