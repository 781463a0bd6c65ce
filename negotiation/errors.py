"""User-facing errors: one clear message naming the file, the key path and the fix.

Every problem a user can cause (a malformed model file, an unknown name, a bad override, a space
too large to enumerate) raises :class:`ModelError`. The command line prints it without a traceback
and exits with status 2; nothing is written.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class ModelError(Exception):
    """A problem in user input, located by file and key path, with a suggested fix.

    >>> print(ModelError("weights sum to 1.2", file="m.toml", key="parties.russia.weights",
    ...                  fix="make the weights sum to 1"))
    m.toml: parties.russia.weights: weights sum to 1.2
      fix: make the weights sum to 1
    """

    def __init__(
        self, message: str, *, file: str | None = None, key: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.key = key
        self.fix = fix
        super().__init__(str(self))

    def located(self, file: str | None = None, key: str | None = None) -> ModelError:
        """The same error with a file and key path filled in where they were missing."""
        return ModelError(
            self.message, file=self.file or file, key=self.key or key, fix=self.fix
        )

    def __str__(self) -> str:
        where = ": ".join(part for part in (self.file, self.key) if part)
        text = f"{where}: {self.message}" if where else self.message
        if self.fix:
            text += f"\n  fix: {self.fix}"
        return text


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """A ``"; did you mean 'x'?"`` suffix when a close match exists, else a list of the choices.

    >>> did_you_mean("natoo", ["nato", "neutral"])
    "; did you mean 'nato'?"
    >>> did_you_mean("zzz", ["a", "b"])
    "; expected one of 'a', 'b'"
    """
    choices = list(choices)
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.5)
    if close:
        return f"; did you mean '{close[0]}'?"
    if not choices:
        return ""
    shown = ", ".join(f"'{c}'" for c in choices[:12])
    more = f" (and {len(choices) - 12} more)" if len(choices) > 12 else ""
    return f"; expected one of {shown}{more}"
