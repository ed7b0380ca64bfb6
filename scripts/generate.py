"""Generate ``claude_3_sonnet_client`` from the contract, reproducibly.

Steps, all driven by pinned tools from the project's virtualenv:

1. openapi-python-client (``--meta none``) writes the bare package into a
   scratch folder, configured by ``openapi/generator-config.yaml``, with the
   project's templates from ``openapi/templates/`` (absent fields are
   ``None``, never ``Unset``; ``to_json()`` and ``_request_id`` on models);
2. ruff removes unused imports, sorts imports and formats the code, with
   settings given here on the command line so that nothing outside this
   script changes the output;
3. two modules are emitted from the contract beside the models:
   ``params.py`` (TypedDicts of the request, ``scripts/emit_types.py``) and
   ``parsers.py`` (fast, checked parsers of the responses,
   ``scripts/emit_parsers.py``), formatted by the same ruff;
4. the contract is bundled as ``openapi.json`` (and ``py.typed`` added), so
   runtime validation and the mock server use exactly the spec the client was
   generated from;
5. the result replaces the output folder.

Usage: ``python scripts/generate.py [--output DIR]`` (default ``generated``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from emit_parsers import emit_parsers, init_orders
from emit_types import emit_types

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "claude-3-sonnet.yaml"
CONFIG = ROOT / "openapi" / "generator-config.yaml"
TEMPLATES = ROOT / "openapi" / "templates"
PACKAGE = "claude_3_sonnet_client"
RUFF_SETTINGS = ["--isolated", "--line-length", "120", "--target-version", "py311"]


def _run(*args: str | Path, cwd: Path) -> None:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"generate: {' '.join(map(str, args[:4]))} ... failed")


def bundle_spec(spec_path: Path) -> str:
    """The contract as canonical JSON: stable key order, one trailing newline."""
    document = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def generate(output_root: Path, spec: Path = SPEC) -> Path:
    """Write the package to ``output_root/claude_3_sonnet_client``; return its path."""
    bindir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="generate-") as scratch_name:
        scratch = Path(scratch_name)
        package = scratch / PACKAGE
        _run(
            bindir / "openapi-python-client",
            "generate",
            "--path",
            spec,
            "--config",
            CONFIG,
            "--meta",
            "none",
            "--output-path",
            package,
            "--fail-on-warning",
            "--custom-template-path",
            TEMPLATES,
            cwd=scratch,
        )
        document = yaml.safe_load(spec.read_text(encoding="utf-8"))
        (package / "params.py").write_text(emit_types(document), encoding="utf-8")
        orders = init_orders(package / "models")
        (package / "parsers.py").write_text(emit_parsers(document, orders), encoding="utf-8")
        ruff = [sys.executable, "-m", "ruff"]
        _run(
            *ruff, "check", *RUFF_SETTINGS, "--fix-only", "--select", "F401,I", PACKAGE, cwd=scratch
        )
        _run(*ruff, "format", *RUFF_SETTINGS, PACKAGE, cwd=scratch)
        leaked = sorted(
            p.name for p in (package / "models").glob("*.py") if "Unset" in p.read_text("utf-8")
        )
        if leaked:
            raise SystemExit(
                f"generate: Unset in {leaked}: a stock template needs the None change "
                "(openapi/templates/README.md)"
            )
        (package / "openapi.json").write_text(bundle_spec(spec), encoding="utf-8")
        (package / "py.typed").write_text("", encoding="utf-8")

        target = output_root / PACKAGE
        output_root.mkdir(parents=True, exist_ok=True)
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(package, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "generated")
    parser.add_argument("--spec", type=Path, default=SPEC, help="the contract (default: openapi/)")
    args = parser.parse_args()
    target = generate(args.output.resolve(), args.spec.resolve())
    print(
        f"generated {target.relative_to(Path.cwd()) if target.is_relative_to(Path.cwd()) else target}"
    )


if __name__ == "__main__":
    main()
