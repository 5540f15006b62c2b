"""Every Pinterest label the page objects key on (sources: ../shared/reference/pinterest.md)."""

from __future__ import annotations

from dataclasses import dataclass

Texts = tuple[str, ...]


@dataclass(frozen=True)
class PinterestLabels:
    # §5 login page (third-party observed: "Log in"; field labels undocumented).
    email: Texts = ("Email", "Email address")
    password: Texts = ("Password",)
    log_in: Texts = ("Log in", "Continue")
    # §1 consent page: "Give access" (third-party wording); deny is undocumented.
    give_access: Texts = ("Give access", "Allow")
    cancel: Texts = ("Cancel", "Deny", "Decline")
    # §4 Ads Manager Audiences page.
    audiences_heading: Texts = ("Audiences",)
    col_name: Texts = ("Name", "Audience name")
    col_id: Texts = ("Audience ID", "ID")
    col_type: Texts = ("Type", "Audience type")
    col_size: Texts = ("Size", "Audience size")
    col_status: Texts = ("Status",)
    col_updated: Texts = ("Last updated", "Updated")
    # Documented only as "the status will turn green" once a list is usable.
    status_ready: Texts = ("Ready", "Active")
