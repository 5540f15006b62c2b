"""The two mock sites of one process: their state, shared clock, variants and faults.

One scenario seeds both sites (an AEP org and the Pinterest side it exports to), so a
reset through either origin's state API resets both; each origin's `GET /__mock/state`
reports its own site.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from mocks import scenarios, scramble
from mocks.aep.state import AepState
from mocks.clock import SCENARIO_EPOCH, MockClock
from mocks.options import resolve_faults, resolve_variants, scramble_seed
from mocks.pinterest.state import PinterestState

TRAFFIC_KEPT = 200_000


@dataclass
class MockWorld:
    aep_url: str
    pinterest_url: str
    # Where the mock AEP's server reaches Pinterest's API (same server, loopback address).
    pinterest_api_url: str
    clock: MockClock = field(default_factory=MockClock)
    scenario: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    variants: dict[str, str] = field(default_factory=dict)
    faults: dict[str, Any] = field(default_factory=dict)
    # Variant scramble: its seed (None: off) and what it drew, once per reset.
    scramble_seed: int | None = None
    choices: dict[str, Any] = field(default_factory=lambda: scramble.draw(scramble.OFF))
    aep: AepState = field(init=False)
    pinterest: PinterestState = field(init=False)
    # AEP sign-in sessions outlive resets, so a saved signed-in state stays valid.
    aep_sessions: dict[str, str] = field(default_factory=dict, repr=False)
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    # Every request either site answered since the last reset (the state API's aside):
    # (wall-clock time, site, kind as `state_api.traffic_kind` says, path), the latest
    # TRAFFIC_KEPT only. The benchmark counts them.
    traffic: deque[tuple[float, str, str, str]] = field(
        default_factory=lambda: deque(maxlen=TRAFFIC_KEPT), repr=False
    )

    def reset(
        self,
        scenario: str = "notice",
        *,
        options: dict[str, Any] | None = None,
        variants: dict[str, Any] | None = None,
        faults: dict[str, Any] | None = None,
    ) -> None:
        """Rebuild both sites from a scenario; raises ScenarioError/OptionError on bad input."""
        resolved_variants = resolve_variants(variants)
        resolved_faults = resolve_faults(faults)
        seed = scramble_seed(resolved_variants.get("scramble", scramble.OFF))
        choices = scramble.draw(scramble.OFF if seed is None else seed)
        built = scenarios.build(scenario, self.aep_url, options)
        with self.lock:
            self.clock.set(SCENARIO_EPOCH)
            self.scenario = scenario
            self.options = built.options
            self.variants = resolved_variants
            self.faults = resolved_faults
            self.scramble_seed = seed
            self.choices = choices
            self.aep = built.aep
            self.pinterest = built.pinterest
            self.traffic.clear()

    def describe(self) -> dict[str, Any]:
        """What every state answer starts with."""
        return {
            "scenario": self.scenario,
            "options": self.options,
            "variants": self.variants,
            "faults": self.faults,
            "scramble": {
                "seed": scramble.OFF if self.scramble_seed is None else self.scramble_seed,
                "choices": self.choices,
            },
            "now": self.clock.now().isoformat(),
            "urls": {"aep": self.aep_url, "pinterest": self.pinterest_url},
        }
