"""Parametrize page-object tests over the mock's UI variants, with readable ids."""

from __future__ import annotations

from typing import Any

import pytest

from mocks.options import VARIANTS


def each(name: str) -> Any:
    """A `@pytest.mark.parametrize(name, ...)` over every value of variant `name`
    (ids such as `layout=classic`)."""
    return pytest.mark.parametrize(
        name, [pytest.param(value, id=f"{name}={value}") for value in VARIANTS[name]]
    )
