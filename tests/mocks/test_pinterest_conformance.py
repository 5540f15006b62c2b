"""The mock Pinterest's API v5 against Pinterest's published OpenAPI description.

Schemathesis generates requests, valid and invalid, for every operation the mock
implements, sends them to the running mock and checks every answer: no server error, a
status code and content type the spec documents for the operation, and a body that
matches the spec's schema for that status. A client built from the spec cannot tell the
mock from Pinterest.

The spec is `v5/openapi.yaml` of Pinterest's public `pinterest/api-description`
repository, vendored unchanged in `mocks/pinterest/openapi/v5.yaml` (its README says
which version), so the test runs in every clone. SCHEMATHESIS_MAX_EXAMPLES (default 25)
sets the examples per operation; generation is deterministic, so a run repeats the
previous one.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import APIOperation, Case
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.routing import Route

from mocks.client import MockSites
from mocks.pinterest.app import create_app
from mocks.pinterest.client import authorization_code, oauth_token
from mocks.scenarios import AD_ACCOUNT_ID, AEP_CLIENT_ID, AEP_CLIENT_SECRET

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "mocks" / "pinterest" / "openapi" / "v5.yaml"
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25"))

# Every operation the mock serves under /v5, by the spec's operationId; nothing else.
IMPLEMENTED = {
    "oauth/token": ("POST", "/oauth/token"),
    "user_account/get": ("GET", "/user_account"),
    "ad_accounts/list": ("GET", "/ad_accounts"),
    "ad_accounts/get": ("GET", "/ad_accounts/{ad_account_id}"),
    "audiences/list": ("GET", "/ad_accounts/{ad_account_id}/audiences"),
    "audiences/create": ("POST", "/ad_accounts/{ad_account_id}/audiences"),
    "audiences/get": ("GET", "/ad_accounts/{ad_account_id}/audiences/{audience_id}"),
    "audiences/update": ("PATCH", "/ad_accounts/{ad_account_id}/audiences/{audience_id}"),
    "customer_lists/list": ("GET", "/ad_accounts/{ad_account_id}/customer_lists"),
    "customer_lists/create": ("POST", "/ad_accounts/{ad_account_id}/customer_lists"),
    "customer_lists/get": (
        "GET",
        "/ad_accounts/{ad_account_id}/customer_lists/{customer_list_id}",
    ),
    "customer_lists/update": (
        "PATCH",
        "/ad_accounts/{ad_account_id}/customer_lists/{customer_list_id}",
    ),
}
# A case of any of the spec's operations.
AnyCase = Case[APIOperation[Any, Any, Any, Any]]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# The base URL and credentials are the running mock's, known only when a test runs, so each
# call passes them (`call_and_validate(base_url=..., headers=...)`).
schema = schemathesis.openapi.from_path(
    SPEC,
    config=schemathesis.Config.from_dict(
        {"generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"}}
    ),
).include(operation_id=list(IMPLEMENTED))


@dataclass(frozen=True)
class Target:
    """The running mock Pinterest, reset to "notice", and how Adobe's app signs in to it."""

    base_url: str
    bearer_token: str
    # The scenario's ad account, an audience in it and the customer list that audience uses.
    ids: dict[str, str]

    def headers(self, case: AnyCase) -> dict[str, str]:
        """The credentials the operation's `security` asks for."""
        if case.operation.path == "/oauth/token":  # security: basic
            basic = base64.b64encode(f"{AEP_CLIENT_ID}:{AEP_CLIENT_SECRET}".encode()).decode()
            return {"Authorization": f"Basic {basic}"}
        return {"Authorization": f"Bearer {self.bearer_token}"}  # pinterest_oauth2

    def call_and_validate(self, case: AnyCase) -> None:
        case.call_and_validate(base_url=self.base_url, headers=self.headers(case), checks=CHECKS)


# `target` is set up once per operation, not per generated example: the examples of one
# operation share the mock's state on purpose, as a client's successive calls would.
FIXTURE_SHARED_BY_EXAMPLES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def target(mock_sites: MockSites) -> Target:
    mock_sites.reset("notice")
    token = oauth_token(mock_sites.pinterest_url, f"{mock_sites.aep_url}/oauth/pinterest/callback")
    audience = next(iter(mock_sites.pinterest_state()["audiences"].values()))
    ids = {
        "ad_account_id": AD_ACCOUNT_ID,
        "audience_id": audience["id"],
        "customer_list_id": audience["rule"]["customer_list_id"],
    }
    return Target(f"{mock_sites.pinterest_url}/v5", token, ids)


@schema.parametrize()
@FIXTURE_SHARED_BY_EXAMPLES
def test_api_v5_conforms_to_the_spec(case: AnyCase, target: Target) -> None:
    """Every parameter generated: mostly IDs the mock does not know (400, 403, 404)."""
    target.call_and_validate(case)


@schema.parametrize()
@FIXTURE_SHARED_BY_EXAMPLES
def test_api_v5_conforms_to_the_spec_in_the_scenarios_ad_account(
    case: AnyCase, target: Target
) -> None:
    """Path IDs set to the scenario's, so generated queries and bodies reach answers with
    data (200) and changes (audiences and lists created and changed)."""
    if case.path_parameters:
        case.path_parameters.update(
            {name: value for name, value in target.ids.items() if name in case.path_parameters}
        )
    target.call_and_validate(case)


def test_the_tests_cover_exactly_the_operations_the_mock_serves(mock_sites: MockSites) -> None:
    operations = [result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)]
    in_spec = {op.definition.raw["operationId"]: (op.method.upper(), op.path) for op in operations}
    served = {
        (method, route.path.removeprefix("/v5"))
        for route in create_app(mock_sites.world).routes
        if isinstance(route, Route) and route.path.startswith("/v5/")
        for method in route.methods or ()
        if method != "HEAD"
    }

    assert in_spec == IMPLEMENTED
    assert served == set(IMPLEMENTED.values())


def test_token_answers_conform_to_the_spec(mock_sites: MockSites, target: Target) -> None:
    operation = schema["/oauth/token"]["POST"]
    callback = f"{mock_sites.aep_url}/oauth/pinterest/callback"
    code = authorization_code(mock_sites.pinterest_url, callback)
    form = "application/x-www-form-urlencoded"
    exchange: dict[str, Any] = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": callback,
    }

    granted = operation.Case(body=exchange, media_type=form)
    answer = granted.call_and_validate(
        base_url=target.base_url, headers=target.headers(granted), checks=CHECKS
    )
    refresh: dict[str, Any] = {
        "grant_type": "refresh_token",
        "refresh_token": answer.json()["refresh_token"],
    }
    refreshed = operation.Case(body=refresh, media_type=form)
    again = refreshed.call_and_validate(
        base_url=target.base_url, headers=target.headers(refreshed), checks=CHECKS
    )

    assert (answer.status_code, again.status_code) == (200, 200)
    assert again.json()["response_type"] == "refresh_token"
    assert httpx.get(
        f"{target.base_url}/user_account",
        headers={"Authorization": f"Bearer {again.json()['access_token']}"},
    ).is_success
