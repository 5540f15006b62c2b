"""Pinterest's official Python SDK (`pinterest-api-sdk`) against the mock's API v5: what
works against api.pinterest.com works against the mock."""

from __future__ import annotations

import importlib
import json
from types import SimpleNamespace
from typing import Any

import pytest

from mocks.client import MockSites
from mocks.pinterest.client import oauth_token
from mocks.scenarios import AD_ACCOUNT_ID, PINTEREST_USERNAME

# The SDK's generated client calls urllib3 APIs that urllib3 1.26 marks deprecated.
pytestmark = pytest.mark.filterwarnings("ignore:HTTPResponse.getheader:DeprecationWarning")


def members(count: int, start: int = 0) -> str:
    return ",".join(f"member{i}@example.com" for i in range(start, start + count))


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """The SDK's classes, imported so that they cannot pick up stray settings.

    On import the SDK loads a `.env` (python-dotenv, searched upward from its own folder,
    so this project's) and the first `config.json` under the parent of the current folder
    into PINTEREST_* environment variables. Importing it from an empty folder with dotenv
    switched off keeps both out; clients are then built from an explicit configuration
    (host and token), never from the environment.
    """
    empty = tmp_path_factory.mktemp("sdk") / "cwd"
    empty.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(empty)
        patch.setattr("dotenv.load_dotenv", lambda *args, **kwargs: False)
        patch.delenv("PINTEREST_JSON_ENV_VARIABLES", raising=False)

        def load(module: str, name: str) -> Any:
            return getattr(importlib.import_module(module), name)

        return SimpleNamespace(
            Configuration=load("openapi_generated.pinterest_client.configuration", "Configuration"),
            NotFoundException=load(
                "openapi_generated.pinterest_client.exceptions", "NotFoundException"
            ),
            AdAccountsApi=load(
                "openapi_generated.pinterest_client.api.ad_accounts_api", "AdAccountsApi"
            ),
            PinterestSDKClient=load("pinterest.client", "PinterestSDKClient"),
            AdAccount=load("pinterest.ads.ad_accounts", "AdAccount"),
            Audience=load("pinterest.ads.audiences", "Audience"),
            CustomerList=load("pinterest.ads.customer_lists", "CustomerList"),
        )


def sdk_client(mock_sites: MockSites, sdk: SimpleNamespace, scenario: str, **options: Any) -> Any:
    """An SDK client with a token from the mock's OAuth, aimed at the mock's API v5."""
    mock_sites.reset(scenario, options=options)
    token = oauth_token(mock_sites.pinterest_url, f"{mock_sites.aep_url}/oauth/pinterest/callback")
    configuration = sdk.Configuration(access_token=token, host=f"{mock_sites.pinterest_url}/v5")
    return sdk.PinterestSDKClient(configuration=configuration)


def test_sdk_lists_and_reads_ad_accounts(mock_sites: MockSites, sdk: SimpleNamespace) -> None:
    client = sdk_client(mock_sites, sdk, "notice")

    listed = sdk.AdAccountsApi(client).ad_accounts_list()
    account = sdk.AdAccount(AD_ACCOUNT_ID, client=client)

    assert [item["id"] for item in listed["items"]] == [AD_ACCOUNT_ID]
    assert listed["bookmark"] is None
    assert (account.name, account.owner["username"]) == ("Acme Ads", PINTEREST_USERNAME)
    assert account.permissions == ["OWNER"]


def test_sdk_pages_through_audiences_with_bookmarks(
    mock_sites: MockSites, sdk: SimpleNamespace
) -> None:
    client = sdk_client(mock_sites, sdk, "large", pairs=30)

    audiences, bookmark = sdk.Audience.get_all(AD_ACCOUNT_ID, page_size=25, client=client)
    pages = [audiences]
    while bookmark is not None:
        audiences, bookmark = bookmark.get_next()
        pages.append(audiences)

    in_state = sorted(
        mock_sites.pinterest_state()["audiences"].values(), key=lambda a: int(a["id"])
    )
    assert [len(page) for page in pages] == [25, 25, 10]
    assert [audience.id for page in pages for audience in page] == [a["id"] for a in in_state]
    assert {audience.status for page in pages for audience in page} == {"READY"}


def test_sdk_creates_a_customer_list_changes_it_and_builds_an_audience(
    mock_sites: MockSites, sdk: SimpleNamespace
) -> None:
    client = sdk_client(mock_sites, sdk, "notice")

    customer_list = sdk.CustomerList.create(AD_ACCOUNT_ID, "SDK list", members(120), client=client)
    customer_list.add_record(members(2, start=500))
    customer_list.remove_record(members(1))
    audience = sdk.Audience.create(
        AD_ACCOUNT_ID,
        "SDK audience",
        {"customer_list_id": customer_list.id},
        "CUSTOMER_LIST",
        client=client,
    )
    audience.update_fields(client=client, name="SDK audience, renamed")

    assert (customer_list.num_batches, customer_list.num_uploaded_user_records) == (3, 122)
    assert customer_list.num_removed_user_records == 1
    assert customer_list.status == "READY"
    assert (audience.audience_type, audience.status, audience.size) == (
        "CUSTOMER_LIST",
        "READY",
        121,
    )
    assert audience.name == "SDK audience, renamed"
    stored = mock_sites.pinterest_state()["audiences"][audience.id]
    assert stored["rule"]["customer_list_id"] == customer_list.id
    assert stored["name"] == "SDK audience, renamed"
    lists, _ = sdk.CustomerList.get_all(AD_ACCOUNT_ID, order="DESCENDING", client=client)
    assert lists[0].id == customer_list.id


def test_sdk_raises_its_own_not_found_for_the_mocks_404(
    mock_sites: MockSites, sdk: SimpleNamespace
) -> None:
    client = sdk_client(mock_sites, sdk, "notice")

    with pytest.raises(sdk.NotFoundException) as raised:
        sdk.Audience(AD_ACCOUNT_ID, "549700009999", client=client)

    assert raised.value.status == 404
    assert json.loads(raised.value.body) == {"code": 404, "message": "Audience not found."}
