"""Tables for papers: one :class:`Table`, written as CSV, Markdown and LaTeX (booktabs).

>>> t = Table("demo", "A demo", ("party", "value"), (("Russia", 0.4),))
>>> print(to_markdown(t))
| party | value |
| --- | --- |
| Russia | 0.4 |
<BLANKLINE>
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    """A named table: ``name`` is the file stem, ``caption`` a sentence for papers."""

    name: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]

    def _repr_markdown_(self) -> str:
        """The table in a notebook: its caption, then the Markdown table."""
        return f"**{self.caption}**\n\n{to_markdown(self)}"


def rounded(value: float) -> float:
    """A float rounded to 12 significant digits, so documents do not carry rounding noise.

    >>> rounded(0.1 + 0.2)
    0.3
    """
    return float(f"{value:.12g}")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.6g}"
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

    lines = ["| " + " | ".join(esc(c) for c in table.columns) + " |",
             "| " + " | ".join("---" for _ in table.columns) + " |"]
    lines += ["| " + " | ".join(esc(_cell(v)) for v in row) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


_LATEX = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
          "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}",
          "–": "--", "—": "---", "≥": r"$\geq$", "≤": r"$\leq$", "×": r"$\times$",
          "∅": r"$\emptyset$", "δ": r"$\delta$"}


def latex_escape(text: str) -> str:
    """Escape LaTeX's special characters.

    >>> latex_escape("50% & a_b")
    '50\\\\% \\\\& a\\\\_b'
    """
    return "".join(_LATEX.get(ch, ch) for ch in text)


def to_latex(table: Table) -> str:
    numeric = [all(isinstance(r[i], (int, float)) and not isinstance(r[i], bool)
                   for r in table.rows) and table.rows for i in range(len(table.columns))]
    # Long text columns wrap, so a table of sentences still fits a page.
    wide = [max((len(_cell(r[i])) for r in table.rows), default=0) > 40
            for i in range(len(table.columns))]
    share = 0.9 / max(1, sum(wide))
    spec = "".join("r" if n else (rf"p{{{share:.2f}\linewidth}}" if w else "l")
                   for n, w in zip(numeric, wide))
    lines = [r"\begin{table}[t]", r"\centering", r"\small",
             rf"\caption{{{latex_escape(table.caption)}}}",
             rf"\label{{tab:{table.name}}}", rf"\begin{{tabular}}{{{spec}}}", r"\toprule",
             " & ".join(latex_escape(c) for c in table.columns) + r" \\", r"\midrule"]
    lines += [" & ".join(latex_escape(_cell(v)) for v in row) + r" \\" for row in table.rows]
    lines += [r"\bottomrule", r"\end{tabular}", r"\end{table}"]
    return "\n".join(lines) + "\n"


WRITERS = {"csv": to_csv, "md": to_markdown, "tex": to_latex}
