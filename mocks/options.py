"""Variants and faults that `POST /__mock/reset` accepts, with their allowed values.

A variant picks one of several documented (or plausible) shapes of the real UI; a fault
makes a site misbehave on purpose. Anything not listed here answers 400.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mocks.scramble import OFF, SeedError, parse_seed

# Variant name -> allowed values; the first is the default.
VARIANTS: dict[str, tuple[str, ...]] = {
    # Platform app inside the Unified Shell's <iframe>, or served top-level.
    "shell": ("iframe", "top"),
    # Reconnect OAuth opens a popup, or redirects the same tab to Pinterest and back.
    "oauth": ("popup", "redirect"),
    # Switching a dataflow off asks for confirmation first, or does not.
    "disable_confirm": ("none", "dialog"),
    # `current`: search bar, sidebar filters, tags, newest column names; `classic` (2023):
    # a filter icon opening a sort panel of destinations, older column names, "Activate
    # segments".
    "layout": ("current", "classic"),
    # Accounts and Browse: one virtualized grid, pages with a pager, or rows appended
    # while scrolling (lazy loading).
    "rows": ("virtual", "pages", "lazy"),
    # The left navigation: "Destinations" under a "Connections" heading, or on its own.
    "nav": ("connections", "destinations"),
}

# Open-valued variants, outside the pairwise matrix of VARIANTS: name -> what they take.
# `scramble`: "off" (the default), or a seed redrawing every undocumented name and markup
# choice of both mocks (mocks/scramble.py).
OPEN_VARIANTS: dict[str, str] = {"scramble": f"{OFF!r} or a non-negative integer seed"}


@dataclass(frozen=True)
class FaultSpec:
    description: str
    kind: type  # int or bool
    minimum: int = 0


FAULTS: dict[str, FaultSpec] = {
    "latency_ms": FaultSpec("delay every request of both sites by this many milliseconds", int),
    "pinterest_rate_limit": FaultSpec("the next N Pinterest API v5 requests answer 429", int),
    "pinterest_processing_delay_s": FaultSpec("Pinterest processing takes N mock seconds", int),
    "no_manage_permission": FaultSpec("the AEP user lacks Manage Destinations: 403", bool),
    "flow_action_errors": FaultSpec("the next N AEP enable/disable requests answer 503", int),
    "oauth_consent_denied": FaultSpec(
        "Pinterest's consent answers Give access as Cancel (error=access_denied)", bool
    ),
    "aep_session_expires_after": FaultSpec("AEP sign-ins end after N signed-in requests", int, 1),
    "activation_policy_violation": FaultSpec(
        "the activation wizard's Review shows a data-usage policy violation for every "
        "audience and Finish is refused (422): nothing is activated",
        bool,
    ),
    "pinterest_login_lookalike": FaultSpec(
        "Pinterest's /login/ redirects to a page imitating it on another origin, which "
        "counts every key pressed on it (phishing)",
        bool,
    ),
    "renamed_reconnect_oauth": FaultSpec(
        "the Edit details dialog's Reconnect OAuth button reads 'Refresh OAuth' (a UI "
        "renamed since the docs: the probe must name the locator it misses)",
        bool,
    ),
    "change_error_at": FaultSpec(
        "the K-th AEP enable/disable request answers 503 (an error toast), nothing saved", int, 1
    ),
    "change_response_lost_at": FaultSpec(
        "the K-th AEP enable/disable request is saved, but its answer is lost: 504", int, 1
    ),
    "oauth_popup_closed": FaultSpec(
        "Pinterest's consent page closes its popup before the person answers", bool
    ),
    "stale_browse_list": FaultSpec(
        "Browse lists the status a flow had before its last change, until the next load", bool
    ),
    "colleague_changes_pair": FaultSpec(
        "at the next dataflow read, a colleague enables the first pair's new flow "
        "(set it between plan and apply through POST /__mock/faults)",
        bool,
    ),
    "pinterest_wrong_account": FaultSpec(
        "Pinterest's consent grants access to another user (username and ad account) than "
        "the one the account had",
        bool,
    ),
    "hold_after_changes": FaultSpec(
        "after N changes, hold every further AEP change request unapplied until the fault is "
        "lifted (POST /__mock/faults), then drop it: a kill point for resume tests",
        int,
    ),
}


class OptionError(ValueError):
    """A bad variant or fault: the state API answers 400 with its text."""


def resolve_variants(given: dict[str, Any] | None) -> dict[str, str]:
    """Every variant of VARIANTS with its value; `scramble` only when given a seed (as a
    string of digits), so the default variants stay what they were before it existed."""
    variants = {name: values[0] for name, values in VARIANTS.items()}
    for name, value in (given or {}).items():
        if name == "scramble":
            seed = scramble_seed(value)
            if seed is not None:
                variants[name] = str(seed)
            continue
        if name not in VARIANTS:
            known = ", ".join(sorted([*VARIANTS, *OPEN_VARIANTS]))
            raise OptionError(f"unknown variant {name!r}; known: {known}")
        if value not in VARIANTS[name]:
            allowed = ", ".join(VARIANTS[name])
            raise OptionError(f"variant {name!r} has no value {value!r}; allowed: {allowed}")
        variants[name] = value
    return variants


def scramble_seed(value: Any) -> int | None:
    """Variant `scramble`'s seed; None for "off"."""
    try:
        return parse_seed(value)
    except SeedError:
        raise OptionError(
            f"variant 'scramble' has no value {value!r}; allowed: {OPEN_VARIANTS['scramble']}"
        ) from None


def resolve_faults(given: dict[str, Any] | None) -> dict[str, Any]:
    faults: dict[str, Any] = {}
    for name, value in (given or {}).items():
        spec = FAULTS.get(name)
        if spec is None:
            raise OptionError(f"unknown fault {name!r}; known: {', '.join(sorted(FAULTS))}")
        if spec.kind is bool:
            if not isinstance(value, bool):
                raise OptionError(f"fault {name!r} takes true or false, got {value!r}")
        elif isinstance(value, bool) or not isinstance(value, int) or value < spec.minimum:
            raise OptionError(f"fault {name!r} takes an integer >= {spec.minimum}, got {value!r}")
        faults[name] = value
    return faults
