"""Every label is documented (naming the public page that shows it) or guessed; labels
files are checked at start; names are matched tolerantly, customer names strictly."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pages.label_sets import LABEL_SETS, load_labels
from pages.labels import DOCUMENTED, GUESSED, contains, exactly, pattern

# Where a documented label's source may be: Adobe's and Pinterest's public documentation.
PUBLIC_DOCS = ("experienceleague.adobe.com", "developers.pinterest.com", "help.pinterest.com")


@pytest.mark.parametrize("site", sorted(LABEL_SETS))
def test_every_label_is_documented_or_guessed(site: str) -> None:
    cls = LABEL_SETS[site]
    fields = [f for f in dataclasses.fields(cls) if f.name in cls.label_names()]
    assert fields
    for field in fields:
        marks = [m for m in (DOCUMENTED, GUESSED) if m in field.metadata]
        assert len(marks) == 1, f"{site}.{field.name} is marked {marks or 'neither'}"
        if DOCUMENTED in field.metadata:
            source = urlsplit(field.metadata[DOCUMENTED])
            assert source.scheme == "https", f"{site}.{field.name}: {source.geturl()}"
            assert source.netloc in PUBLIC_DOCS, f"{site}.{field.name}: {source.geturl()}"
        texts = field.default
        assert isinstance(texts, tuple)
        assert texts
        assert all(isinstance(t, str) for t in texts)


def test_a_labels_file_adds_texts_in_front(tmp_path: Path) -> None:
    path = tmp_path / "labels.json"
    path.write_text(json.dumps({"aep": {"more_actions": "Optionen", "save": ["Speichern"]}}))

    aep, pinterest = load_labels(path)

    assert aep.more_actions[0] == "Optionen"
    assert "More actions" in aep.more_actions
    assert aep.save == ("Speichern", "Save")
    assert aep.findings is pinterest.findings


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not JSON"),
        ('["aep"]', "the top level must be an object of sites"),
        ('{"sap": {}}', "no site 'sap'"),
        ('{"aep": {"more_action": "x"}}', "aep has no label 'more_action'"),
        ('{"aep": {"save": 3}}', "aep.save must be a string or a list of strings"),
        ('{"aep": {"sandbox_switcher": "re:(unclosed"}}', "is not a pattern"),
    ],
)
def test_a_malformed_labels_file_says_what_in_one_line(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "labels.json"
    path.write_text(content)

    with pytest.raises(ValueError, match="labels file") as raised:
        load_labels(path)

    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_names_match_tolerantly_and_customer_names_strictly() -> None:
    assert pattern("Activation data").search("  Activation   Data ")
    assert pattern("Status").search("STATUS:")
    assert not pattern("Status").search("Status of the run")
    assert pattern("re:^current sandbox").search("Current Sandbox: Prod")
    assert contains("Sandbox").search("Prod (prod) SANDBOX")
    assert not contains("Sandbox").search("Sandboxes")
    assert exactly("(New) Pinterest").search("(New) Pinterest")
    assert not exactly("(New) Pinterest").search("(new) pinterest")
