"""User-facing errors: one clear message naming the file, the key path and the fix.

Every problem a user can cause (a malformed model file, an unknown name, a bad override, a space
too large to enumerate) raises :class:`ModelError`. The command line prints it without a traceback
and exits with status 2; nothing is written.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["InputError", "ModelError", "did_you_mean"]


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


class InputError(ModelError, ValueError):
    """A bad argument to a library function: ``argument`` names the parameter (``draws``,
    ``method``, ``set``...), ``value`` what was given. It is a :class:`ValueError` for Python
    callers; the command line shows it as the matching option (``--draws 0: ...``).

    >>> print(InputError("must be at least 1", argument="draws", value=0,
    ...                  fix="ask for one draw or more"))
    draws=0: must be at least 1
      fix: ask for one draw or more
    """

    def __init__(self, message: str, *, argument: str, value: object = None,
                 file: str | None = None, fix: str | None = None) -> None:
        self.argument = argument
        self.value = value
        key = argument if value is None else f"{argument}={value!r}"
        super().__init__(message, file=file, key=key, fix=fix)

    def located(self, file: str | None = None, key: str | None = None) -> InputError:
        return InputError(self.message, argument=self.argument, value=self.value,
                          file=self.file or file, fix=self.fix)

    def as_option(self, flag: str) -> ModelError:
        """The same error worded for the command line option ``flag``."""
        key = flag if self.value is None else f"{flag} {self.value}"
        return ModelError(self.message, file=self.file, key=key, fix=self.fix)


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
