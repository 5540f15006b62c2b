"""A secret (a password) that prints as `<redacted>` wherever it ends up.

pytest prints a failing frame's arguments (`--tb=long`, or the last frame by default) and,
with `-vvv`, whole object reprs; a plain `str` password there reaches the terminal, CI
logs and cron mail. Held in a `Secret`, it shows as redacted in every repr, str and
f-string, and its value is taken out only where it is typed (`fill()`).
"""

from __future__ import annotations

from typing import Final, NoReturn

REDACTED: Final = "<redacted>"


class Secret:
    """A string that never shows itself: `reveal()` is the only way to its value."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        object.__setattr__(self, "_value", value)

    def reveal(self) -> str:
        """The value, for the one place that types it (and the scrubber that hides it)."""
        value: str = object.__getattribute__(self, "_value")
        return value

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError("a Secret cannot be changed")

    def __repr__(self) -> str:
        return f"Secret({REDACTED!r})"

    def __str__(self) -> str:
        return REDACTED

    def __format__(self, spec: str) -> str:
        return format(REDACTED, spec)

    def __bool__(self) -> bool:
        return bool(self.reveal())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other.reveal() == self.reveal()

    def __hash__(self) -> int:
        return hash((Secret, self.reveal()))

    def __copy__(self) -> Secret:
        return self  # immutable

    def __deepcopy__(self, memo: dict[int, object]) -> Secret:
        return self

    def __reduce__(self) -> NoReturn:
        # Pickling would write the value out; nothing here needs it.
        raise TypeError("a Secret is not pickled")
