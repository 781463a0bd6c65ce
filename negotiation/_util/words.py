"""Joining words into readable lists.
"""

from __future__ import annotations


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
