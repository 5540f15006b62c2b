"""Both sites' label sets, with a labels file (`LABELS_FILE`) merged over the built-in ones."""

from __future__ import annotations

from pathlib import Path

from pages.aep.labels import AepLabels
from pages.discovery import Findings
from pages.labels import LabelSet, merge_labels, read_labels_file
from pages.pinterest.labels import PinterestLabels

LABEL_SETS: dict[str, type[LabelSet]] = {"aep": AepLabels, "pinterest": PinterestLabels}


def load_labels(path: Path | None) -> tuple[AepLabels, PinterestLabels]:
    """The built-in labels with the file's texts in front; both sets note their findings
    in one `Findings` (ValueError, in one line, for a malformed file or an unknown label)."""
    extra = read_labels_file(path, LABEL_SETS)
    findings = Findings()
    aep = merge_labels(AepLabels(findings=findings), extra.get("aep", {}), "aep")
    pinterest = merge_labels(
        PinterestLabels(findings=findings), extra.get("pinterest", {}), "pinterest"
    )
    return aep, pinterest
