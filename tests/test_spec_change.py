"""A field added to the contract reaches the wire and the types after `make generate`, no overlay edit."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from .support import run_mypy

ROOT = Path(__file__).resolve().parent.parent

PROBE = textwrap.dedent(
    """
    import json, httpx
    import claude_3_sonnet_client
    from claude_3_sonnet import Claude3Sonnet, RequestValidationError

    sent = []
    def handler(request):
        sent.append(json.loads(request.content))
        return httpx.Response(201, json={"id": "x", "object": "chat.completion", "created": 1,
                                         "model": "m", "choices": []})

    client = Claude3Sonnet(api_key="k" * 20, http_client=httpx.Client(transport=httpx.MockTransport(handler)))
    client.chat.completions.create(messages=[{"role": "user", "content": "Hi"}], service_tier="priority")
    try:
        client.chat.completions.create(messages=[{"role": "user", "content": "Hi"}], service_tier="gold")
    except RequestValidationError as exc:
        rejected = str(exc)
    print(json.dumps({"package": claude_3_sonnet_client.__file__, "sent": sent, "rejected": rejected}))
    """
)


TYPED = """from claude_3_sonnet import Claude3Sonnet

client = Claude3Sonnet()
client.chat.completions.create(
    messages=[{"role": "user", "content": "Hi"}], service_tier="priority"
)
client.chat.completions.create(
    messages=[{"role": "user", "content": "Hi"}], service_tier="gold"
)
"""


def test_a_new_request_field_reaches_the_wire(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MYPYPATH", str(tmp_path / "pkg"))
    spec = yaml.safe_load((ROOT / "openapi" / "claude-3-sonnet.yaml").read_text(encoding="utf-8"))
    spec["components"]["schemas"]["ChatCompletionRequest"]["properties"]["service_tier"] = {
        "type": "string",
        "enum": ["standard", "priority"],
        "description": "A field the service might add one day.",
    }
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "generate.py"),
            "--spec",
            str(changed),
            "--output",
            str(tmp_path / "pkg"),
        ],
        check=True,
        capture_output=True,
    )
    generated = (
        tmp_path / "pkg" / "claude_3_sonnet_client" / "models" / "chat_completion_request.py"
    ).read_text()
    assert "service_tier" in generated

    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        check=True,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tmp_path / "pkg"), "PATH": "/usr/bin:/bin"},
    )
    report = json.loads(result.stdout)
    assert report["package"].startswith(str(tmp_path))
    assert report["sent"][0]["service_tier"] == "priority"
    assert "service_tier: 'gold' is not one of 'standard', 'priority'" in report["rejected"]

    # ... and the type checker knows it: the new field is typed as its Literal.
    script = tmp_path / "uses_it.py"
    script.write_text(TYPED, encoding="utf-8")
    out, err, _ = run_mypy(
        [str(script), "--strict", "--no-error-summary", "--cache-dir", str(tmp_path / "cache")]
    )
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == ["7"], out + err  # the "gold" call
    assert "service_tier: Literal['standard', 'priority']" in out
