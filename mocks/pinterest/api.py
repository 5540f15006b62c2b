"""API v5 resources: user account, ad accounts, audiences, customer lists.

Paths, parameters, scopes and answers follow Pinterest's published OpenAPI description
(vendored in `mocks/pinterest/openapi/v5.yaml`); the OAuth token endpoint is in `oauth.py`.
"""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from mocks.pinterest import ads, bodies
from mocks.pinterest.state import AdAccount, CustomerList, PinterestAudience, PinterestUser
from mocks.pinterest.v5 import ApiCall, ApiError, Handler, endpoint, not_found, paginate
from mocks.world import MockWorld

ORDERS = ("ASCENDING", "DESCENDING")
READ, WRITE = "ads:read", "ads:write"


def user_account_json(user: PinterestUser) -> dict[str, Any]:
    return {
        "account_type": user.account_type,
        "id": user.id,
        "username": user.username,
        "business_name": user.business_name or None,
        "profile_image": f"https://i.pinimg.com/600x600_R/{user.id}.jpg",
        "website_url": "",
        "about": "",
        "board_count": 0,
        "pin_count": 0,
        "follower_count": 0,
        "following_count": 0,
        "monthly_views": 0,
    }


def ad_account_json(call: ApiCall, account: AdAccount) -> dict[str, Any]:
    owner = call.state.users.get(account.owner_user_id)
    return {
        "id": account.id,
        "name": account.name,
        "owner": {"id": account.owner_user_id, "username": owner.username if owner else ""},
        "country": account.country,
        "currency": account.currency,
        "permissions": ads.permissions(account, call.user_id),
        "created_time": account.created_time,
        "updated_time": account.updated_time,
    }


def audience_json(call: ApiCall, audience: PinterestAudience) -> dict[str, Any]:
    account = call.state.ad_accounts.get(audience.ad_account_id)
    owner = call.state.users.get(account.owner_user_id) if account else None
    return {
        "id": audience.id,
        "ad_account_id": audience.ad_account_id,
        "name": audience.name,
        "audience_type": audience.audience_type,
        "description": audience.description,
        "rule": audience.rule,
        "size": audience.size,
        "status": audience.status,
        "type": "audience",
        "created_timestamp": audience.created_timestamp,
        "updated_timestamp": audience.updated_timestamp,
        "created_by_company_name": (owner.business_name or None) if owner else None,
    }


def customer_list_json(customer_list: CustomerList) -> dict[str, Any]:
    return {
        "id": customer_list.id,
        "ad_account_id": customer_list.ad_account_id,
        "name": customer_list.name,
        "created_time": customer_list.created_time,
        "updated_time": customer_list.updated_time,
        "num_batches": customer_list.num_batches,
        "num_uploaded_user_records": customer_list.num_uploaded_user_records,
        "num_removed_user_records": customer_list.num_removed_user_records,
        "status": customer_list.status,
        "type": "customerlist",
        "exceptions": {},
    }


def get_user_account(call: ApiCall) -> dict[str, Any]:
    user = call.state.users[call.user_id]
    ad_account_id = call.query("ad_account_id")
    if ad_account_id is not None:
        # Business Access: the owner of that ad account is the "operation user_account".
        try:
            account = call.ad_account(ad_account_id)
        except ApiError as error:
            if error.status == 400:
                raise
            raise ApiError(403, 403, "Not authorized to access the user account.") from None
        user = call.state.users[account.owner_user_id]
    return user_account_json(user)


def list_ad_accounts(call: ApiCall) -> dict[str, Any]:
    shared = call.query_bool("include_shared_accounts", default=True)
    accounts = ads.ad_accounts_of(call.state, call.user_id, shared=shared)
    return paginate(call, accounts, lambda account: ad_account_json(call, account))


def get_ad_account(call: ApiCall) -> dict[str, Any]:
    return ad_account_json(call, call.ad_account())


def list_audiences(call: ApiCall) -> dict[str, Any]:
    account = call.ad_account()
    order = call.query_enum("order", ORDERS, "ASCENDING")
    ownership = call.query_enum("ownership_type", ("OWNED", "RECEIVED"), "OWNED")
    # Nobody shares audiences with the mock's ad accounts: RECEIVED is always empty.
    audiences = ads.audiences_of(call.state, account.id, call.now) if ownership == "OWNED" else []
    return paginate(call, audiences, lambda audience: audience_json(call, audience), order)


def create_audience(call: ApiCall) -> dict[str, Any]:
    account = call.ad_account()
    request = bodies.audience_create(call.json_object())
    if request.audience_type == "CUSTOMER_LIST":
        _require_customer_list(call, account, request.rule)
    audience = ads.create_audience(
        call.state,
        account.id,
        name=request.name,
        audience_type=request.audience_type,
        rule=request.rule,
        description=request.description,
        at=call.moment,
    )
    return audience_json(call, audience)


def get_audience(call: ApiCall) -> dict[str, Any]:
    audience = _audience(call)
    ads.settle_audience(call.state, audience, call.now)
    return audience_json(call, audience)


def update_audience(call: ApiCall) -> dict[str, Any]:
    account = call.ad_account()
    audience = _audience(call)
    request = bodies.audience_update(call.json_object())
    if request.operation_type == "REMOVE":
        # Removing answers the audience as it was; it is gone for every later request.
        del call.state.audiences[audience.id]
        audience.updated_timestamp = call.now
        return audience_json(call, audience)
    if "rule" in request.changes and audience.audience_type == "CUSTOMER_LIST":
        _require_customer_list(call, account, request.changes["rule"])
    ads.update_audience(call.state, audience, request.changes, call.moment)
    return audience_json(call, audience)


def list_customer_lists(call: ApiCall) -> dict[str, Any]:
    account = call.ad_account()
    order = call.query_enum("order", ORDERS, "ASCENDING")
    customer_lists = ads.customer_lists_of(call.state, account.id, call.now)
    return paginate(call, customer_lists, customer_list_json, order)


def create_customer_list(call: ApiCall) -> dict[str, Any]:
    account = call.ad_account()
    request = bodies.customer_list_create(call.json_object())
    customer_list = ads.create_customer_list(
        call.state,
        account.id,
        name=request.name,
        list_type=request.list_type,
        records=request.records,
        at=call.moment,
    )
    return customer_list_json(customer_list)


def get_customer_list(call: ApiCall) -> dict[str, Any]:
    customer_list = _customer_list(call)
    ads.settle_customer_list(customer_list, call.now)
    return customer_list_json(customer_list)


def update_customer_list(call: ApiCall) -> dict[str, Any]:
    customer_list = _customer_list(call)
    change = bodies.customer_list_update(call.json_object())
    ads.change_customer_list(
        call.state,
        customer_list,
        operation=change.operation_type,
        records=change.records,
        at=call.moment,
    )
    return customer_list_json(customer_list)


def _audience(call: ApiCall) -> PinterestAudience:
    account = call.ad_account()
    audience = call.state.audiences.get(call.path_id("audience_id"))
    if audience is None or audience.ad_account_id != account.id:
        raise not_found("Audience not found.")
    return audience


def _customer_list(call: ApiCall) -> CustomerList:
    account = call.ad_account()
    customer_list = call.state.customer_lists.get(call.path_id("customer_list_id"))
    if customer_list is None or customer_list.ad_account_id != account.id:
        raise not_found("Customer list not found.")
    return customer_list


def _require_customer_list(call: ApiCall, account: AdAccount, rule: dict[str, Any]) -> None:
    """A CUSTOMER_LIST audience is built on a list of the same ad account."""
    found = call.state.customer_lists.get(str(rule.get("customer_list_id", "")))
    if found is None or found.ad_account_id != account.id:
        raise ApiError(
            400, 1, "Invalid parameters. rule.customer_list_id names no customer list here."
        )


def routes(world: MockWorld) -> list[Route]:
    def route(path: str, method: str, handler: Handler, scope: str) -> Route:
        return Route(f"/v5{path}", endpoint(world, handler, scope=scope), methods=[method])

    audiences = "/ad_accounts/{ad_account_id}/audiences"
    customer_lists = "/ad_accounts/{ad_account_id}/customer_lists"
    return [
        route("/user_account", "GET", get_user_account, "user_accounts:read"),
        route("/ad_accounts", "GET", list_ad_accounts, READ),
        route("/ad_accounts/{ad_account_id}", "GET", get_ad_account, READ),
        route(audiences, "GET", list_audiences, READ),
        route(audiences, "POST", create_audience, WRITE),
        route(audiences + "/{audience_id}", "GET", get_audience, READ),
        route(audiences + "/{audience_id}", "PATCH", update_audience, WRITE),
        route(customer_lists, "GET", list_customer_lists, READ),
        route(customer_lists, "POST", create_customer_list, WRITE),
        route(customer_lists + "/{customer_list_id}", "GET", get_customer_list, READ),
        route(customer_lists + "/{customer_list_id}", "PATCH", update_customer_list, WRITE),
    ]
