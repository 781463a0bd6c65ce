"""Tables for papers: one :class:`Table`, written as CSV (data), Markdown and LaTeX (to read and
to paste into a paper).

CSV keeps every column and full precision. Markdown and LaTeX leave out the columns marked
``data_only`` (internal ids kept for scripts), write verdicts by their labels, integers with
thousands separators and other numbers to three significant digits (a value under 1e-12, such as
a verified equilibrium's regret, as ``< 1e-12``). LaTeX tables use ``booktabs`` and fit the text
width: text columns are ``tabularx`` X columns that wrap; tables longer than a page use
``xltabular`` (the preamble needs ``\\usepackage{booktabs,tabularx,xltabular}``).

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
import re
from dataclasses import dataclass

__all__ = ["LONG_TABLE", "WRITERS", "Table", "latex_escape", "paper_cell", "rounded", "to_csv",
           "to_latex", "to_markdown"]

LONG_TABLE = 40      # rows: longer LaTeX tables break across pages (xltabular)
TINY = 1e-12
_WRAP = r">{\raggedright\arraybackslash}X"
_VERDICT_LABELS = {"structural_trap": "structural trap", "ripeness_gap": "ripeness gap",
                   "agreement_possible": "agreement possible", "dilemma": "dilemma",
                   "open": "open", "no_zone": "no zone of agreement"}


@dataclass(frozen=True)
class Table:
    """A named table: ``name`` is the file stem, ``caption`` a sentence for papers;
    ``data_only`` names columns written to CSV only (ids for scripts)."""

    name: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    data_only: tuple[str, ...] = ()

    def _repr_markdown_(self) -> str:
        """The table in a notebook: its caption, then the Markdown table."""
        return f"**{self.caption}**\n\n{to_markdown(self)}"

    def shown(self) -> tuple[list[str], list[list[object]]]:
        """The columns and rows a reader sees (without the data-only columns)."""
        keep = [k for k, c in enumerate(self.columns) if c not in self.data_only]
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
    """A value for a reader: labels for verdicts, ``462,825``, ``0.38``, ``< 1e-12``.

    >>> [paper_cell(v) for v in (462825, 0.380000001, 3e-16, 0.0, 1234.5, "ripeness_gap")]
    ['462,825', '0.38', '< 1e-12', '0', '1,234', 'ripeness gap']
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
        return f"{value:.3g}"
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


_LATEX = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
          "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}",
          "–": "--", "—": "---", "≥": r"$\geq$", "≤": r"$\leq$", "×": r"$\times$",
          "∅": r"$\emptyset$", "δ": r"$\delta$", "<": r"$<$", ">": r"$>$"}


def latex_escape(text: str) -> str:
    """Escape LaTeX's special characters.

    >>> latex_escape("50% & a_b")
    '50\\\\% \\\\& a\\\\_b'
    """
    return "".join(_LATEX.get(ch, ch) for ch in text)


def _label(prefix: str, name: str) -> str:
    return "tab:" + re.sub(r"[^A-Za-z0-9]+", "-", f"{prefix}-{name}" if prefix else name)


def to_latex(table: Table, prefix: str = "") -> str:
    """The table as LaTeX: booktabs rules, numeric columns right-aligned, text columns as
    wrapping ``X`` columns so the table fits ``\\linewidth``; ``\\label{tab:PREFIX-NAME}``, with
    ``prefix`` naming the results folder so labels are unique across folders."""
    columns, rows = table.shown()
    numeric = [bool(rows) and all(isinstance(r[i], (int, float)) and not isinstance(r[i], bool)
                                  for r in rows) for i in range(len(columns))]
    short = [max((len(paper_cell(r[i])) for r in rows), default=0) <= 12
             and len(columns[i]) <= 16 for i in range(len(columns))]
    wide = len(columns) > 6                # many columns: every text column may wrap
    spec = "".join("r" if n else ("l" if s and not wide else _WRAP)
                   for n, s in zip(numeric, short))
    # Without a wrapping column, spread the columns over the width instead.
    env, fill = ("tabularx", "") if _WRAP in spec else ("tabular*", r"@{\extracolsep{\fill}}")
    head = " & ".join(latex_escape(c) for c in columns) + r" \\"
    body = [" & ".join(latex_escape(paper_cell(v)) for v in row) + r" \\" for row in rows]
    caption = rf"\caption{{{latex_escape(table.caption)}}}"
    label = rf"\label{{{_label(prefix, table.name)}}}"
    if len(rows) > LONG_TABLE:
        if _WRAP not in spec:           # xltabular needs one X column to fill the width
            spec = (spec.replace("l", _WRAP, 1) if "l" in spec
                    else spec.replace("r", r">{\raggedleft\arraybackslash}X", 1))
        lines = [r"{\small", rf"\begin{{xltabular}}{{\linewidth}}{{{spec}}}",
                 caption + label + r" \\", r"\toprule", head, r"\midrule", r"\endfirsthead",
                 r"\toprule", head, r"\midrule", r"\endhead", r"\bottomrule", r"\endlastfoot",
                 *body, r"\end{xltabular}", "}"]
    else:
        lines = [r"\begin{table}[t]", r"\centering", r"\small", caption, label,
                 rf"\begin{{{env}}}{{\linewidth}}{{{fill}{spec}}}", r"\toprule", head,
                 r"\midrule", *body, r"\bottomrule", rf"\end{{{env}}}", r"\end{table}"]
    return "\n".join(lines) + "\n"


WRITERS = {"csv": to_csv, "md": to_markdown, "tex": to_latex}
