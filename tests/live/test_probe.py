"""The probe (`pytest flows --probe`): read-only, passes on every mock variant, and names
the locator (with the screen's ARIA snapshot) when a label has changed; a labels file
fixes that without code."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from flows.runs.probe import PROBE_JSON
from flows.runs.session import Request
from mocks.client import MockSites
from mocks.options import VARIANTS
from tests.flows.support import Harness, InProcess
from tests.matrix.pairwise import case_id

SANDBOXES = ("prod", "dev-emea")


# The defaults, then each other value of each variant in mocks/options.py.
EACH_VALUE = [{}] + [{name: value} for name, values in VARIANTS.items() for value in values[1:]]


def probe(in_process: InProcess, **request: Any) -> tuple[int, dict[str, Any]]:
    """`pytest flows --probe`, in this process: its exit status and its probe.json."""
    run = in_process.run(Request("probe", **request))
    return run.exit_status, json.loads(run.folder.file(PROBE_JSON).read_text())


@pytest.mark.parametrize("variant", EACH_VALUE, ids=lambda v: case_id(v) or "defaults")
def test_the_probe_passes_on_every_variant_and_changes_nothing(
    in_process: InProcess, mock_sites: MockSites, variant: dict[str, str]
) -> None:
    """Two sandboxes: every check resolves, and nothing changes."""
    in_process.settings = replace(in_process.settings, aep_sandboxes=SANDBOXES)
    mock_sites.reset("sandboxes", variants=variant)
    before = mock_sites.aep_state()

    status, report = probe(in_process)

    assert status == 0, report
    assert [c for c in report["checks"] if c["status"] != "resolved"] == [], report
    screens = {c["screen"] for c in report["checks"]}
    assert {"Edit details", "Dataflow page", "Pinterest Ads Manager"} <= screens
    assert report["unvisited"] == []
    assert mock_sites.aep_state() == before, "the probe changed nothing"


def test_a_renamed_label_fails_the_probe_naming_it_until_the_labels_file_adds_it(
    harness: Harness, in_process: InProcess, mock_sites: MockSites, tmp_path: Path
) -> None:
    """A documented label renamed (no structure can stand in for a documented button): the
    probe says what it found instead and the entry that would fix it; the entry does."""
    mock_sites.reset("notice", faults={"renamed_reconnect_oauth": True})
    before = mock_sites.aep_state()

    renamed = harness.run("--probe")

    assert renamed.returncode == 1, renamed.output
    lines = renamed.output.splitlines()
    at = next(i for i, line in enumerate(lines) if "unresolved" in line)
    assert "Edit details: Reconnect OAuth button" in lines[at], renamed.output
    said = "\n".join(lines[at : at + 4])
    assert '"Refresh OAuth"' in said.split("found nearby:", 1)[1], said
    assert '{"aep": {"reconnect_oauth": ["Refresh OAuth"]}}' in said, said
    snapshot = harness.latest / "aria" / "edit-details.aria.yml"
    assert str(snapshot) in said
    assert 'button "Refresh OAuth"' in snapshot.read_text(), "what the UI shows instead"
    assert (harness.latest / "aria" / "edit-details.png").stat().st_size > 0
    probed = json.loads((harness.latest / "probe.json").read_text())
    assert [c["name"] for c in probed["checks"] if c["status"] == "unresolved"] == [
        "Reconnect OAuth button"
    ]
    assert mock_sites.aep_state() == before, "the probe changed nothing"

    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps({"aep": {"reconnect_oauth": ["Refresh OAuth"]}}))
    # With it, in this process (the command line is proven above).
    in_process.settings = replace(in_process.settings, labels_file=labels)
    status, report = probe(in_process)

    assert status == 0, report
    assert report["failed"] == 0, report


# A seed whose shell frame, grids, Edit details and activation steps are named otherwise.
PROBED_SEED = "2"


def _found(findings: list[dict[str, str]]) -> set[tuple[str, str, str]]:
    return {(f["site"], f["label"], f["found"]) for f in findings}


def test_on_a_scrambled_ui_one_probe_lists_every_difference_and_its_labels_file_names_them(
    in_process: InProcess, mock_sites: MockSites, tmp_path: Path
) -> None:
    """What the dry run finds by structure on a UI worded and marked up otherwise, the probe
    lists in one run; the labels file it writes makes every named guess match."""
    mock_sites.reset("notice", variants={"scramble": PROBED_SEED})
    met = in_process.dry_run().report["discovered"]
    labels = tmp_path / "labels.json"

    status, report = probe(in_process, write_labels=labels)

    assert status == 0, report
    listed = _found(report["discovered"])
    assert _found(met) <= listed, "the probe lists every difference the dry run meets"
    written = json.loads(labels.read_text())
    assert written["aep"]["app_frame_title"] == ["Experience Platform"], written
    assert written["aep"]["edit_details_dialog"] == ["Edit account details"], written
    in_process.settings = replace(in_process.settings, labels_file=labels)
    named = in_process.dry_run()
    assert named.exit_status == 1, "as before: the notice's blocked pair needs a person"
    assert [f for f in named.report["discovered"] if f["found"]] == [], "every named guess matches"
