"""A small client of both mock sites' state API, for tests, fixtures and the benchmark."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from mocks import scenarios
from mocks.world import MockWorld


class MockSites:
    """The two mock sites of a running `MockWorld`, seen only through their HTTP state API."""

    def __init__(self, world: MockWorld) -> None:
        self.world = world
        self.aep_url = world.aep_url
        self.pinterest_url = world.pinterest_url
        self._http = httpx.Client(timeout=30)

    def reset(
        self,
        scenario: str = "notice",
        *,
        options: dict[str, Any] | None = None,
        variants: dict[str, Any] | None = None,
        faults: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"scenario": scenario}
        for key, value in (("options", options), ("variants", variants), ("faults", faults)):
            if value:
                body[key] = value
        response = self._http.post(f"{self.aep_url}/__mock/reset", json=body)
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def set_faults(self, faults: dict[str, Any]) -> dict[str, Any]:
        """Replace both sites' faults without resetting their state."""
        response = self._http.post(f"{self.aep_url}/__mock/faults", json=faults)
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def wait_for_held_change(self, timeout: float = 60) -> dict[str, Any]:
        """Block until the mock AEP holds a change request (fault hold_after_changes)."""
        response = self._http.get(
            f"{self.aep_url}/__mock/held", params={"timeout": timeout}, timeout=timeout + 10
        )
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def aep_state(self) -> dict[str, Any]:
        return self._get(f"{self.aep_url}/__mock/state")

    def pinterest_state(self) -> dict[str, Any]:
        return self._get(f"{self.pinterest_url}/__mock/state")

    def traffic(self, since: float = 0.0) -> list[tuple[float, str, str, str]]:
        """Requests both sites answered since the reset (or `since`, a Unix time):
        (time, site, kind, path) with kind `page`, `request` or `server`."""
        answer = self._get(f"{self.aep_url}/__mock/traffic?since={since}")
        return [(float(t), site, kind, path) for t, site, kind, path in answer["requests"]]

    def advance_clock(self, seconds: float) -> str:
        response = self._http.post(
            f"{self.aep_url}/__mock/clock", json={"advance_seconds": seconds}
        )
        response.raise_for_status()
        now: str = response.json()["now"]
        return now

    def sign_in_aep(self, email: str, password: str) -> dict[str, Any]:
        """Sign in to the mock AEP over HTTP; the Playwright storage state of that session.

        What `make login` saves for a real org, made without a browser for the mock.
        """
        with httpx.Client(base_url=self.aep_url, timeout=30) as http:
            response = http.post("/signin", data={"email": email, "password": password})
            if response.status_code >= 400 or not http.cookies:
                raise RuntimeError(f"mock AEP sign-in failed: HTTP {response.status_code}")
            host = httpx.URL(self.aep_url).host
            cookies = [
                {
                    "name": cookie.name,
                    "value": cookie.value,
                    "domain": host,
                    "path": cookie.path or "/",
                    "expires": -1,
                    "httpOnly": True,
                    "secure": False,
                    "sameSite": "Lax",
                }
                for cookie in http.cookies.jar
            ]
        return {"cookies": cookies, "origins": []}

    def save_sign_in(self, path: Path) -> Path:
        """The scenario's AEP user signed in, saved at `path` as Playwright's storage state
        with mode 600: what `make login` saves for a real org."""
        state = self.sign_in_aep(scenarios.AEP_USER_EMAIL, scenarios.AEP_USER_PASSWORD)
        path.write_text(json.dumps(state), encoding="utf-8")
        path.chmod(0o600)
        return path

    def _get(self, url: str) -> dict[str, Any]:
        response = self._http.get(url)
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def close(self) -> None:
        self._http.close()
