"""The batch on a Ray cluster the test starts: a head and two one-CPU worker nodes.

2,000 prompts against the mock, resumed from an output a previous (local)
run left with a torn last line, with a 429 on the way: exactly one record
per id, the earlier records untouched, and the 429 seen by the cluster's
shared limiter. Needs the ``ray`` extra (``ray[data]``); skipped without it.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claude_3_sonnet.batch import BatchOptions, run_batch
from claude_3_sonnet.mock import MockConfig, MockProcess

pytest.importorskip("ray.data", reason="the ray extra is not installed")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Ray's own, on import

KEY = "sk-batch-ray-0123456789abcdef"
PROMPTS = 2000
EARLIER = 300
RAY_ENVIRONMENT = {
    "RAY_USAGE_STATS_ENABLED": "0",  # no usage report, no prompt about it
    "RAY_AUTH_MODE": "disabled",  # Ray 2.60 would otherwise write ~/.ray/auth_token
    "RAY_DISABLE_IMPORT_WARNING": "1",
}


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A local Ray cluster: a head with no CPU for tasks, two worker nodes of one CPU each."""
    cluster_utils = importlib.import_module("ray.cluster_utils")
    scratch = tempfile.mkdtemp(prefix="ray-", dir="/tmp")  # short: AF_UNIX paths <= 107 bytes
    saved = {k: os.environ.get(k) for k in [*RAY_ENVIRONMENT, "RAY_TMPDIR", "RAY_ADDRESS"]}
    os.environ.update(RAY_ENVIRONMENT)
    os.environ["RAY_TMPDIR"] = scratch
    os.environ.pop("RAY_ADDRESS", None)  # never join some other cluster
    started = time.monotonic()
    nodes = cluster_utils.Cluster(
        initialize_head=True,
        head_node_args={
            "num_cpus": 0,
            "include_dashboard": False,
            "object_store_memory": 100 * 1024**2,
        },
    )
    try:
        for _ in range(2):
            nodes.add_node(num_cpus=1, object_store_memory=100 * 1024**2)
        nodes.wait_for_nodes()
        print(f"cluster started in {time.monotonic() - started:.1f} s")
        yield nodes
    finally:
        nodes.shutdown()
        shutil.rmtree(scratch, ignore_errors=True)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def test_two_workers_answer_every_prompt_exactly_once(cluster: Any, tmp_path: Path) -> None:
    ray = importlib.import_module("ray")
    from claude_3_sonnet.batch.ray_runner import run_on_ray  # noqa: PLC0415

    source = tmp_path / "prompts.jsonl"
    first = tmp_path / "first.jsonl"
    lines = [json.dumps({"id": n, "prompt": f"Prompt {n}"}) + "\n" for n in range(PROMPTS)]
    source.write_text("".join(lines), encoding="utf-8")
    first.write_text("".join(lines[:EARLIER]), encoding="utf-8")
    output = tmp_path / "results.jsonl"
    fault = {"X-Mock-Fault": "status=429; retry_after=1; times=1; key=ray-batch"}
    with MockProcess(MockConfig(api_key=KEY)) as mock:
        # An earlier run, in process, got through the first lines and was killed mid-write.
        run_batch(first, output, BatchOptions(progress="none"), api_key=KEY, base_url=mock.base_url)
        earlier = output.read_bytes()
        with output.open("ab") as file:
            file.write(b'{"id": 300, "status": "o')

        started = time.monotonic()
        summary = run_on_ray(
            source,
            output,
            BatchOptions(concurrency=32, rpm=120_000, progress="lines"),
            workers=2,
            address=cluster.address,
            api_key=KEY,
            base_url=mock.base_url,
            headers=fault,
        )
        print(f"{PROMPTS - EARLIER} prompts on Ray in {time.monotonic() - started:.1f} s")
    assert not ray.is_initialized()  # the runner disconnected what it connected
    assert (summary.skipped, summary.succeeded, summary.failed) == (EARLIER, PROMPTS - EARLIER, 0)
    assert summary.complete
    assert summary.rate_limited == 1  # seen by the cluster-wide limiter
    assert any("torn" in w for w in summary.warnings)
    raw = output.read_bytes()
    assert raw.startswith(earlier)
    records = [json.loads(line) for line in raw.splitlines()]
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)) == PROMPTS
    assert set(ids) == set(range(PROMPTS))
    assert {r["text"] for r in records if r["id"] == 1234} == {"You said: Prompt 1234"}
    assert KEY not in raw.decode()
