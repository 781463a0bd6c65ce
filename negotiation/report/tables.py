"""Tables for papers: one :class:`Table`, written as CSV (data), Markdown and LaTeX (to read and
to paste into a paper).

CSV keeps every column and full precision. Markdown and LaTeX leave out the columns marked
``data_only`` (internal ids kept for scripts), write verdicts by their labels, integers with
thousands separators and other numbers to three significant digits (a value under 1e-12, such as
a verified equilibrium's regret, as ``< 1e-12``). LaTeX tables use ``booktabs`` and fit the text
width (:mod:`negotiation.report.latex`: sized columns, wrapping text, smaller type or parts
when wide, page breaks when long); their first line names the packages they need
(``\\usepackage{booktabs,tabularx,xltabular}``).

>>> t = Table("demo", "A demo", ("party", "value", "id"), (("Russia", 0.38000001, "r"),),
...           data_only=("id",))
>>> print(to_markdown(t))
| party | value |
| --- | --- |
| Russia | 0.38 |
<BLANKLINE>
>>> print(to_csv(t), end="")
party,value,id
Russia,0.38000001,r
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from negotiation.report.latex import latex_escape, render

__all__ = ["WRITERS", "DataColumn", "Table", "latex_escape", "paper_cell", "rounded", "to_csv",
           "to_latex", "to_markdown"]

TINY = 1e-12
_WRAP = r">{\raggedright\arraybackslash}X"
_VERDICT_LABELS = {"structural_trap": "structural trap", "ripeness_gap": "ripeness gap",
                   "agreement_possible": "agreement possible", "dilemma": "dilemma",
                   "open": "open", "no_zone": "no zone of agreement"}


class DataColumn(str):
    """The name of a column written to CSV only. Tables remember it in the column name itself,
    so a table rebuilt from another's ``columns`` (``Table(new_name, t.caption, t.columns,
    t.rows)``) keeps its ids out of Markdown and LaTeX."""


@dataclass(frozen=True)
class Table:
    """A named table: ``name`` is the file stem, ``caption`` a sentence for papers;
    ``data_only`` names columns written to CSV only (ids for scripts)."""

    name: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    data_only: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        marked = tuple(DataColumn(c) if c in self.data_only else c for c in self.columns)
        object.__setattr__(self, "columns", marked)

    def _repr_markdown_(self) -> str:
        """The table in a notebook: its caption, then the Markdown table."""
        return f"**{self.caption}**\n\n{to_markdown(self)}"

    def renamed(self, name: str) -> Table:
        """The same table under another file stem (its data-only columns stay data-only)."""
        from dataclasses import replace

        return replace(self, name=name)

    def shown(self) -> tuple[list[str], list[list[object]]]:
        """The columns and rows a reader sees (without the data-only columns)."""
        keep = [k for k, c in enumerate(self.columns)
                if c not in self.data_only and not isinstance(c, DataColumn)]
        return ([self.columns[k] for k in keep],
                [[row[k] for k in keep] for row in self.rows])


def rounded(value: float) -> float:
    """A float rounded to 12 significant digits, so documents do not carry rounding noise.

    >>> rounded(0.1 + 0.2)
    0.3
    """
    return float(f"{value:.12g}")


def _cell(value: object) -> str:
    """A value for CSV: full precision."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.12g}"
    return str(value)


def paper_cell(value: object) -> str:
    """A value for a reader: labels for verdicts, ``462,825``, ``0.38``, ``< 1e-12``, a share
    just under 1 with the digits that tell it from 1.

    >>> [paper_cell(v) for v in (462825, 0.380000001, 3e-16, 0.0, 1234.5, "ripeness_gap")]
    ['462,825', '0.38', '< 1e-12', '0', '1,234', 'ripeness gap']
    >>> [paper_cell(v) for v in (0.99998, 0.9996, 1.0, 0.9949)]
    ['0.99998', '0.9996', '1', '0.995']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value == 0:
            return "0"
        if abs(value) < TINY:
            return f"< {TINY:g}" if value > 0 else f"> -{TINY:g}"
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        # A share just under 1 keeps the digits that tell it from 1 (0.99998, not 1).
        digits = 3
        while abs(float(f"{value:.{digits}g}")) == 1 != abs(value) and digits < 12:
            digits += 1
        return f"{value:.{digits}g}"
    if isinstance(value, str):
        return _VERDICT_LABELS.get(value, value)
    return str(value)


def to_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([_cell(v) for v in row] for row in table.rows)
    return out.getvalue()


def to_markdown(table: Table) -> str:
    def esc(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    columns, rows = table.shown()
    lines = ["| " + " | ".join(esc(c) for c in columns) + " |",
             "| " + " | ".join("---" for _ in columns) + " |"]
    lines += ["| " + " | ".join(esc(paper_cell(v)) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def to_latex(table: Table, prefix: str = "") -> str:
    """The table as LaTeX that fits ``\\linewidth`` (:func:`negotiation.report.latex.render`):
    numbers and verdicts as :func:`paper_cell` writes them, ids left out, and
    ``\\label{tab:PREFIX-NAME}`` with ``prefix`` naming the results folder."""
    headers, rows = table.shown()
    return render(table.name, table.caption, headers, rows, paper_cell, prefix)


WRITERS = {"csv": to_csv, "md": to_markdown, "tex": to_latex}
