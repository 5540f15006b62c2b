"""Every Pinterest label the page objects key on: documented (with the Pinterest page that
shows it) or guessed (found by role and structure when it does not match).

Pinterest documents only that a signed-out user "sees a login page", then "a page to
approve access" for the app, and that Ads Manager's Audiences page shows a usable list's
status "green"; the rest is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pages.labels import LabelSet, Texts, documented, guessed

AUDIENCE_TARGETING = "https://help.pinterest.com/en/business/article/audience-targeting"


@dataclass(frozen=True)
class PinterestLabels(LabelSet):
    site: ClassVar[str] = "pinterest"

    # The login page (third parties saw "Log in"; Pinterest documents no wording): else the
    # form's email and password inputs and its submit button.
    email: Texts = guessed("Email", "Email address", "Email or username")
    password: Texts = guessed("Password")
    log_in: Texts = guessed("Log in", "Continue")
    # The consent page ("Give access" is a third party's wording): else the form's button
    # that does not decline.
    give_access: Texts = guessed("Give access", "Allow")
    cancel: Texts = guessed("Cancel", "Deny", "Decline")
    # Ads Manager: "Click Ads and select Audiences".
    audiences_heading: Texts = documented("Audiences", source=AUDIENCE_TARGETING)
    # The audience table's columns are undocumented: else told by their content.
    col_name: Texts = guessed("Name", "Audience name")
    col_id: Texts = guessed("Audience ID", "ID")
    col_type: Texts = guessed("Type", "Audience type")
    col_size: Texts = guessed("Size", "Audience size")
    col_status: Texts = guessed("Status")
    col_updated: Texts = guessed("Last updated", "Updated")
    # "the status will turn green" is documented, its words are not: else the green.
    status_ready: Texts = guessed("Ready", "Active")
    # Paging of the audience list is undocumented.
    next_page: Texts = guessed("Next", "Next page")
    load_more: Texts = guessed("Load more", "Show more")
