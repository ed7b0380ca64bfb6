"""``make contract``: schemathesis against the mock, thousands of generated cases.

Starts the mock in its own process (``MockProcess``, loopback, free port),
runs the schemathesis CLI on the bundled contract with positive and
negative data generation and every check that applies (see
``claude_3_sonnet.testing.contract``), and writes to ``contract-report/``:

* ``output.txt``  the CLI's report, as printed;
* ``junit.xml``   one test case per operation and phase, for CI;
* ``openapi.json`` the contract exactly as schemathesis read it.

Exits with the CLI's status: non-zero when any case failed. The pytest
suite runs the same checks with far fewer cases (``tests/test_schemathesis.py``).

    python scripts/contract.py                      # 5000 examples per mode, about 4 minutes
    python scripts/contract.py --max-examples 200   # a quick run
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

from claude_3_sonnet.mock import MockConfig, MockProcess
from claude_3_sonnet.testing.contract import EXCLUDED_CHECKS, schemathesis_spec

ROOT = Path(__file__).resolve().parent.parent
API_KEY = "contract-key"
TIME_LIMIT = 15 * 60
"""Hard stop for the CLI, in seconds; the default run takes about 4 minutes on 2 cores."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=5000, help="per generation mode")
    parser.add_argument("--seed", type=int, default=20240229, help="schemathesis seed")
    parser.add_argument("--report-dir", type=Path, default=ROOT / "contract-report")
    return parser.parse_args(argv)


def command(spec_path: Path, base_url: str, args: argparse.Namespace) -> list[str]:
    report_dir = args.report_dir
    return [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        str(spec_path),
        "--url",
        base_url,
        "--header",
        f"Authorization: Bearer {API_KEY}",
        "--checks",
        "all",
        "--exclude-checks",
        ",".join(EXCLUDED_CHECKS),
        "--mode",
        "all",
        "--max-examples",
        str(args.max_examples),
        "--seed",
        str(args.seed),
        "--generation-database",
        "none",
        "--report",
        "junit",
        "--report-junit-path",
        str(report_dir / "junit.xml"),
        "--no-color",
    ]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report_dir: Path = args.report_dir
    report_dir.mkdir(parents=True, exist_ok=True)
    spec_path = report_dir / "openapi.json"
    spec_path.write_text(json.dumps(schemathesis_spec(), indent=2), encoding="utf-8")
    for name, reason in EXCLUDED_CHECKS.items():
        print(f"check {name} excluded: {reason}")
    started = time.monotonic()
    with MockProcess(MockConfig(api_key=API_KEY), log_level="error") as mock:
        print(f"mock: {mock.base_url} (pid {mock.pid})", flush=True)
        try:
            run = subprocess.run(
                command(spec_path, mock.base_url, args),
                capture_output=True,
                text=True,
                timeout=TIME_LIMIT,
                cwd=report_dir,
                check=False,
            )
        except subprocess.TimeoutExpired:
            print(f"schemathesis did not finish in {TIME_LIMIT} s", file=sys.stderr)
            return 1
    seconds = time.monotonic() - started
    output = run.stdout + run.stderr
    (report_dir / "output.txt").write_text(output, encoding="utf-8")
    print(output)
    cases = re.search(r"(\d+) generated, .*", output)
    summary = cases.group(0) if cases else "no case count in the output"
    verdict = "passed" if run.returncode == 0 else f"FAILED (exit {run.returncode})"
    print(f"contract {verdict}: {summary}; {seconds:.0f} s; report in {report_dir}")
    return run.returncode


if __name__ == "__main__":
    raise SystemExit(main())
