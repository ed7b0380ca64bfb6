"""The layers of ``overlay/claude_3_sonnet`` hold: no import circle, no import upward.

Read from the source with ``ast`` (imports inside functions included, since
a lazy import is still a dependency), so the rule cannot be dodged by
moving an import into a function. The layers, lowest first:

======  ==========================================  ====================================
rank    modules                                     may import
======  ==========================================  ====================================
0       ``_version``                                nothing of the package
1       ``core``                                    itself, rank 0; no HTTP library
2       ``transport``; ``mock`` (beside it)         itself, ranks 0-1
3       helpers (``images``, ``tools``,             themselves, ranks 0-2
        ``conversation``), the package's API
4       ``batch``, ``testing``                      itself, ranks 0-3
5       ``cli``, ``__main__``                       anything below
======  ==========================================  ====================================
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "overlay"
PACKAGE = "claude_3_sonnet"
HTTP_LIBRARIES = ("httpx", "httpx2", "httpcore", "httpcore2")


def layer(module: str) -> tuple[int, str]:
    """(rank, group) of a module of the package."""
    parts = module.split(".")[1:]
    head = parts[0] if parts else ""
    if head == "_version":
        return 0, "version"
    if head == "core":
        return 1, "core"
    if head == "transport":
        return 2, "transport"
    if head == "mock":
        return 2, "mock"
    if head in ("images", "tools", "conversation", ""):
        return 3, "helpers"
    if head in ("batch", "testing"):
        return 4, head
    if head in ("cli", "__main__"):
        return 5, "cli"
    raise AssertionError(f"{module} is in no layer: add it to tests/test_architecture.py")


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        relative = path.relative_to(ROOT).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(module: str, path: Path, known: set[str]) -> Iterator[tuple[str, int]]:
    """(imported module, line) for every import in the file, relative ones resolved."""
    is_package = path.name == "__init__.py"
    base = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base[: len(base) - node.level + 1]
                target = ".".join([*anchor, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                child = f"{target}.{alias.name}"
                yield (child if child in known else target), node.lineno


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    edges: dict[str, set[str]] = {}
    for module, path in found.items():
        edges[module] = {
            target
            for target, _ in imports(module, path, known)
            if target in known and target != module
        }
    return edges


def test_every_module_is_in_a_layer() -> None:
    for module in modules():
        layer(module)


def test_no_import_goes_up_or_sideways() -> None:
    problems = []
    for module, targets in graph().items():
        rank, group = layer(module)
        for target in targets:
            target_rank, target_group = layer(target)
            if target_rank > rank or (target_rank == rank and target_group != group):
                problems.append(
                    f"{module} (layer {rank} {group}) imports {target} "
                    f"(layer {target_rank} {target_group})"
                )
    assert problems == []


def test_there_is_no_import_circle() -> None:
    edges = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                component.append(item)
                if item == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in edges:
        if node not in index:
            visit(node)
    # A package's __init__ re-exports its own modules, which import siblings through
    # the package path; only circles between distinct modules count.
    assert circles == []


@pytest.mark.parametrize("module", [m for m in modules() if layer(m)[1] == "core"])
def test_the_core_imports_no_http_library(module: str) -> None:
    path = modules()[module]
    used = {name.split(".")[0] for name, _ in imports(module, path, set(modules()))}
    assert used.isdisjoint(HTTP_LIBRARIES), f"{module} imports {used & set(HTTP_LIBRARIES)}"
