"""No secret reaches evidence or output: canary secrets through a dry run and an apply."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from mocks.client import MockSites
from mocks.pinterest.sessions import COOKIE as PINTEREST_COOKIE
from tests.flows.support import Harness

CANARY_PASSWORD = "Canary-Pa55-7f3k2q"


def _texts(folder: Path) -> dict[str, str]:
    """Every file under `folder` as text, zip archives opened member by member."""
    texts = {}
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    texts[f"{path}!{name}"] = archive.read(name).decode("utf-8", "replace")
        else:
            texts[str(path)] = path.read_bytes().decode("utf-8", "replace")
    return texts


def test_canary_secrets_never_reach_evidence_or_output(
    harness: Harness, mock_sites: MockSites
) -> None:
    mock_sites.reset("notice")
    # The state API cannot set a password; the mock runs in this process, so set it here.
    user = next(iter(mock_sites.world.pinterest.users.values()))
    user.password = CANARY_PASSWORD
    harness.env["PINTEREST_PASSWORD"] = CANARY_PASSWORD
    aep_cookie = json.loads(Path(harness.env["AEP_STORAGE_STATE"]).read_text())["cookies"][0]

    dry = harness.run("--tracing", "on")
    apply = harness.run("--apply", "--tracing", "on")

    pinterest = mock_sites.world.pinterest
    secrets = {
        "pinterest password": CANARY_PASSWORD,
        "aep session cookie": aep_cookie["value"],
        **{f"token {i}": value for i, value in enumerate(pinterest.tokens)},
        **{f"oauth code {i}": value for i, value in enumerate(pinterest.codes)},
    }
    assert len(secrets) >= 5, "the run issued a code, an access and a refresh token"
    texts = {**_texts(harness.evidence), "dry run output": dry.output, "apply output": apply.output}
    if (test_results := Path("test-results")).exists():
        texts.update(_texts(test_results))
    leaks = [
        f"{secret} in {where}"
        for where, text in texts.items()
        for secret, value in secrets.items()
        if value in text
    ]
    patterns = {
        "a Pinterest session cookie": re.compile(
            rf"{PINTEREST_COOKIE}=(?!%3Credacted|<redacted>)\w"
        ),
        "an OAuth code parameter": re.compile(r"[?&]code=(?!%3Credacted|<redacted>)\w"),
        "a bearer token": re.compile(r"Bearer (?!<redacted>)\w"),
    }
    leaks += [
        f"{name} in {where}"
        for where, text in texts.items()
        for name, pattern in patterns.items()
        if pattern.search(text)
    ]
    assert leaks == []
    assert apply.returncode == 1, apply.output  # only the blocked pair failed
    assert "switched" in apply.output
