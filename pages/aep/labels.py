"""Every AEP label the page objects key on, with the documented alternatives.

Sources: ../shared/reference/aep-destinations-ui.md (section numbers in comments).
"""

from __future__ import annotations

from dataclasses import dataclass

Texts = tuple[str, ...]


@dataclass(frozen=True)
class AepLabels:
    # §9 Unified Shell: the Platform app's frame.
    app_frame_title: Texts = ("Adobe Experience Platform",)
    # §9 sign-in: what identifies a sign-in page instead of the app.
    sign_in_heading: Texts = ("Sign in", "Sign in with an Adobe ID")
    sandbox_switcher: Texts = ("Sandbox",)
    sign_out: Texts = ("Sign out", "Sign Out")
    # §1 left navigation: older docs "Destinations", newer "Connections > Destinations".
    connections: Texts = ("Connections",)
    destinations: Texts = ("Destinations",)
    # §1 workspace tabs.
    tab_overview: Texts = ("Overview",)
    tab_catalog: Texts = ("Catalog",)
    tab_browse: Texts = ("Browse",)
    tab_accounts: Texts = ("Accounts",)
    tab_system_view: Texts = ("System View",)
    # §3 / §5 filters.
    search: Texts = ("Search", "Search destinations", "Search accounts", "Search dataflows")
    # The classic layout's "sort panel" lists the destinations under this heading.
    destination_platform: Texts = ("Destination platform", "Destinations")
    # §3/§5 older: "the filter icon on the top left to launch the sort panel" (its
    # accessible name is undocumented).
    filter_toggle: Texts = ("Filter", "Filters", "Show filters")
    status_filter: Texts = ("Status",)
    active_filters: Texts = ("Active filters",)
    clear_all: Texts = ("Clear all",)
    remove_filter_prefix: Texts = ("Remove",)
    enabled: Texts = ("Enabled",)
    disabled: Texts = ("Disabled",)
    # §3 row menu: the `...` button's name is undocumented; React Spectrum says this.
    more_actions: Texts = ("More actions", "More", "Actions")
    edit_details: Texts = ("Edit details",)
    delete: Texts = ("Delete",)
    cancel: Texts = ("Cancel",)
    save: Texts = ("Save",)
    # §4 Edit details modal.
    reconnect_oauth: Texts = ("Reconnect OAuth",)
    name_field: Texts = ("Name", "Account name")
    connection_authorized: Texts = ("Authorized", "Authorization date")
    connection_expires: Texts = ("Expires", "Expiration date", "Account expiration date")
    description_field: Texts = ("Description",)
    # The tables' accessible names (undocumented; React Spectrum tables take an aria-label).
    accounts_grid: Texts = ("Accounts",)
    dataflows_grid: Texts = ("Dataflows", "Destinations", "Browse")
    activation_grid: Texts = ("Activation data", "Activation Data", "Audiences")
    # §3 Accounts columns: newest first, then the 2023 names.
    col_account_name: Texts = ("Name", "Platform")
    col_account_destination: Texts = ("Destination",)
    col_connection_type: Texts = ("Connection Type", "Connection type")
    col_username: Texts = ("Username",)
    col_connections: Texts = ("Connections", "Destinations")
    col_authorized: Texts = ("Authorization date", "Authorized")
    col_expires: Texts = ("Expiration date", "Account expiration date")
    # §5 Browse columns.
    col_flow_name: Texts = ("Name",)
    col_flow_destination: Texts = ("Destination",)
    col_flow_status: Texts = ("Status",)
    col_activation_data: Texts = ("Activation Data", "Activation data")
    col_last_run_status: Texts = ("Last Dataflow Run Status", "Last Flow Run Status")
    col_account_expiration: Texts = ("Account Expiration Date",)
    # §6 dataflow page. The way back to Browse (a breadcrumb) is undocumented.
    breadcrumbs: Texts = ("Breadcrumbs", "Breadcrumb")
    tab_dataflow_runs: Texts = ("Dataflow runs",)
    tab_activation_data: Texts = ("Activation data", "Activation Data")
    enabled_switch: Texts = ("Enabled", "Enable", "Disabled")
    activate_audiences: Texts = ("Activate audiences", "Activate segments", "Activate")
    rail_status: Texts = ("Status",)
    rail_destination: Texts = ("Destination",)
    # §8 connection parameter ("Account ID" in an early draft).
    ad_account_id: Texts = ("Ad Account ID", "Account ID")
    # §6 Activation data columns (headers undocumented in text; these are the mock's).
    col_audience_name: Texts = ("Name", "Audience name", "Segment name")
    col_audience_id: Texts = ("Audience ID", "ID", "Segment ID")
    col_start: Texts = ("Start date", "Start")
    col_end: Texts = ("End date", "End")
    # Pagination and lazy loading of Browse/Accounts are undocumented: a pager named like
    # React Spectrum's conventions, and the loader row's progress circle.
    pagination: Texts = ("Pagination", "Pages")
    next_page: Texts = ("Next page", "Next")
    previous_page: Texts = ("Previous page", "Previous")
    # Toasts (undocumented; React Spectrum names the region "1 notification.").
    notifications: Texts = ("notification", "notifications")
    close: Texts = ("Close", "Dismiss")
    # A negative toast's icon label (React Spectrum's "negative" variant).
    toast_error: Texts = ("Error", "Negative", "Alert")
    # The activation wizard (§7): its title is undocumented; the entry point's label is.
    # Its pages' names are documented; "segments" is the 2023 wording (layout=classic).
    activation_wizard: Texts = ("Activate audiences", "Activate destination", "Activate segments")
    step_select_audiences: Texts = ("Select audiences", "Select segments")
    step_mapping: Texts = ("Mapping",)
    step_schedule: Texts = ("Audience schedule", "Segment schedule", "Scheduling")
    step_review: Texts = ("Review",)
    next: Texts = ("Next",)
    back: Texts = ("Back",)
    finish: Texts = ("Finish",)
    search_audiences: Texts = ("Search audiences", "Search segments", "Search")
    # A row's checkbox is named "<prefix> <audience name>" (React Spectrum's row selection).
    select_row_prefix: Texts = ("Select",)
    add_mapping: Texts = ("Add new mapping",)
    source_field: Texts = ("Source field",)
    target_field: Texts = ("Target field",)
    show_new_only: Texts = ("Show new audiences only", "Show new segments only")
    start_date: Texts = ("Start date",)
    end_date: Texts = ("End date",)
    policy_violation: Texts = ("Data usage policy violation", "Policy violation")
    col_mapping: Texts = ("Mapping",)
    # Confirmations of a switch-off (undocumented; a mock variant).
    confirm_disable: Texts = ("Disable", "Turn off", "Yes", "Confirm")
