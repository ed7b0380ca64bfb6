"""Every ```python block in README.md and docs/*.md runs, against the mock.

Documentation that does not run is worse than none, so each block is
executed as a reader would paste it: in a fresh module namespace, in an
empty temporary working directory, with ``AIMLAPI_API_KEY`` and
``AIMLAPI_BASE_URL`` pointing at the session's mock server (the client reads
both), so ``Claude3Sonnet()`` without arguments works.

Prelude: the working directory holds ``photo.png`` (a 1x1 PNG), the file the
image examples refer to as "any image of yours".

A block that must not run is fenced ```python no-test. The files are read at
collection time, so whatever README.md holds when the tests run is checked.
"""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import attrs
import pytest

from claude_3_sonnet.mock import MockServer

from .support import KEY, PNG, run_mypy

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")


@attrs.frozen
class Block:
    path: Path
    line: int
    """Line number of the first line of code (1-based)."""
    code: str
    run: bool

    @property
    def label(self) -> str:
        return f"{name_of(self.path)}:{self.line}"


def name_of(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def blocks_of(path: Path) -> list[Block]:
    """The python blocks of a Markdown file; an unclosed fence is an error."""
    found: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    opened: tuple[int, str, str, list[str]] | None = None  # start, fence, info, lines
    for number, line in enumerate(lines, start=1):
        match = FENCE.match(line)
        if opened is None:
            if match:
                opened = (number + 1, match.group(2), match.group(3).strip(), [])
            continue
        start, fence, info, body = opened
        if match and match.group(2).startswith(fence) and not match.group(3).strip():
            words = info.split()
            if words[:1] == ["python"]:
                found.append(Block(path, start, "\n".join(body) + "\n", "no-test" not in words))
            opened = None
        else:
            body.append(line)
    if opened is not None:
        raise AssertionError(f"{name_of(path)}:{opened[0] - 1}: unclosed code fence")
    return found


def documents() -> list[Path]:
    return [p for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))] if p.exists()]


ALL_BLOCKS = [block for path in documents() for block in blocks_of(path)]


def test_the_readme_has_runnable_examples() -> None:
    readme = [b for b in ALL_BLOCKS if b.path.name == "README.md"]
    assert len(readme) >= 12
    assert all(b.run for b in readme)


def test_fences_are_parsed(tmp_path: Path) -> None:
    sample = tmp_path / "sample.md"
    sample.write_text(
        "text\n```python\na = 1\n```\n````md\n```python\nnot = code\n```\n````\n"
        "```python no-test\nraise SystemExit\n```\n```sh\nls\n```\n",
        encoding="utf-8",
    )
    assert [(b.line, b.code, b.run) for b in blocks_of(sample)] == [
        (3, "a = 1\n", True),
        (11, "raise SystemExit\n", False),
    ]
    sample.write_text("```python\nunclosed\n", encoding="utf-8")
    with pytest.raises(AssertionError, match=r"sample\.md:1: unclosed code fence"):
        blocks_of(sample)


@pytest.mark.parametrize("block", ALL_BLOCKS, ids=[b.label for b in ALL_BLOCKS])
def test_example_runs(
    block: Block,
    mock_server: MockServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    if not block.run:
        pytest.skip("fenced as python no-test")
    monkeypatch.delenv("AIML_API_KEY", raising=False)
    monkeypatch.setenv("AIMLAPI_API_KEY", KEY)
    monkeypatch.setenv("AIMLAPI_BASE_URL", mock_server.base_url)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "photo.png").write_bytes(PNG)
    module = types.ModuleType("docs_example")
    module.__file__ = str(block.path)
    monkeypatch.setitem(sys.modules, module.__name__, module)  # dataclasses look here
    code = compile("\n" * (block.line - 1) + block.code, str(block.path), "exec")
    exec(code, module.__dict__)


def test_every_block_type_checks_with_mypy_strict(tmp_path: Path) -> None:
    """Each block, as a module of its own, passes ``mypy --strict`` (one run for all)."""
    files = {}
    for number, block in enumerate(ALL_BLOCKS):
        path = tmp_path / f"block_{number}.py"
        path.write_text("\n" * (block.line - 1) + block.code, encoding="utf-8")
        files[path.name] = block.label
    out, err, _ = run_mypy(
        [
            *(str(tmp_path / name) for name in files),
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
        ]
    )
    assert not err, err
    problems = []
    for line in out.splitlines():
        if ": error:" in line:
            name, _, rest = line.partition(":")
            problems.append(f"{files.get(Path(name).name, name)}:{rest}")
    assert problems == [], "\n".join(problems)
