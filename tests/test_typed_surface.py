"""Typed from the contract (issue 13): what mypy catches, and the surface openai users reach for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import httpx2
import pytest

from claude_3_sonnet import AsyncClaude3Sonnet, ChatCompletion, Claude3Sonnet
from claude_3_sonnet.mock import MockServer
from claude_3_sonnet_client.params import MessageParam

from .fixtures import SEED_RESPONSE
from .mock_helpers import MOCK_API_KEY
from .support import run_mypy

HELLO: list[MessageParam] = [{"role": "user", "content": "Hello"}]


def mypy_strict(code: str, folder: Path) -> list[str]:
    """mypy --strict's error lines for ``code`` (the package is found as installed)."""
    path = folder / "script.py"
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    out, err, _ = run_mypy(
        [str(path), "--strict", "--cache-dir", str(folder / ".mypy_cache"), "--no-error-summary"]
    )
    assert not err, err
    return [line for line in out.splitlines() if ": error:" in line]


MISTYPED = """
from claude_3_sonnet import Claude3Sonnet

client = Claude3Sonnet()
client.chat.completions.create(
    messages=[{"role": "usr", "content": "Hi"}],
    max_tokens=10,
)
client.chat.completions.create(
    messages=[{"role": "user", "contnt": "Hi"}],
    max_tokens=10,
)
client.chat.completions.create(
    messages=[{"role": "user", "content": "Hi"}],
    max_token=10,
)
client.chat.completions.create(
    messages=[{"role": "user", "content": "Hi"}],
    temperature="hot",
)
client.chat.completions.create(
    messages=[{"role": "user", "content": "Hi"}],
    tool_choice="sometimes",
)
"""


def test_mistyped_requests_fail_mypy_strict(tmp_path: Path) -> None:
    errors = mypy_strict(MISTYPED, tmp_path)
    lines = {int(error.split(":")[1]) for error in errors}
    calls = [range(5, 9), range(9, 13), range(13, 17), range(17, 21), range(21, 25)]
    # At least one error in each call: the role, the key, the field, the type, the enum.
    assert [bool(lines & set(call)) for call in calls] == [True] * 5, errors
    assert any('"max_token"' in error for error in errors)


def test_a_well_typed_program_passes_mypy_strict(tmp_path: Path) -> None:
    errors = mypy_strict(
        """
        from claude_3_sonnet import Claude3Sonnet
        from claude_3_sonnet_client.params import MessageParam

        client = Claude3Sonnet()
        messages: list[MessageParam] = [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": [{"type": "text", "text": "Hi"}]},
        ]
        completion = client.chat.completions.create(
            messages=messages, max_tokens=10, temperature=0.2, tool_choice="auto", stop=["x"]
        )
        text: str | None = completion.choices[0].message.content
        if completion.usage is not None:
            total: int = completion.usage.total_tokens
        raw = client.chat.completions.with_raw_response.create(messages=messages)
        parsed: str = raw.parse().id
        for chunk in client.chat.completions.create(messages=messages, stream=True):
            piece: str = chunk.choices[0].delta.content or "" if chunk.choices else ""
        answer: str = client.with_options(max_retries=5).ask("Hi", system="Be brief.")
        """,
        tmp_path,
    )
    assert errors == []


# -- the surface ---------------------------------------------------------------------------------


def seen_by(requests: list[httpx2.Request]) -> Claude3Sonnet:
    def handler(request: httpx2.Request) -> httpx2.Response:
        requests.append(request)
        return httpx2.Response(200, json=SEED_RESPONSE, headers={"x-request-id": "req_9"})

    transport = httpx2.MockTransport(handler)
    return Claude3Sonnet(
        api_key="surface-key-01",
        http_client=httpx2.Client(transport=transport),
        default_query={"team": "a"},
        default_headers={"X-App": "tests"},
    )


def test_with_options_and_copy_share_the_pool_and_change_only_what_they_say() -> None:
    sent: list[httpx2.Request] = []
    with seen_by(sent) as client:
        patient = client.with_options(max_retries=7, total_timeout=30.0)
        assert patient.max_retries == 7
        assert client.max_retries == 2
        assert patient._http is client._http
        assert client.copy(timeout=5.0).timeout == httpx2.Timeout(5.0)
        patient.ask("Hello")
        assert client.usage_totals().calls == 1  # the usage totals are shared too
        with pytest.raises(TypeError, match="unknown option"):
            client.with_options(max_retry=3)


def test_extra_and_default_query_and_headers_reach_the_wire() -> None:
    sent: list[httpx2.Request] = []
    with seen_by(sent) as client:
        client.chat.completions.create(messages=HELLO, extra_query={"trace": "1"})
    assert dict(sent[0].url.params) == {"team": "a", "trace": "1"}
    assert sent[0].headers["x-app"] == "tests"


def test_the_request_id_is_on_the_completion() -> None:
    with seen_by([]) as client:
        completion = client.chat.completions.create(messages=HELLO)
    assert completion._request_id == "req_9"


def test_results_serialize_to_json() -> None:
    with seen_by([]) as client:
        completion = client.chat.completions.create(messages=HELLO)
    data = json.loads(completion.to_json())
    assert data["choices"][0]["message"]["content"] == "Hello! How can I assist you today?"
    assert "_request_id" not in data
    assert completion.to_json(indent=2).startswith("{\n  ")


def test_with_streaming_response_reads_the_body_on_demand(mock_server: MockServer) -> None:
    with Claude3Sonnet(api_key=MOCK_API_KEY, base_url=mock_server.base_url) as client:
        opener = client.chat.completions.with_streaming_response
        with opener.create(messages=HELLO) as response:
            assert response.status_code == 201
            assert response.request_id
            parsed: ChatCompletion = response.parse()
        assert parsed.choices[0].message.content == "You said: Hello"
        with opener.create(messages=HELLO, stream=True) as response:
            lines = [line for line in response.iter_lines() if line]
        assert lines[-1] == "data: [DONE]"
        assert '"refusal":null' in lines[1]


def test_async_with_streaming_response(mock_server: MockServer) -> None:
    import asyncio  # noqa: PLC0415

    async def main() -> str | None:
        async with AsyncClaude3Sonnet(api_key=MOCK_API_KEY, base_url=mock_server.base_url) as c:
            async with c.chat.completions.with_streaming_response.create(messages=HELLO) as r:
                completion = await r.parse()
            return completion.choices[0].message.content

    assert asyncio.run(main()) == "You said: Hello"


def test_aimlapi_log_turns_the_client_log_on(mock_server: MockServer) -> None:
    script = (
        "from claude_3_sonnet import Claude3Sonnet\n"
        f"c = Claude3Sonnet(api_key={MOCK_API_KEY!r}, base_url={mock_server.base_url!r})\n"
        "c.ask('Hi')\n"
    )
    env = {**os.environ, "AIMLAPI_LOG": "debug"}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert "claude_3_sonnet DEBUG POST" in result.stderr
    assert "'authorization': '<redacted>'" in result.stderr
    quiet = subprocess.run(
        [sys.executable, "-c", script],
        env={k: v for k, v in env.items() if k != "AIMLAPI_LOG"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert quiet.stderr == ""


def test_the_cli_starts_without_loading_the_client() -> None:
    code = (
        "import sys\n"
        "from claude_3_sonnet.cli import main\n"
        "for argv in (['--version'], ['--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = ('httpx', 'httpx2', 'httpcore2', 'claude_3_sonnet_client', 'jsonschema_rs')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


# -- tools with typed parameters -------------------------------------------------------------------


def test_tools_take_dataclasses_typed_dicts_and_pydantic_models_even_locally() -> None:
    import dataclasses  # noqa: PLC0415
    from typing import NotRequired, TypedDict  # noqa: PLC0415

    import pydantic  # noqa: PLC0415

    from claude_3_sonnet.tools import function_tool  # noqa: PLC0415

    @dataclasses.dataclass
    class Place:
        city: str

    class Filters(TypedDict):
        kind: str
        limit: NotRequired[int]

    class Item(pydantic.BaseModel):
        name: str

    class Order(pydantic.BaseModel):
        items: list[Item]
        rush: bool = False

    def book(place: Place, filters: Filters, order: Order) -> str:
        return f"{place.city} {filters['kind']} {[i.name for i in order.items]}"

    tool = function_tool(book)
    schema = tool.input_schema
    assert schema["properties"]["order"]["properties"]["items"]["items"] == {"$ref": "#/$defs/Item"}
    assert "Item" in schema["$defs"]
    args, kwargs = tool.arguments(
        {
            "place": {"city": "Paris"},
            "filters": {"kind": "hotel"},
            "order": {"items": [{"name": "room"}]},
        }
    )
    assert tool(*args, **kwargs) == "Paris hotel ['room']"
    assert isinstance(kwargs["order"], Order)
    assert isinstance(kwargs["place"], Place)


def _unused(value: Any) -> None:
    """Keep imports used by type-only checks above."""
