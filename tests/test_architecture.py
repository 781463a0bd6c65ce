"""The layers of ../shared/DESIGN.md §3: imports go one way, with no cycle anywhere.

Every import statement counts, including those inside functions and under ``TYPE_CHECKING``.
A module may import from its own layer's package and from the layers below; the analyses
(``milp``, ``whatif``, ``games``, ``gmcr``) are independent of one another.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "negotiation"

# Top to bottom; packages on one row are independent of each other unless marked shared.
LAYERS = [
    ("cli", "commands"),
    ("api",),
    ("plots",),
    ("report",),
    ("analysis", "sections"),
    ("milp", "whatif", "games", "gmcr"),
    ("bargaining",),
    ("model",),
    ("errors", "_util", "_version"),
]
SHARED_ROWS = {0, 4, 8}      # rows whose members may import each other (in one direction)
ROOT = "negotiation"         # the package's __init__: the notebook API, above everything


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    return ".".join(rel.parts).removesuffix(".__init__")


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(path: Path, known: dict[str, Path], name: str) -> set[str]:
    """The package modules ``path`` imports, resolved to the longest known module name."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")[: -node.level + (path.name == "__init__.py") or None]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            names = [f"{mod}.{a.name}" for a in node.names]
            # ``from pkg import module`` depends on the module, not on the package's __init__
            targets = names + ([] if all(t in known for t in names) else [mod])
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def layer_of(module: str) -> tuple[int, str]:
    if module == ROOT:
        return -1, ROOT
    top = module.split(".")[1]
    for row, members in enumerate(LAYERS):
        if top in members:
            return row, top
    raise AssertionError(f"{module} is in no layer: add its package to LAYERS")


def test_imports_go_one_way():
    known = modules()
    problems = []
    for name, path in sorted(known.items()):
        row, top = layer_of(name)
        for target in sorted(imports(path, known, name)):
            t_row, t_top = layer_of(target)
            if t_top == top or t_row > row:
                continue
            if t_row == row and row in SHARED_ROWS:
                continue
            problems.append(f"{name} imports {target} ({top} may not depend on {t_top})")
    assert not problems, "\n".join(problems)


def test_no_import_cycles_between_modules():
    known = modules()
    # Edges into a package's __init__ are re-exports, not dependencies of the code.
    graph = {m: {t for t in imports(p, known, m) if known[t].name != "__init__.py"}
             for m, p in known.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [])
    assert not cycles, "\n".join(cycles)


def test_modules_are_short_and_declare_their_public_names():
    long = [f"{m} ({n} lines)" for m, p in modules().items()
            if (n := len(p.read_text("utf-8").splitlines())) > 450]
    assert not long, "modules over about 400 lines: " + ", ".join(long)
    for m, p in modules().items():
        if p.name in ("_version.py",) or m == f"{ROOT}.commands":
            continue
        tree = ast.parse(p.read_text("utf-8"))
        declared = [n for n in tree.body if isinstance(n, ast.Assign)
                    and any(getattr(t, "id", None) == "__all__" for t in n.targets)]
        assert declared, f"{m} has no __all__"
        if p.name == "__init__.py":
            continue                      # packages re-export what their modules define
        targets = [t for n in tree.body if isinstance(n, ast.Assign) for t in n.targets]
        defined = {e.id for t in targets for e in (t.elts if isinstance(t, ast.Tuple) else [t])
                   if isinstance(e, ast.Name)}
        defined |= {n.name for n in tree.body
                    if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        defined |= {n.target.id for n in tree.body if isinstance(n, ast.AnnAssign)}
        defined |= {(a.asname or a.name).split(".")[0] for n in tree.body
                    if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
        names = ast.literal_eval(declared[0].value)
        missing = sorted(set(names) - defined)
        assert not missing, f"{m}: __all__ names what it does not define: {missing}"


def test_the_layer_test_catches_an_upward_import(tmp_path):
    fake = tmp_path / "m.py"
    fake.write_text("def f():\n    from negotiation.plots import style\n")
    known = modules() | {"negotiation.model.fake": fake}
    assert "negotiation.plots.style" in imports(fake, known, "negotiation.model.fake")
    assert layer_of("negotiation.plots.style")[0] < layer_of("negotiation.model.fake")[0]
