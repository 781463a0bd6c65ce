"""Shares of Monte Carlo draws in words: never rounded to a certainty they are not, with Wilson
intervals whose ends are exact where the count is 0 or all draws, and printed with the digits
that keep the two ends apart.
"""

from __future__ import annotations

__all__ = ["first_draws", "interval", "interval_text", "share_text"]

_MOST_DIGITS = 12


def interval(k: int, n: int) -> tuple[float, float]:
    """The 95 % Wilson score interval for ``k`` of ``n`` draws (Wilson 1927, "Probable
    inference, the law of succession, and statistical inference", JASA 22:209-212), with its
    lower end exactly 0 when ``k`` is 0 and its upper end exactly 1 when ``k`` is ``n`` (the
    formula leaves rounding noise such as 1e-17 there).

    >>> interval(0, 100)[0], interval(100, 100)[1]
    (0.0, 1.0)
    """
    from negotiation.whatif.uncertainty import wilson

    lo, hi = wilson(k, n)
    return (0.0 if k == 0 else lo, 1.0 if k == n else hi)


def share_text(k: int, n: int) -> str:
    """``k / n`` with four significant digits, or more where four would round a share that is
    not 0 or 1 to 0 or 1.

    >>> share_text(3312, 10000), share_text(199996, 200000), share_text(5, 20000)
    ('0.3312', '0.99998', '0.00025')
    >>> share_text(0, 7), share_text(7, 7)
    ('0', '1')
    """
    if k == 0 or k == n:
        return "0" if k == 0 else "1"
    p = k / n
    for digits in range(4, _MOST_DIGITS + 1):
        text = f"{p:.{digits}g}"
        if float(text) not in (0.0, 1.0):
            return text
    return f"{p:.{_MOST_DIGITS}g}"


def interval_text(lo: float, hi: float) -> str:
    """``lo-hi`` with four significant digits, or as many more as keep the two ends apart and
    keep an end that is not 0 or 1 from being printed as one.

    >>> interval_text(0.3220, 0.3405)
    '0.322-0.3405'
    >>> interval_text(0.99998079, 1.0)
    '0.99998-1'
    >>> interval_text(0.0, 3.7e-05)
    '0-3.7e-05'
    """
    for digits in range(4, _MOST_DIGITS + 1):
        a, b = f"{lo:.{digits}g}", f"{hi:.{digits}g}"
        if a != b and (lo == 1 or float(a) != 1) and (hi == 0 or float(b) != 0):
            return f"{a}-{b}"
    return f"{lo:.{_MOST_DIGITS}g}-{hi:.{_MOST_DIGITS}g}"


def first_draws(n: int) -> str:
    """``the first draw``, ``the first 1,000 draws``."""
    return "the first draw" if n == 1 else f"the first {n:,} draws"
