"""Variant `scramble=<seed>`: redraw every undocumented name and markup choice of both mocks.

Where Adobe's and Pinterest's docs are silent (an iframe's title, a dialog's title, how a
property list is marked up, toast words, a login form's labels...), the mock had to
guess, and page objects written against it share its guesses. Under a seed, each such
choice point takes one of several plausible, accessible renderings; documented labels
never change. Alternative 0 of every choice is today's rendering, and "off" (the
default) draws alternative 0 everywhere: the UI code always renders from a draw, so
there is one code path.

`draw(seed)` is deterministic across processes and per choice point: each choice's
alternatives are shuffled by `random.Random(f"{block}/{name}")`, and seeds 1..k (k = the
choice's number of alternatives) take them in that order, seeds k+1..2k in the next
block's order, and so on. So every alternative of every choice is drawn somewhere in
seeds 1..30 (no choice has more than 30), the combinations still vary from seed to seed,
and adding a choice point does not reshuffle the others.

`python -m mocks.scramble` prints the table of choice points for the docs.
"""

from __future__ import annotations

import random
from typing import Any

OFF = "off"

# A read-only property list: <dl>; label and value spans side by side; a table of
# row headers; "Label: value" in one paragraph; read-only text fields with labels.
PROPERTY_MARKUP = ("dl", "pairs", "table", "text", "readonly")
# Column header casing, as real text: as the docs spell them, Sentence case, UPPER CASE.
HEADER_CASE = ("as-documented", "sentence", "upper")
# The toast texts; {placeholders} are filled in by the UI.
TOAST_WORDS: tuple[dict[str, str], ...] = (
    {
        "enabled": "Dataflow enabled.",
        "disabled": "Dataflow disabled.",
        "change_failed": "Could not {verb} the dataflow: {message}",
        "saved": "Account details saved.",
        "save_failed": "Could not save the account details: {message}",
        "reconnected": "Account reconnected. Authorization expires {date}.",
        "reconnect_failed": "Could not reconnect the account: {reason}",
    },
    {
        "enabled": "The dataflow is now enabled.",
        "disabled": "The dataflow is now disabled.",
        "change_failed": "Failed to {verb} dataflow. {message}",
        "saved": "Changes saved",
        "save_failed": "Failed to save changes. {message}",
        "reconnected": "Connection refreshed. New expiration: {date}",
        "reconnect_failed": "OAuth reconnection failed: {reason}",
    },
    {
        "enabled": "Success! Your dataflow was turned on.",
        "disabled": "Success! Your dataflow was turned off.",
        "change_failed": "Something went wrong ({message}). The dataflow was not changed.",
        "saved": "Your account was updated.",
        "save_failed": "Your account could not be updated. {message}",
        "reconnected": "You're connected again. Access is valid until {date}.",
        "reconnect_failed": "We couldn't reconnect your account. {reason}",
    },
)

# Choice point -> its alternatives; alternative 0 is the rendering with scramble off.
# Values are JSON: the AEP front end reads them from `window.__AEP__.scramble`, the
# Pinterest templates from their context, tests from `GET /__mock/state`.
CHOICES: dict[str, tuple[Any, ...]] = {
    # --- Mock AEP: the Unified Shell -------------------------------------------------
    # The Platform app's <iframe title> (shell=iframe); None: no title at all.
    "aep.frame_title": (
        "Adobe Experience Platform",
        "Experience Platform",
        "Platform",
        "Main content",
        None,
    ),
    # A second, unrelated iframe in the shell: a hidden analytics beacon before the app's
    # frame, or a help panel's frame before or after it.
    "aep.extra_frame": ("none", "beacon-before", "help-before", "help-after"),
    # The sandbox switcher's content: "Sandbox Prod Production · VA7"; "Prod Sandbox";
    # aria-label "Current sandbox: Prod"; "prod – Production sandbox (VA7)";
    # "SANDBOX" above "Prod"; the title alone.
    "aep.sandbox_button": (
        "kicker-title-meta",
        "title-kicker",
        "current-label",
        "name-type-region",
        "caps-kicker-lines",
        "title-only",
    ),
    # The switcher's options: the title (type and region as description); "Prod (prod)";
    # "Prod — Production · VA7".
    "aep.sandbox_option": ("title", "title-name", "title-meta"),
    # The signed-in user in the banner: name text before "Sign out"; an avatar button named
    # by the user's name; a button with this name opening a popover (name, email, Sign out).
    "aep.user_display": ("name-text", "avatar", "Profile", "Account", "User menu"),
    # --- Lists -----------------------------------------------------------------------
    # The row `...` menu button's accessible name; None: an icon-only button, no name.
    "aep.row_menu_name": (
        "More actions",
        "Actions",
        "More",
        "Open menu",
        "Actions for {name}",
        None,
    ),
    "aep.accounts_grid_name": ("Accounts", "Destination accounts", "Accounts table", None),
    "aep.browse_grid_name": ("Dataflows", "Dataflows table", "Destination dataflows", None),
    "aep.accounts_header_case": HEADER_CASE,
    "aep.browse_header_case": HEADER_CASE,
    # Rows per page (rows=pages) and per lazy load (rows=lazy).
    "aep.accounts_page_size": (25, 10, 20, 50),
    "aep.browse_page_size": (25, 10, 20, 50),
    # The pager's previous/next buttons: named "Previous page"/"Next page" (glyphs shown);
    # text "Previous"/"Next"; named "Go to previous page"/"Go to next page"; the glyphs
    # "‹"/"›" as their only name.
    "aep.pager_buttons": ("page", "short", "go", "glyph"),
    # Where the pager is: "Page 1 of 3"; "1–20 of 55"; numbered page buttons.
    "aep.pager_status": ("page-of", "range", "numbers"),
    # The pager's container: nav "Pagination"; an unnamed nav; a plain div.
    "aep.pager_container": ("Pagination", "unnamed", "none"),
    # --- Edit details and the switch-off confirmation ---------------------------------
    "aep.edit_title": (
        "Edit details",
        "Edit account details",
        "Account details",
        "Edit {name}",
        "{name}",
    ),
    # The connection's state in Edit details: a property list; not shown; one line of text.
    "aep.details_state": ("shown", "hidden", "summary"),
    "aep.details_markup": PROPERTY_MARKUP,
    # Where a reconnect's success shows: a toast; a status line in the dialog; nowhere.
    "aep.reconnect_success": ("toast", "inline", "none"),
    # Where a reconnect's failure shows: a toast; an alert in the dialog; both.
    "aep.reconnect_failure": ("toast", "inline", "both"),
    "aep.toast_words": TOAST_WORDS,
    # Toasts: React Spectrum's region "N notification(s)." of alertdialogs; a region
    # "Notifications" of status/alert items; status/alert elements at the end of <body>.
    "aep.toast_container": ("spectrum", "notifications", "status"),
    # disable_confirm=dialog: the confirmation's title, buttons and markup (an alertdialog
    # or a dialog titled by a heading; a dialog named by aria-label, its title no heading).
    "aep.confirm_title": (
        "Disable dataflow",
        "Turn off dataflow?",
        "Disable {name}?",
        "Are you sure?",
    ),
    "aep.confirm_yes": ("Disable", "Turn off", "Yes", "Confirm", "Yes, disable"),
    "aep.confirm_no": ("Cancel", "No", "Keep enabled"),
    "aep.confirm_role": ("alertdialog", "dialog", "dialog-aria-label"),
    # --- The dataflow page -------------------------------------------------------------
    # nav "Breadcrumbs" with a "Browse" link; nav "Breadcrumb" with a "Destinations"
    # link; an unnamed nav; none.
    "aep.breadcrumbs": ("breadcrumbs", "breadcrumb-destinations", "unnamed", "none"),
    # The Enabled toggle: <input role=switch>; <button role=switch aria-checked>; a plain
    # checkbox.
    "aep.switch_element": ("input", "button", "checkbox"),
    # Its name: "Enabled"; "Enable"; "Enable dataflow"; the state ("Enabled"/"Disabled");
    # none, with the state shown beside it.
    "aep.switch_name": ("Enabled", "Enable", "Enable dataflow", "state", "unnamed"),
    "aep.rail_markup": PROPERTY_MARKUP,
    # The connection parameter's label; None: no connection parameters shown.
    "aep.ad_account_param": ("Ad Account ID", "Account ID", None),
    "aep.activation_tab_label": ("Activation data", "Activation Data", "ACTIVATION DATA"),
    # Activation data: a virtualized grid; a native <table> named by aria-label; a native
    # table named by its caption.
    "aep.activation_markup": ("grid", "table", "table-caption"),
    "aep.activation_grid_name": ("Activation data", "Activated audiences", "Audiences", None),
    "aep.activation_header_case": HEADER_CASE,
    "aep.activation_col_name": ("Name", "Audience name", "Audience"),
    "aep.activation_col_id": ("Audience ID", "ID", "Segment ID"),
    "aep.activation_col_start": ("Start date", "Start", "Starts on"),
    "aep.activation_col_end": ("End date", "End", "Ends on"),
    "aep.activation_col_mapping": ("Mapping", "Mapping (source → target)", "Identity mapping"),
    "aep.activation_col_order": (
        "name id start end mapping",
        "id name start end mapping",
        "name start end id mapping",
        "name mapping id start end",
    ),
    # Every activated audience at once, or pages of 5 or 10 with a pager.
    "aep.activation_rows": ("all", 5, 10),
    # --- The activation wizard ---------------------------------------------------------
    # Its pages: one per step; Select audiences and Audience schedule on one page; every
    # step on one page with one Finish.
    "aep.wizard_layout": ("steps", "select-with-schedule", "one-page"),
    # Its title ({entry}: the entry point's label, "Activate audiences"/"Activate segments").
    "aep.wizard_title": (
        "{entry}",
        "Activate destination",
        "Add audiences to {flow}",
        "Activation",
    ),
    # An audience's checkbox: "Select <name>"; "<name>"; labelled by the row's header cell.
    "aep.wizard_checkbox": ("Select {name}", "{name}", "labelledby"),
    # --- Mock Pinterest: login and consent ---------------------------------------------
    "pinterest.login_heading": (
        "Welcome to Pinterest",
        "Log in to Pinterest",
        "Log in to see more",
    ),
    # The email field: a visible label; a placeholder only; an aria-label (and placeholder).
    "pinterest.login_email": (
        {"label": "Email"},
        {"label": "Email address"},
        {"label": "Email or username"},
        {"placeholder": "Email"},
        {"aria_label": "Email address", "placeholder": "name@example.com"},
    ),
    "pinterest.login_password": (
        {"label": "Password"},
        {"label": "Enter your password"},
        {"placeholder": "Password"},
    ),
    "pinterest.login_submit": ("Log in", "Continue", "Sign in", "Log In"),
    # A login error: a role=alert paragraph under the field; text in an aria-live region
    # under the field; one role=alert box above the form.
    "pinterest.login_error": ("alert", "live", "summary"),
    "pinterest.consent_heading": (
        "{app} wants to access your Pinterest account",
        "Allow {app} to access your Pinterest account?",
        "Connect {app} to Pinterest",
    ),
    "pinterest.consent_allow": ("Give access", "Allow", "Allow access", "Accept"),
    "pinterest.consent_deny": ("Cancel", "Deny", "Decline", "Not now"),
    # --- Mock Pinterest: Ads Manager ----------------------------------------------------
    "pinterest.audiences_heading": ("Audiences", "Audience list", "Your audiences"),
    "pinterest.col_name": ("Name", "Audience name", "Audience"),
    "pinterest.col_id": ("Audience ID", "ID", "Audience identifier"),
    "pinterest.col_type": ("Type", "Audience type", "Source"),
    "pinterest.col_size": ("Size", "Audience size", "Estimated size"),
    "pinterest.col_status": ("Status", "Audience status", "State"),
    "pinterest.col_updated": ("Last updated", "Updated", "Date modified"),
    "pinterest.col_order": (
        "name id type size status updated",
        "name status size type id updated",
        "id name status type size updated",
        "name type status size updated id",
    ),
    "pinterest.status_ready": ("Ready", "Active", "Ready to use"),
    # strftime formats of the Last updated column (the <time datetime> stays ISO 8601).
    "pinterest.time_format": (
        "%b %d, %Y, %H:%M UTC",
        "%Y-%m-%d %H:%M UTC",
        "%m/%d/%Y, %I:%M %p UTC",
    ),
    # Every audience on one page; pages with "Previous"/"Next" links (?page=N); a "Next"
    # link with an opaque ?bookmark=; a "Load more" or "Show more" button appending rows.
    "pinterest.audiences_paging": ("all", "pages", "bookmark", "load-more", "show-more"),
    "pinterest.audiences_page_size": (5, 10, 25),
    # The ad accounts page (/advertisers/, and / signed in): a list of links; a table; a
    # menu button opening a menu of links.
    "pinterest.accounts_markup": ("list", "table", "menu"),
    "pinterest.accounts_heading": ("Your ad accounts", "Ad accounts", "Select an ad account"),
    "pinterest.accounts_link": (
        "Audiences of {name} ({id})",
        "{name}",
        "{id} · {name}",
        "{name} ({id})",
    ),
}


class SeedError(ValueError):
    """Not "off" nor a non-negative integer."""


def parse_seed(seed: object) -> int | None:
    """None for "off"; the seed as an int (given as an int or a string of digits)."""
    if seed == OFF:
        return None
    if isinstance(seed, int) and not isinstance(seed, bool) and seed >= 0:
        return seed
    if isinstance(seed, str) and seed.isascii() and seed.isdigit():
        return int(seed)
    raise SeedError(f"scramble takes {OFF!r} or a non-negative integer seed, got {seed!r}")


def _index(seed: int, name: str, count: int) -> int:
    # Seeds 1..count are block 0, count+1..2*count block 1, ...; seed 0 ends block -1.
    block, position = divmod(seed - 1, count)
    order = list(range(count))
    random.Random(f"{block}/{name}").shuffle(order)  # noqa: S311 - not for security
    return order[position]


def draw(seed: object) -> dict[str, Any]:
    """Each choice point's alternative under `seed` ("off": alternative 0 everywhere)."""
    number = parse_seed(seed)
    return {
        name: alternatives[0 if number is None else _index(number, name, len(alternatives))]
        for name, alternatives in CHOICES.items()
    }


def indices(seed: object) -> dict[str, int]:
    """Which alternative (its index in CHOICES) each choice point drew under `seed`."""
    number = parse_seed(seed)
    return {
        name: 0 if number is None else _index(number, name, len(alternatives))
        for name, alternatives in CHOICES.items()
    }


def markdown_table() -> str:
    """The choice points and their alternatives, for docs/variants-and-faults.md."""

    def shown(value: Any) -> str:
        if value is None:
            return "*(none)*"
        if isinstance(value, dict):
            if "enabled" in value:  # a set of toast words
                return f"“{value['enabled']}” …"
            return ", ".join(f"{key}: “{text}”" for key, text in value.items())
        return f"`{value}`"

    lines = ["| choice point | alternatives (0 = scramble off) |", "|---|---|"]
    for name, alternatives in CHOICES.items():
        cells = "; ".join(f"{i}: {shown(v)}" for i, v in enumerate(alternatives))
        escaped = cells.replace("|", r"\|")
        lines.append(f"| `{name}` | {escaped} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
