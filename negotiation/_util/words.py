"""Words: readable lists and counted nouns.
"""

from __future__ import annotations

__all__ = ["counted", "join_words"]


def counted(n: int | None, noun: str, plural: str | None = None) -> str:
    """``1 settlement``, ``462,825 settlements``; ``not counted`` for ``None``.

    >>> counted(1, "settlement"), counted(462825, "settlement"), counted(2, "party", "parties")
    ('1 settlement', '462,825 settlements', '2 parties')
    """
    if n is None:
        return f"{noun}s not counted" if plural is None else f"{plural} not counted"
    word = noun if n == 1 else (plural or noun + "s")
    return f"{n:,} {word}"


def join_words(words: list[str], limit: int = 0) -> str:
    """``a, b and c``; with ``limit``, the first ``limit`` words and ``k more``.

    >>> join_words(["Russia", "Ukraine", "the West"])
    'Russia, Ukraine and the West'
    """
    if limit and len(words) > limit:
        words = words[:limit] + [f"{len(words) - limit} more"]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
