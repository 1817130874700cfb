"""No module imports upward: the layers of restore, checked on the source with ``ast``.

Every import counts, also one inside a function (a lazy import is still a dependency).
The CLI reaches the lab through ``importlib`` names (``cli.DELEGATED``), not imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "restore"

LAYERS: dict[str, int] = {
    "restore.errors": 0,
    "restore.english": 1,
    "restore.suggestion": 2,
    "restore.context": 2,
    "restore.registry": 2,
    "restore.config": 2,
    "restore.dictionary": 2,
    "restore.passes": 3,
    "restore.model": 3,
    "restore.critic": 3,
    "restore.pipeline": 4,
    "restore.formats": 5,
    "restore.render": 5,
    "restore.diff": 5,
    "restore.batch": 6,
    "restore.batch_ray": 6,
    "restore.review": 6,
    "restore.ui": 7,
    "restore.cli": 8,
    "restore.__main__": 8,
    "restore": 8,
    "restore.lab": 9,
}
"""A module may import its own layer and those below. 0: errors; 1: the English layer;
2: the core (suggestions, context, registry, config, house dictionary); 3: passes, model,
critic; 4: the pipeline; 5: formats and renderings; 6: batch and the review queue; 7: the
UI; 8: the CLI and the package's public face; 9: the lab, which nothing imports."""

INDEPENDENT = ("restore.passes", "restore.model", "restore.critic")
"""Packages that never import each other (each pass, the model and the critic stand alone)."""


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _nodes(tree: ast.AST):  # noqa: ANN202 - every node outside ``if TYPE_CHECKING:`` blocks
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            continue  # annotations only: no dependency at run time
        yield node
        yield from _nodes(node)


def _imports(path: Path) -> list[str]:
    """The restore modules ``path`` imports (relative imports resolved)."""
    return _imports_in(_module_name(path), path.name == "__init__.py", path.read_text(encoding="utf-8"))


def _imports_in(name: str, is_package: bool, source: str) -> list[str]:
    package = name if is_package else name.rpartition(".")[0]
    found: list[str] = []
    for node in _nodes(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "restore"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == "restore":
                target = node.module
            else:
                continue
            found += [f"{target}.{a.name}" for a in node.names] if not node.module else [target]
    return found


def _layer(module: str) -> tuple[str, int]:
    key = max((k for k in LAYERS if module == k or module.startswith(k + ".")), key=len)
    return key, LAYERS[key]


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_layer() -> None:
    for path in MODULES:
        _layer(_module_name(path))


def _violations(me: str, is_package: bool, targets: list[str]) -> list[str]:
    my_key, mine = _layer(me)
    found = []
    for target in targets:
        key, theirs = _layer(target)
        if theirs > mine:
            found.append(f"{me} (layer {mine}) imports {target} (layer {theirs})")
        if key == "restore.lab" and my_key != "restore.lab":
            found.append(f"{me} imports the lab ({target}): runtime never does")
        if my_key in INDEPENDENT and key in INDEPENDENT and key != my_key:
            found.append(f"{me} imports {target}: passes, model and critic stand alone")
        if my_key == key == "restore.passes" and not is_package and target != "restore.passes":
            found.append(f"{me} imports another pass, {target}")
        if my_key == "restore.english" and key not in ("restore.english", "restore.errors"):
            found.append(f"{me} imports {target}: the English layer stands alone")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_upward(path: Path) -> None:
    assert _violations(_module_name(path), path.name == "__init__.py", _imports(path)) == []


def test_the_check_sees_violations() -> None:
    """The checker itself finds a lazy import of the lab, a pass importing a pass, the
    model importing a pass and an import upward."""
    source = "from .spelling import x\ndef f():\n    from ..lab import noise\n    import restore.pipeline\n"
    targets = _imports_in("restore.passes.words", False, source)
    assert targets == ["restore.passes.spelling", "restore.lab", "restore.pipeline"]
    found = _violations("restore.passes.words", False, targets)
    assert len(found) == 4  # another pass; the lab (upward and forbidden); the pipeline (upward)
    assert _violations("restore.model.infer", False, ["restore.passes.artifacts"])
    assert _violations("restore.english.tokens", False, ["restore.suggestion"])
    assert not _violations("restore.lab.calibrate", False, ["restore.pipeline", "restore.model.infer"])
