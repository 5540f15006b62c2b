"""Every AEP label the page objects key on: documented (with the Experience League page
that shows it) or guessed (found by role and structure when it does not match).

Documented labels changed over time ("Activate segments" became "Activate audiences"; the
Accounts column "Platform" became "Name"), so each is a tuple of accepted texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pages.labels import LabelSet, Texts, documented, guessed

_EL = "https://experienceleague.adobe.com/en/docs/experience-platform"
WORKSPACE = f"{_EL}/destinations/ui/destinations-workspace"
UPDATE_ACCOUNTS = f"{_EL}/destinations/ui/update-accounts"
CONNECT = f"{_EL}/destinations/ui/connect-destination"
PINTEREST = f"{_EL}/destinations/catalog/advertising/pinterest"
UPGRADE = f"{_EL}/destinations/catalog/advertising/pinterest-upgrade"
DETAILS = f"{_EL}/destinations/ui/destination-details-page"
ACTIVATE = f"{_EL}/destinations/ui/activate/activate-segment-streaming-destinations"
DELETE = f"{_EL}/destinations/ui/delete-destinations"
SANDBOXES = f"{_EL}/sandbox/ui/user-guide"


@dataclass(frozen=True)
class AepLabels(LabelSet):
    site: ClassVar[str] = "aep"

    # The Unified Shell. The Platform app's frame is the iframe holding the app, whatever
    # its title; the sign-in page is also told by its password field.
    app_frame_title: Texts = guessed("Adobe Experience Platform")
    sign_in_heading: Texts = guessed("Sign in", "Sign in with an Adobe ID")
    # The "sandbox indicator" shows the sandbox's title, region and type (documented); its
    # accessible name is not: any banner button naming the sandbox or saying these words.
    sandbox_switcher: Texts = guessed("Sandbox")
    sign_out: Texts = guessed("Sign out", "Sign Out")
    # A banner button opening the signed-in user's menu (its name is undocumented).
    profile_menu: Texts = guessed("Profile", "Account", "User menu", "User profile")
    # Left navigation: older docs "Destinations", newer "Connections > Destinations".
    connections: Texts = documented("Connections", source=CONNECT)
    destinations: Texts = documented("Destinations", source=UPDATE_ACCOUNTS)
    # The workspace's "top header" tabs.
    tab_overview: Texts = documented("Overview", source=WORKSPACE)
    tab_catalog: Texts = documented("Catalog", source=WORKSPACE)
    tab_browse: Texts = documented("Browse", source=WORKSPACE)
    tab_accounts: Texts = documented("Accounts", source=WORKSPACE)
    tab_system_view: Texts = documented("System View", source=WORKSPACE)
    # The search bar's name is undocumented: the searchbox above the table.
    search: Texts = guessed("Search", "Search destinations", "Search accounts", "Search dataflows")
    # The sidebar group; the classic layout's "sort panel" lists "all your destinations".
    destination_platform: Texts = documented(
        "Destination platform", "Destinations", source=WORKSPACE
    )
    # The classic layout's "filter icon on the top left" (its name is undocumented).
    filter_toggle: Texts = guessed("Filter", "Filters", "Show filters")
    status_filter: Texts = documented("Status", source=WORKSPACE)
    active_filters: Texts = guessed("Active filters")
    clear_all: Texts = documented("Clear all", source=WORKSPACE)
    remove_filter_prefix: Texts = guessed("Remove")
    enabled: Texts = documented("Enabled", source=WORKSPACE)
    disabled: Texts = documented("Disabled", source=WORKSPACE)
    # The row's `...` (documented as an ellipsis, its name is not): else found by position.
    more_actions: Texts = guessed("More actions", "More", "Actions")
    edit_details: Texts = documented("Edit details", source=UPDATE_ACCOUNTS)
    delete: Texts = documented("Delete", source=DELETE)
    cancel: Texts = documented("Cancel", source=ACTIVATE)
    save: Texts = documented("Save", source=UPDATE_ACCOUNTS)
    # The Edit details modal: "a modal window" (its title is undocumented: the dialog that
    # appeared, with the documented Save or Reconnect OAuth in it).
    edit_details_dialog: Texts = guessed("Edit details")
    reconnect_oauth: Texts = documented("Reconnect OAuth", source=PINTEREST)
    name_field: Texts = documented("Name", "Account name", source=PINTEREST)
    description_field: Texts = documented("Description", source=PINTEREST)
    # The modal's own view of the connection (undocumented; the outcome of a reconnect is
    # read from the Accounts row, whose columns are documented).
    connection_authorized: Texts = guessed("Authorized", "Authorization date")
    connection_expires: Texts = guessed("Expires", "Expiration date", "Account expiration date")
    # The tables' accessible names (undocumented): else the grid with the documented columns.
    accounts_grid: Texts = guessed("Accounts")
    dataflows_grid: Texts = guessed("Dataflows", "Destinations", "Browse")
    activation_grid: Texts = guessed("Activation data", "Activation Data", "Audiences")
    # Accounts columns: newest first, then the 2023 names.
    col_account_name: Texts = documented("Name", "Platform", source=WORKSPACE)
    col_account_destination: Texts = documented("Destination", source=WORKSPACE)
    col_connection_type: Texts = documented("Connection Type", source=WORKSPACE)
    col_username: Texts = documented("Username", source=WORKSPACE)
    col_connections: Texts = documented("Connections", "Destinations", source=WORKSPACE)
    col_authorized: Texts = documented("Authorization date", "Authorized", source=WORKSPACE)
    col_expires: Texts = documented("Expiration date", "Account expiration date", source=WORKSPACE)
    # Browse columns.
    col_flow_name: Texts = documented("Name", source=WORKSPACE)
    col_flow_destination: Texts = documented("Destination", source=WORKSPACE)
    col_flow_status: Texts = documented("Status", source=WORKSPACE)
    col_activation_data: Texts = documented("Activation Data", source=WORKSPACE)
    col_last_run_status: Texts = documented(
        "Last Dataflow Run Status", "Last Flow Run Status", source=WORKSPACE
    )
    col_account_expiration: Texts = documented("Account Expiration Date", source=WORKSPACE)
    # The dataflow page. The way back to Browse (a breadcrumb) is undocumented: else the
    # left navigation and the Browse tab.
    breadcrumbs: Texts = guessed("Breadcrumbs", "Breadcrumb")
    tab_dataflow_runs: Texts = documented("Dataflow runs", source=DETAILS)
    tab_activation_data: Texts = documented("Activation data", source=DETAILS)
    # "the Enabled/Disabled toggle" (details page), "the Enable toggle" (the notice): the
    # words are documented, its role is not (a switch or a checkbox, found either way).
    enabled_switch: Texts = documented("Enabled", "Enable", "Disabled", source=UPGRADE)
    activate_audiences: Texts = documented(
        "Activate audiences", "Activate segments", "Activate", source=DETAILS
    )
    rail_status: Texts = documented("Status", source=DETAILS)
    rail_destination: Texts = documented("Destination", source=DETAILS)
    # A connection parameter ("Account ID" in an early draft).
    ad_account_id: Texts = documented("Ad Account ID", "Account ID", source=PINTEREST)
    # Activation data's columns appear only in a screenshot: else told by their content
    # (the audience ID, the dates, the "source → target" mapping).
    col_audience_name: Texts = guessed("Name", "Audience name", "Segment name", "Audience")
    col_audience_id: Texts = guessed("Audience ID", "ID", "Segment ID")
    col_start: Texts = guessed("Start date", "Start")
    col_end: Texts = guessed("End date", "End")
    col_mapping: Texts = guessed("Mapping")
    # Paging of Browse/Accounts is undocumented: a pager named like React Spectrum's.
    pagination: Texts = guessed("Pagination", "Pages")
    next_page: Texts = guessed("Next page", "Next")
    previous_page: Texts = guessed("Previous page", "Previous")
    # Toasts (undocumented; React Spectrum names the region "1 notification.").
    notifications: Texts = guessed("notification", "notifications")
    close: Texts = guessed("Close", "Dismiss")
    toast_error: Texts = guessed("Error", "Negative", "Alert")
    # The activation steps: their page names and buttons are documented, the wizard's
    # title and the way an audience's checkbox is named are not.
    activation_wizard: Texts = guessed(
        "Activate audiences", "Activate destination", "Activate segments"
    )
    step_select_audiences: Texts = documented(
        "Select audiences", "Select segments", source=ACTIVATE
    )
    step_mapping: Texts = documented("Mapping", source=ACTIVATE)
    step_schedule: Texts = documented(
        "Audience schedule", "Segment schedule", "Scheduling", source=ACTIVATE
    )
    step_review: Texts = documented("Review", source=ACTIVATE)
    next: Texts = documented("Next", source=ACTIVATE)
    back: Texts = documented("Back", source=ACTIVATE)
    finish: Texts = documented("Finish", source=ACTIVATE)
    search_audiences: Texts = guessed("Search audiences", "Search segments", "Search")
    select_row_prefix: Texts = guessed("Select")
    add_mapping: Texts = documented("Add new mapping", source=ACTIVATE)
    source_field: Texts = documented("Source field", source=ACTIVATE)
    target_field: Texts = documented("Target field", source=ACTIVATE)
    show_new_only: Texts = documented(
        "Show new audiences only", "Show new segments only", source=ACTIVATE
    )
    start_date: Texts = documented("Start date", source=ACTIVATE)
    end_date: Texts = documented("End date", source=ACTIVATE)
    policy_violation: Texts = guessed("Data usage policy violation", "Policy violation")
    # A switch-off confirmation (undocumented whether one asks, and its words).
    confirm_disable: Texts = guessed("Disable", "Turn off", "Yes", "Confirm")
