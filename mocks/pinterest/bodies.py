"""Request bodies of API v5, checked before anything changes.

The checks transcribe the spec's `AudienceCreateRequest`, `AudienceUpdateRequest`,
`AudienceRule`, `EventData`, `LineItem`, `CustomerListRequest` and
`CustomerListUpdateRequest` (types, enums, patterns, required fields). A body that breaks
one answers 400 code 1, so what is stored, and later sent back inside an `Audience`,
conforms to the response schemas. Properties the spec does not name are allowed, as in
the spec (no `additionalProperties: false`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mocks.pinterest.v5 import invalid

Check = Callable[[Any, str], None]


def _string(value: Any, where: str) -> None:
    if not isinstance(value, str):
        raise invalid(f"{where} must be a string.")


def _integer(value: Any, where: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise invalid(f"{where} must be an integer.")


def _boolean(value: Any, where: str) -> None:
    if not isinstance(value, bool):
        raise invalid(f"{where} must be true or false.")


def _object(value: Any, where: str) -> None:
    if not isinstance(value, dict):
        raise invalid(f"{where} must be an object.")


def _digits(value: Any, where: str) -> None:
    # `pattern: ^\d+$`, read as ECMA-262 does: ASCII digits only.
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]+", value):
        raise invalid(f"{where} must be a string of digits.")


def _enum(*allowed: str) -> Check:
    def check(value: Any, where: str) -> None:
        if value not in allowed:
            raise invalid(f"{where} must be one of {', '.join(allowed)}.")

    return check


def _array(item: Check) -> Check:
    def check(value: Any, where: str) -> None:
        if not isinstance(value, list):
            raise invalid(f"{where} must be an array.")
        for index, element in enumerate(value):
            item(element, f"{where}[{index}]")

    return check


def _fields(checks: dict[str, Check]) -> Check:
    def check(value: Any, where: str) -> None:
        _object(value, where)
        for name, field_check in checks.items():
            if name in value:
                field_check(value[name], f"{where}.{name}")

    return check


CURRENCIES = (
    "UNK", "USD", "GBP", "CAD", "EUR", "AUD", "NZD", "SEK", "ILS", "CHF", "HKD", "JPY", "SGD",
    "KRW", "NOK", "DKK", "PLN", "RON", "HUF", "CZK", "BRL", "MXN", "ARS", "CLP", "COP", "INR",
    "TRY",
)  # fmt: skip
OBJECTIVE_TYPES = (
    "AWARENESS",
    "CONSIDERATION",
    "WEB_CONVERSION",
    "CATALOG_SALES",
    "VIDEO_COMPLETION",
)
AUDIENCE_TYPES = ("CUSTOMER_LIST", "VISITOR", "ENGAGEMENT", "ACTALIKE", "PERSONA")
LIST_TYPES = ("EMAIL", "IDFA", "MAID", "LR_ID", "DLX_ID", "HASHED_PINNER_ID")

_LINE_ITEM = _fields(
    {
        "product_brand": _string,
        "product_category": _string,
        "product_id": _integer,
        "product_name": _string,
        "product_price": _string,
        "product_quantity": _integer,
        "product_variant": _string,
        "product_variant_id": _string,
    }
)
_EVENT_DATA = _fields(
    {
        "currency": _enum(*CURRENCIES),
        "lead_type": _string,
        # The spec types it `allOf: [LineItem]`: one object, not an array.
        "line_items": _LINE_ITEM,
        "order_id": _string,
        "order_quantity": _integer,
        "page_name": _string,
        "promo_code": _string,
        "property": _string,
        "search_query": _string,
        "value": _string,
        "video_title": _string,
    }
)
_RULE = _fields(
    {
        "ad_account_id": _digits,
        "ad_id": _array(_digits),
        "campaign_id": _array(_digits),
        "country": _string,
        "customer_list_id": _digits,
        "engagement_domain": _array(_string),
        "engagement_type": _string,
        "engager_type": _integer,
        "event": _string,
        "event_data": _EVENT_DATA,
        "event_source": _object,
        "ingestion_source": _object,
        "objective_type": _array(_enum(*OBJECTIVE_TYPES)),
        "percentage": _integer,
        "pin_id": _array(_digits),
        "prefill": _boolean,
        "retention_days": _integer,
        "seed_id": _array(_digits),
        "url": _array(_string),
        "visitor_source_id": _digits,
    }
)
# `AudienceCommon`, the part creating and updating share.
_AUDIENCE_COMMON: dict[str, Check] = {"ad_account_id": _digits, "name": _string, "rule": _RULE}


@dataclass(frozen=True)
class AudienceCreate:
    name: str
    audience_type: str
    rule: dict[str, Any]
    description: str | None


def audience_create(body: dict[str, Any]) -> AudienceCreate:
    _require(body, "name", "rule", "audience_type")
    create_fields = {**_AUDIENCE_COMMON, "audience_type": _enum(*AUDIENCE_TYPES)}
    _fields({**create_fields, "description": _string})(body, "body")
    return AudienceCreate(
        name=_non_blank(body["name"], "name"),
        audience_type=body["audience_type"],
        rule=body["rule"],
        description=body.get("description"),
    )


@dataclass(frozen=True)
class AudienceUpdate:
    operation_type: str
    # The fields to change: any of name, description, rule.
    changes: dict[str, Any]


def audience_update(body: dict[str, Any]) -> AudienceUpdate:
    _fields(
        {
            **_AUDIENCE_COMMON,
            "description": _string,
            "operation_type": _enum("UPDATE", "REMOVE"),
        }
    )(body, "body")
    if "name" in body:
        _non_blank(body["name"], "name")
    changes: dict[str, Any] = {
        key: body[key] for key in ("name", "description", "rule") if key in body
    }
    return AudienceUpdate(body.get("operation_type", "UPDATE"), changes)


@dataclass(frozen=True)
class CustomerListCreate:
    name: str
    list_type: str
    records: list[str]


def customer_list_create(body: dict[str, Any]) -> CustomerListCreate:
    _require(body, "name", "records")
    _fields({"name": _string, "records": _string, "list_type": _enum(*LIST_TYPES)})(body, "body")
    return CustomerListCreate(
        name=_non_blank(body["name"], "name"),
        list_type=body.get("list_type", "EMAIL"),
        records=_records(body["records"]),
    )


@dataclass(frozen=True)
class CustomerListChange:
    operation_type: str
    records: list[str]


def customer_list_update(body: dict[str, Any]) -> CustomerListChange:
    _require(body, "operation_type", "records")
    _fields({"operation_type": _enum("ADD", "REMOVE"), "records": _string})(body, "body")
    return CustomerListChange(body["operation_type"], _records(body["records"]))


def _require(body: dict[str, Any], *names: str) -> None:
    missing = [name for name in names if name not in body]
    if missing:
        raise invalid(f"Missing required field(s): {', '.join(missing)}.")


def _non_blank(value: str, where: str) -> str:
    if not value.strip():
        raise invalid(f"{where} must not be blank.")
    return value


def _records(text: str) -> list[str]:
    """`records` is one comma-separated string of emails, MAIDs or IDFAs."""
    records = [record.strip() for record in text.split(",") if record.strip()]
    if not records:
        raise invalid("records must hold at least one record.")
    return records
