"""LaTeX tables that fit the text width.

Every column gets a width that LaTeX need not guess: numbers (never broken) and short texts are
``p`` columns as wide as their widest entry, with their headers wrapping above them; longer
texts are ``tabularx`` ``X`` columns that share the rest of ``\\linewidth`` in proportion to
their length, none narrower than its longest word that cannot be hyphenated (up to 10 em; long
ids break after their dots and underscores). The widths are estimated from Computer Modern's glyph
widths and checked against :data:`LINEWIDTH`, the text width of a 10-pt ``article``: a table
that does not fit in ``\\small`` is set in ``\\footnotesize`` or ``\\scriptsize`` with narrower
gaps, and one that still does not fit is split into parts that each repeat its leading text
columns. Tables longer than :data:`LONG_TABLE` rows break across pages (``xltabular``, or
``longtable`` when no column wraps). The first line of each table is a comment naming the
packages it needs (:data:`PREAMBLE`).

>>> tex = render("demo", "A demo", ["party", "value"], [["Russia", 0.38]], str)
>>> print("\\n".join(line for line in tex.splitlines() if "{tabular}" not in line))
% Needs \\usepackage{booktabs,tabularx,xltabular} in the preamble (negotiation: demo)
\\begin{table}[t]
\\small
\\setlength{\\tabcolsep}{6pt}
\\centering
\\caption{A demo}
\\label{tab:demo}
\\toprule
party & value \\\\
\\midrule
Russia & 0.38 \\\\
\\bottomrule
\\end{table}

"Russia" is 2.86 em wide in cmr10 (R .736, u .556, s .394 twice, i .278, a .5); its column is a
little wider, for the estimate's sake:

>>> round(text_em("Russia"), 2), columns(["party"], [["Russia"]], [False])[0].width
(2.86, 3.04)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["FONTS", "LINEWIDTH", "LONG_TABLE", "PREAMBLE", "Column", "columns", "fits",
           "latex_escape", "layout", "render", "text_em"]

LONG_TABLE = 40         # rows: longer tables break across pages
LINEWIDTH = 345.0       # pt: \linewidth of a 10-pt article, the width the tables are sized for
# Font switch, its em in pt (Computer Modern at 9, 8 and 7 pt in a 10-pt article, as LaTeX's
# \fontdimen6 gives it), \tabcolsep in pt: tried in turn until the table fits.
FONTS = (("small", 9.25, 6.0), ("footnotesize", 8.5, 4.0), ("scriptsize", 7.97, 3.5))
SLACK = 0.98            # share of LINEWIDTH the estimates may fill (they are estimates)
SHORT = 9.0             # em: a text column no wider than this is set at its natural width
HEAD_WORD = 5.0         # em: longer header words hyphenate rather than widen a number column
MIN_X = 6.0             # em: the narrowest a wrapping column may become
WORD_X = 10.0           # em: a wrapping column is at least as wide as its longest word, to this
PREAMBLE = r"\usepackage{booktabs,tabularx,xltabular}"

_LATEX = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
          "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}",
          "–": "--", "—": "---", "≥": r"$\geq$", "≤": r"$\leq$", "×": r"$\times$",
          "∅": r"$\emptyset$", "δ": r"$\delta$", "<": r"$<$", ">": r"$>$", "→": r"$\to$",
          "←": r"$\leftarrow$", "≈": r"$\approx$", "±": r"$\pm$", "−": r"$-$", "¶": r"\P{}",
          "§": r"\S{}", "…": r"\dots{}", "’": "'", "‘": "`", "“": "``", "”": "''",
          "·": r"$\cdot$", "°": r"$^{\circ}$", "\u00a0": "~"}
# Long ids (parties.russia.scores.alignment.neutral, 000_ac0099bd.txt) may break after an
# underscore or a slash inside a word, and after a dot next to a letter (never inside 0.35).
_BREAK = re.compile(r"((?<=\w)[_/](?=\w)|(?<=[A-Za-z])\.(?=\w)|(?<=\w)\.(?=[A-Za-z]))")
_PIECES = re.compile(r"\s+|(?<=[_/-])(?=\w)|(?<=[A-Za-z]\.)(?=\w)|(?<=\w\.)(?=[A-Za-z])")

# Widths, in ems, of Computer Modern Roman's glyphs (Knuth, "Computer Modern Typefaces", 1986:
# cmr10); other characters count as 0.5 em (digits, other lower case) or 0.8 em.
_EM = dict(zip("abcdefghijklmnopqrstuvwxyz .,;:'()-%/+=<>!?", (
    .5, .556, .444, .556, .444, .306, .5, .556, .278, .306, .528, .278, .833, .556, .5, .556,
    .528, .392, .394, .389, .556, .528, .722, .528, .528, .444, .333, .278, .278, .278, .278,
    .278, .389, .389, .333, .833, .5, .778, .778, .778, .778, .278, .472)))
_EM |= dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (
    .75, .708, .722, .764, .681, .653, .785, .75, .361, .514, .778, .625, .917, .75, .778, .681,
    .778, .736, .556, .722, .75, .75, 1.028, .75, .75, .611)))


def latex_escape(text: str) -> str:
    """Escape LaTeX's special characters, and let long ids break after their dots and
    underscores.

    >>> latex_escape("50% & a_b")
    '50\\\\% \\\\& a\\\\_\\\\allowbreak{}b'
    """
    parts = _BREAK.split(text)
    return "".join("".join(_LATEX.get(ch, ch) for ch in part) + (r"\allowbreak{}" if k % 2
                                                                  else "")
                   for k, part in enumerate(parts))


def text_em(text: str) -> float:
    """About how wide ``text`` is set, in ems of its font.

    >>> round(text_em("0.38"), 3)
    1.778
    """
    return sum(_EM.get(ch, .5 if ch.isdigit() or ch.islower() else .8) for ch in text)


def _longest_piece(text: str) -> float:
    """The widest piece of ``text`` that LaTeX cannot break, in ems: a word of letters
    hyphenates (it counts as its longer half), anything with digits or symbols does not."""
    def least(piece: str) -> float:
        word = piece.strip(".,;:()'\"")
        return text_em(piece) * (0.6 if word.isalpha() and len(word) >= 6 else 1.0)

    return max((least(p) for p in _PIECES.split(text) if p), default=0.0)


@dataclass(frozen=True)
class Column:
    """A column: ``width`` in ems when fixed (a ``p`` column), ``None`` for a wrapping ``X``
    column that takes a share of the rest in proportion to ``weight`` and is never narrower
    than ``least`` ems (``natural``: its widest cell); ``align`` ``l`` or ``r``."""

    align: str
    width: float | None
    weight: float = 1.0
    least: float = MIN_X
    natural: float = 0.0        # ems: the widest cell of a wrapping column, unbroken

    def spec(self, hsize: float = 1.0) -> str:
        """The column's specification; ``hsize`` is an X column's width relative to the mean
        X column (tabularx's ``\\hsize`` factor)."""
        ragged = r"\raggedleft" if self.align == "r" else r"\raggedright"
        size = rf"\hsize={hsize:.3f}\hsize" if self.width is None and abs(hsize - 1) > 5e-4 \
            else ""
        # \hspace{0pt} lets TeX hyphenate a cell's first word too.
        pre = rf">{{{size}{ragged}\arraybackslash\hspace{{0pt}}}}"
        return pre + ("X" if self.width is None else f"p{{{self.width:.2f}em}}")


def columns(headers: Sequence[str], cells: Sequence[Sequence[str]],
            numeric: Sequence[bool]) -> list[Column]:
    """Columns sized to their contents (``cells`` as written): numbers and short texts at their
    widest cell, longer texts as wrapping columns weighted by their length."""
    out = []
    for k, head in enumerate(headers):
        widest = max((text_em(row[k]) for row in cells), default=0.0)
        word = max((text_em(w) for w in head.split()), default=0.0)
        if numeric[k] or max(widest, word) <= SHORT:
            width = max(widest, min(word, HEAD_WORD))
            # A margin for the estimate: a fixed column's text must never stick out.
            out.append(Column("r" if numeric[k] else "l", round(1.03 * width + 0.1, 2)))
        else:
            piece = max([_longest_piece(row[k]) for row in cells] + [word])
            # Weights grow with the square root of the widest cell, so that a column of
            # long texts does not squeeze one of middling texts into a sliver.
            out.append(Column("l", None, min(max(widest, 8.0), 60.0) ** 0.5,
                              max(MIN_X, min(piece + 0.2, WORD_X)), widest))
    return out


def fits(cols: Sequence[Column], em_pt: float, sep_pt: float) -> bool:
    """Whether the fixed columns, the gaps between columns (``\\tabcolsep`` on each side) and
    the narrowest allowed width of each wrapping column add up to at most :data:`LINEWIDTH`
    (times :data:`SLACK`), with ``em_pt`` the font's em in points."""
    total = sum((c.width if c.width is not None else c.least) * em_pt for c in cols)
    return total + 2 * sep_pt * len(cols) <= SLACK * LINEWIDTH


def _widen(cols: list[Column], headers: Sequence[str], em_pt: float,
           sep_pt: float) -> list[Column]:
    """Fixed columns widened, where the table has room, so that their headers take one line,
    else two, else three (wrapping columns keep at least 12 em, or their widest cell)."""
    out = list(cols)
    for k, head in enumerate(headers):
        for lines in (1, 2, 3):
            c = out[k]
            if c.width is None or text_em(head) <= lines * c.width:
                break
            wider = Column(c.align, round(min(1.03 * text_em(head) / lines + 0.3, 9.0), 2))
            trial = out[:k] + [wider] + out[k + 1:]
            room = [Column(x.align, max(x.least, min(x.natural, 12.0))) if x.width is None
                    else x for x in trial]
            if fits(room, em_pt, sep_pt):
                out = trial
                break
    return out


def layout(cols: list[Column], headers: Sequence[str], keys: int = 1
           ) -> tuple[str, float, float, list[list[int]], list[Column]]:
    """The font switch, its em and ``\\tabcolsep`` in points, the groups of column indices
    each part of the table holds, and the columns: one part in the first of :data:`FONTS` in
    which the table fits (fixed columns widened where that shortens a tall header); else parts
    in the smallest that each repeat the first ``keys`` columns (which name the rows)."""
    for name, em_pt, sep in FONTS:
        if fits(cols, em_pt, sep):
            return name, em_pt, sep, [list(range(len(cols)))], _widen(cols, headers, em_pt,
                                                                       sep)
    name, em_pt, sep = FONTS[-1]
    lead = list(range(min(keys, len(cols) - 1)))
    groups, current = [], []
    for k in range(len(lead), len(cols)):
        if current and not fits([cols[i] for i in lead + current + [k]], em_pt, sep):
            groups.append(lead + current)
            current = []
        current.append(k)
    groups.append(lead + current)
    return name, em_pt, sep, groups, cols


def _hsizes(cols: Sequence[Column], em_pt: float, sep_pt: float) -> list[float]:
    """Each wrapping column's width relative to the mean wrapping column: shares of the room
    the fixed columns leave in proportion to the columns' weights, raised to each column's
    least width where the share falls short."""
    room = SLACK * LINEWIDTH / em_pt - sum(c.width for c in cols if c.width is not None) \
        - 2 * sep_pt * len(cols) / em_pt
    wrapping = [c for c in cols if c.width is None]
    share = {k: 0.0 for k in range(len(wrapping))}
    free = set(share)
    while free:
        weight = sum(wrapping[k].weight for k in free)
        left = room - sum(share[k] for k in share if k not in free)
        short = [k for k in free if left * wrapping[k].weight / weight < wrapping[k].least]
        if not short:
            share |= {k: left * wrapping[k].weight / weight for k in free}
            break
        for k in short:
            share[k] = wrapping[k].least
            free.discard(k)
    mean = sum(share.values()) / max(len(share), 1)
    return [share[k] / mean if mean > 0 else 1.0 for k in range(len(wrapping))]


def _specs(cols: Sequence[Column], em_pt: float, sep_pt: float) -> str:
    sizes = iter(_hsizes(cols, em_pt, sep_pt))
    return "".join(c.spec(next(sizes) if c.width is None else 1.0) for c in cols)


def _label(prefix: str, name: str) -> str:
    return "tab:" + re.sub(r"[^A-Za-z0-9]+", "-", f"{prefix}-{name}" if prefix else name)


def _is_numeric(values: Sequence[object]) -> bool:
    """A column of numbers (blank cells allowed): right-aligned and never broken."""
    filled = [v for v in values if v is not None and v != ""]
    return bool(filled) and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                for v in filled)


def render(name: str, caption: str, headers: Sequence[str], rows: Sequence[Sequence[object]],
           cell: Callable[[object], str], prefix: str = "") -> str:
    """A table as LaTeX that fits ``\\linewidth`` (see the module's description): ``cell``
    writes a value as text; ``\\label{tab:PREFIX-NAME}``, with ``prefix`` naming the results
    folder so that labels are unique across folders."""
    numeric = [_is_numeric([r[i] for r in rows]) for i in range(len(headers))]
    cells = [[cell(v) for v in row] for row in rows]
    # The rows are named by the first column, or by the first two when the first repeats
    # (a proposal, then each party's reading of it).
    first = [row[0] for row in cells]
    keys = 2 if len(headers) > 2 and len(set(first)) < len(first) and not numeric[1] else 1
    font, em_pt, sep, groups, cols = layout(columns(headers, cells, numeric), headers, keys)

    def tex(text: str, k: int) -> str:
        escaped = latex_escape(text)
        return escaped.replace(" ", "~") if numeric[k] else escaped   # numbers never break

    title = latex_escape(caption)
    label = rf"\label{{{_label(prefix, name)}}}"
    long = len(rows) > LONG_TABLE
    lines = [f"% Needs {PREAMBLE} in the preamble (negotiation: {name})",
             "{" if long else r"\begin{table}[t]", rf"\{font}",
             rf"\setlength{{\tabcolsep}}{{{sep:g}pt}}"]
    if not long:
        lines += [r"\centering", rf"\caption{{{title}}}", label]
    for n, group in enumerate(groups):
        part = [cols[k] for k in group]
        head = " & ".join(latex_escape(headers[k]) for k in group) + r" \\"
        body = [" & ".join(tex(row[k], k) for k in group) + r" \\" for row in cells]
        spec = _specs(part, em_pt, sep)
        wraps = any(c.width is None for c in part)
        if long:
            env, width = ("xltabular", r"{\linewidth}") if wraps else ("longtable", "")
            more = f" (part {n + 1} of {len(groups)})" if len(groups) > 1 else ""
            lines += [rf"\begin{{{env}}}{width}{{{spec}}}",
                      rf"\caption{{{title}{more}}}" + (label if n == 0 else "") + r" \\",
                      r"\toprule", head, r"\midrule", r"\endfirsthead",
                      r"\toprule", head, r"\midrule", r"\endhead", r"\bottomrule",
                      r"\endlastfoot", *body, rf"\end{{{env}}}"]
        else:
            env, width = ("tabularx", r"{\linewidth}") if wraps else ("tabular", "")
            if n:
                lines.append(r"\par\medskip")
            lines += [rf"\begin{{{env}}}{width}{{{spec}}}", r"\toprule", head, r"\midrule",
                      *body, r"\bottomrule", rf"\end{{{env}}}"]
    lines.append("}" if long else r"\end{table}")
    return "\n".join(lines) + "\n"
