"""Benchmarks: our client against raw httpx, the generated client and the openai SDK.

Every comparison is measured in the same run, in interleaved rounds, so that a
busy machine slows all contenders alike. Each figure is the median over the
rounds, and each ratio is the median of the per-round ratios to the floor
(raw httpx + ``json``) measured in that same round.

Measurements:

- per-call client cost, in process, against an ``httpx.MockTransport`` that
  answers the seed's ``201``: raw httpx (the floor), the generated client,
  ours with and without validation, the openai SDK;
- streaming: one answer of 20,000 chunks in the service's format, through
  raw httpx-sse + ``json.loads`` (the floor), our ``Stream`` and the openai
  SDK's stream;
- end to end over loopback against the mock server in another process:
  sequential calls per second, and async throughput with 64 requests in
  flight;
- cold import time of ``claude_3_sonnet``, ``httpx`` and ``openai`` in fresh
  interpreters;
- wall time of ``scripts/generate.py`` into a scratch folder.

Targets are reported, never enforced: a benchmark is not a test.

Usage: ``python scripts/bench.py [--quick] [--rounds N] [--output PATH]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import importlib.metadata
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import openai
from httpx_sse import EventSource

from claude_3_sonnet import AsyncClaude3Sonnet, ChatCompletion, Claude3Sonnet
from claude_3_sonnet.core.contract import spec
from claude_3_sonnet_client import AuthenticatedClient
from claude_3_sonnet_client.api.chat import create_chat_completion
from claude_3_sonnet_client.models import ChatCompletionRequest

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_VERSION = 1
API_KEY = "bench-key"
MODEL = "claude-3-sonnet-latest"
BASE_URL = "http://bench.invalid"
PATH = "/v1/chat/completions"
BODY: dict[str, Any] = {"model": MODEL, "messages": [{"role": "user", "content": "Hello"}]}
AUTH = {"Authorization": f"Bearer {API_KEY}"}
PACKAGES = (
    "claude-3-sonnet",
    "httpx",
    "httpx-sse",
    "httpcore",
    "attrs",
    "jsonschema-rs",
    "openai",
    "pydantic",
    "starlette",
    "uvicorn",
)


@dataclass(frozen=True)
class Settings:
    quick: bool
    rounds: int
    """Rounds of every in-process comparison and of the import timings."""
    calls: int
    """Calls per contender per round, in process."""
    chunks: int
    """Chunks in the streamed answer."""
    e2e_rounds: int
    """Rounds of the loopback comparisons (each round opens fresh clients)."""
    e2e_calls: int
    """Sequential calls per contender per round over loopback."""
    async_requests: int
    """Requests per contender per round with ``in_flight`` in flight."""
    in_flight: int
    batch_seconds: float
    """A loopback batch stops early after this long (it then counts what it did)."""
    import_runs: int
    generate_runs: int

    @classmethod
    def make(cls, quick: bool, rounds: int | None) -> Settings:
        if quick:
            r = rounds or 2
            return cls(
                quick=True,
                rounds=r,
                calls=20,
                chunks=200,
                e2e_rounds=r,
                e2e_calls=10,
                async_requests=64,
                in_flight=64,
                batch_seconds=5.0,
                import_runs=2,
                generate_runs=1,
            )
        r = rounds or 7
        return cls(
            quick=False,
            rounds=r,
            calls=1000,
            chunks=20_000,
            e2e_rounds=min(r, 5),
            e2e_calls=300,
            async_requests=512,
            in_flight=64,
            batch_seconds=5.0,
            import_runs=r + 2,
            generate_runs=3,
        )


# -- what the fake service sends ----------------------------------------------------------


def seed_response() -> dict[str, Any]:
    """The seed page's response, as bundled in the contract's examples."""
    response = spec()["components"]["responses"]["ChatCompletionResponse"]
    value: dict[str, Any] = response["content"]["application/json"]["examples"]["seed"]["value"]
    return value


def stream_body(chunks: int) -> bytes:
    """One streamed answer in the service's format: ``chunks`` text chunks, a trailer, [DONE]."""
    head = {"object": "chat.completion.chunk", "created": 1744218514}
    model = "claude-3-sonnet-20240229"
    usage = {"prompt_tokens": 8, "completion_tokens": chunks, "total_tokens": chunks + 8}
    lines = []
    for i in range(chunks):
        last = i == chunks - 1
        event = {
            "id": "msg_01BenchStreamXXXXXXXXXXXX" if i == 0 else "",
            **head,
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "delta": {"role": "assistant", "content": "word "},
                    "finish_reason": "end_turn" if last else None,
                }
            ],
            "usage": usage if last else None,
        }
        lines.append(f"data: {json.dumps(event)}\n\n")
    trailer = {
        "id": "",
        **head,
        "model": model,
        "choices": [{"index": 0, "finish_reason": "end_turn"}],
        "usage": None,
    }
    lines.append(f"data: {json.dumps(trailer)}\n\n")
    lines.append("data: [DONE]\n\n")
    return "".join(lines).encode()


def completion_transport() -> httpx.MockTransport:
    content = json.dumps(seed_response()).encode()
    headers = {"content-type": "application/json", "x-request-id": "req_bench"}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(201, content=content, headers=headers)

    return httpx.MockTransport(handler)


def stream_transport(body: bytes, piece: int = 16 * 1024) -> httpx.MockTransport:
    """Serves ``body`` as an event stream, in pieces the size of a socket read."""
    pieces = [body[i : i + piece] for i in range(0, len(body), piece)]
    headers = {"content-type": "text/event-stream", "x-request-id": "req_bench"}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter(pieces), headers=headers)

    return httpx.MockTransport(handler)


# -- statistics ----------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def paired_ratios(
    rounds: dict[str, list[float]], floor: str, *, invert: bool = False
) -> dict[str, float]:
    """Median over rounds of ``x / floor`` measured in the same round (``floor / x`` if inverted)."""
    out: dict[str, float] = {}
    for name, values in rounds.items():
        pairs = zip(values, rounds[floor], strict=True)
        out[name] = median([(f / v) if invert else (v / f) for v, f in pairs if v > 0 and f > 0])
    return out


def rotated(names: Sequence[str], round_index: int) -> list[str]:
    """A different starting contender each round, so none always runs first."""
    k = round_index % len(names)
    return [*names[k:], *names[:k]]


def timed(fn: Callable[[], object], count: int) -> tuple[float, float]:
    """Wall and CPU seconds per call of ``fn`` over ``count`` calls."""
    gc.collect()
    cpu = time.process_time()
    start = time.perf_counter()
    for _ in range(count):
        fn()
    wall = time.perf_counter() - start
    return wall / count, (time.process_time() - cpu) / count


def variants_table(
    rounds: dict[str, list[float]],
    ratios: dict[str, float],
    unit: str,
    scale: float,
    cpu: dict[str, list[float]] | None = None,
) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for name, values in rounds.items():
        entry: dict[str, Any] = {
            "median": median(values) * scale,
            "unit": unit,
            "rounds": [v * scale for v in values],
            "ratio_to_floor": ratios[name],
        }
        if cpu is not None:
            entry["cpu_median"] = median(cpu[name]) * scale
        table[name] = entry
    return table


def openai_on(transport: httpx.MockTransport) -> openai.OpenAI:
    """The openai SDK on the same httpx stack and transport as the others.

    openai 3.x runs on httpx2 by default and types ``http_client`` as an
    ``httpx2.Client``, but accepts an ``httpx.Client`` too; sharing httpx
    keeps the comparison about the SDK layer, not the HTTP library.
    """
    http_client: Any = httpx.Client(transport=transport)
    return openai.OpenAI(api_key=API_KEY, base_url=BASE_URL + "/v1", http_client=http_client)


# -- 1. per-call cost, in process -------------------------------------------------------------


def bench_per_call(settings: Settings) -> dict[str, Any]:
    transport = completion_transport()
    url = BASE_URL + PATH
    raw = httpx.Client(transport=transport)
    generated = AuthenticatedClient(
        base_url=BASE_URL, token=API_KEY, httpx_args={"transport": transport}
    )
    ours = Claude3Sonnet(
        api_key=API_KEY, base_url=BASE_URL, http_client=httpx.Client(transport=transport)
    )
    ours_fast = Claude3Sonnet(
        api_key=API_KEY,
        base_url=BASE_URL,
        http_client=httpx.Client(transport=transport),
        validate=False,
    )
    oai = openai_on(transport)

    def call_raw() -> object:
        return raw.post(url, json=BODY, headers=AUTH).json()

    def call_generated() -> object:
        return create_chat_completion.sync(
            client=generated, body=ChatCompletionRequest.from_dict(BODY)
        )

    def call_ours() -> object:
        return ours.chat.completions.create(model=MODEL, messages=BODY["messages"])

    def call_ours_fast() -> object:
        return ours_fast.chat.completions.create(model=MODEL, messages=BODY["messages"])

    def call_openai() -> object:
        return oai.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "Hello"}]
        )

    contenders: dict[str, Callable[[], object]] = {
        "raw_httpx": call_raw,
        "generated_client": call_generated,
        "ours_validated": call_ours,
        "ours_unvalidated": call_ours_fast,
        "openai_sdk": call_openai,
    }
    # Each must really get the seed's answer.
    expected = seed_response()["choices"][0]["message"]["content"]
    for name, fn in contenders.items():
        result = fn()
        text = _completion_text(result)
        if text != expected:
            raise RuntimeError(f"per-call contender {name} got {text!r}, not the seed's answer")
        for _ in range(max(5, settings.calls // 10)):
            fn()

    rounds: dict[str, list[float]] = {name: [] for name in contenders}
    cpu: dict[str, list[float]] = {name: [] for name in contenders}
    for r in range(settings.rounds):
        for name in rotated(list(contenders), r):
            wall, used = timed(contenders[name], settings.calls)
            rounds[name].append(wall)
            cpu[name].append(used)
    for client in (raw, ours, ours_fast, oai):
        client.close()
    generated.get_httpx_client().close()
    ratios = paired_ratios(rounds, "raw_httpx")
    return {
        "description": "client-side cost of one non-streamed call, httpx.MockTransport answering the seed's 201",
        "floor": "raw_httpx",
        "calls_per_round": settings.calls,
        "variants": variants_table(rounds, ratios, "us/call", 1e6, cpu),
    }


def _completion_text(result: object) -> object:
    if isinstance(result, dict):
        return result["choices"][0]["message"]["content"]
    if isinstance(result, ChatCompletion):
        return result.choices[0].message.content
    if isinstance(result, openai.types.chat.ChatCompletion):
        return result.choices[0].message.content
    raise TypeError(f"unexpected result {type(result).__name__}")


# -- 2. streaming ---------------------------------------------------------------------------


def bench_streaming(settings: Settings) -> dict[str, Any]:
    body = stream_body(settings.chunks)
    transport = stream_transport(body)
    url = BASE_URL + PATH
    raw = httpx.Client(transport=transport)
    ours = Claude3Sonnet(
        api_key=API_KEY, base_url=BASE_URL, http_client=httpx.Client(transport=transport)
    )
    oai = openai_on(transport)
    stream_request = {**BODY, "stream": True}

    def consume_raw() -> int:
        count = 0
        with raw.stream("POST", url, json=stream_request, headers=AUTH) as response:
            for event in EventSource(response).iter_sse():
                if event.data == "[DONE]":
                    break
                json.loads(event.data)
                count += 1
        return count

    def consume_ours() -> int:
        count = 0
        stream = ours.chat.completions.create(model=MODEL, messages=BODY["messages"], stream=True)
        for _ in stream:
            count += 1
        return count

    def consume_openai() -> int:
        count = 0
        stream = oai.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "Hello"}], stream=True
        )
        for _ in stream:
            count += 1
        return count

    contenders: dict[str, Callable[[], int]] = {
        "raw_httpx_sse": consume_raw,
        "ours": consume_ours,
        "openai_sdk": consume_openai,
    }
    events = settings.chunks + 1
    for name, fn in contenders.items():
        got = fn()
        if got != events:
            raise RuntimeError(f"stream contender {name} saw {got} chunks, expected {events}")
    text = ours.chat.completions.create(
        model=MODEL, messages=BODY["messages"], stream=True
    ).get_final_text()
    if text != "word " * settings.chunks:
        raise RuntimeError("our stream assembled the wrong text")

    rounds: dict[str, list[float]] = {name: [] for name in contenders}
    cpu: dict[str, list[float]] = {name: [] for name in contenders}
    for r in range(settings.rounds):
        for name in rotated(list(contenders), r):
            wall, used = timed(contenders[name], 1)
            rounds[name].append(wall / events)
            cpu[name].append(used / events)
    for client in (raw, ours, oai):
        client.close()
    ratios = paired_ratios(rounds, "raw_httpx_sse", invert=True)
    table = variants_table(rounds, ratios, "us/chunk", 1e6, cpu)
    for entry in table.values():
        entry["throughput_ratio_to_floor"] = entry.pop("ratio_to_floor")
        entry["chunks_per_second"] = 1e6 / entry["median"]
    return {
        "description": f"one streamed answer of {settings.chunks} chunks (+ trailer, [DONE]) from httpx.MockTransport",
        "floor": "raw_httpx_sse",
        "chunks": settings.chunks,
        "body_bytes": len(body),
        "variants": table,
    }


# -- 3. end to end over loopback ----------------------------------------------------------

STALL_SECONDS = 0.02
"""A warm loopback call slower than this means the server is stalling, not computing."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class Server:
    base_url: str
    pid: int | None
    how: str


@contextlib.contextmanager
def mock_server() -> Iterator[Server]:
    """The mock service in another process, on loopback."""
    try:
        from claude_3_sonnet.mock import MockConfig, MockProcess  # noqa: PLC0415
    except ImportError:
        pass
    else:
        with MockProcess(MockConfig(api_key=API_KEY), host="127.0.0.1", port=0) as server:
            yield Server(server.base_url.rstrip("/"), server.pid, "MockProcess")
        return
    port = _free_port()
    command = [sys.executable, "-m", "claude_3_sonnet.mock", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--api-key", API_KEY], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                err = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"the mock server exited: {err[-2000:]}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            if time.monotonic() > deadline:
                raise RuntimeError("the mock server did not start within 30 s")
            time.sleep(0.05)
        yield Server(f"http://127.0.0.1:{port}", process.pid, "python -m claude_3_sonnet.mock")
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def process_cpu(pid: int | None) -> float | None:
    """CPU seconds used so far by another process (Linux), else ``None``."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Batch:
    """One contender's batch over loopback."""

    requests: int
    wall: float
    client_cpu: float
    server_cpu: float | None

    @property
    def rate(self) -> float:
        return self.requests / self.wall


class Meter:
    """Measures a batch: wall time, this process's CPU, the server's CPU."""

    def __init__(self, server_pid: int | None) -> None:
        self.pid = server_pid

    def __enter__(self) -> Meter:
        gc.collect()
        self.server = process_cpu(self.pid)
        self.cpu = time.process_time()
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.wall = time.perf_counter() - self.start
        self.client_cpu = time.process_time() - self.cpu
        after = process_cpu(self.pid)
        self.server_cpu = None if after is None or self.server is None else after - self.server

    def batch(self, requests: int) -> Batch:
        return Batch(requests, self.wall, self.client_cpu, self.server_cpu)


def probe_stall(base_url: str) -> float:
    """Median seconds of a few warm calls with raw httpx (a healthy loopback call takes ~1 ms)."""
    with httpx.Client() as client:
        times = []
        for _ in range(6):
            start = time.perf_counter()
            client.post(base_url + PATH, json=BODY, headers=AUTH).raise_for_status()
            times.append(time.perf_counter() - start)
    return median(times[1:])


def bench_end_to_end(settings: Settings) -> dict[str, Any]:
    with mock_server() as server:
        warm_call = probe_stall(server.base_url)
        sequential = _e2e_sequential(settings, server)
        concurrent = asyncio.run(_e2e_async(settings, server))
    result: dict[str, Any] = {
        "description": "over loopback against the mock server in another process",
        "server": server.how,
        "warm_call_ms": warm_call * 1e3,
        "sequential": sequential,
        "async": concurrent,
    }
    if warm_call > STALL_SECONDS:
        result["warning"] = (
            f"a warm loopback call takes {warm_call * 1e3:.0f} ms: the server stalls "
            "(typically Nagle's algorithm on its socket against delayed ACKs), so these "
            "rates measure the stall, not the clients"
        )
    return result


def _rate_table(rounds: dict[str, list[Batch]], floor: str) -> dict[str, Any]:
    rates = {name: [b.rate for b in batches] for name, batches in rounds.items()}
    ratios = paired_ratios(rates, floor)
    vs_openai = paired_ratios(rates, "openai_sdk")
    table: dict[str, Any] = {}
    for name, batches in rounds.items():
        server = [b.server_cpu / b.requests for b in batches if b.server_cpu is not None]
        table[name] = {
            "median": median(rates[name]),
            "unit": "calls/s",
            "rounds": rates[name],
            "ratio_to_floor": ratios[name],
            "ratio_to_openai": vs_openai[name],
            "client_cpu_us_per_call": median([b.client_cpu / b.requests * 1e6 for b in batches]),
            "server_cpu_us_per_call": median(server) * 1e6 if server else None,
        }
    return table


SyncFactory = Callable[[str], tuple[Callable[[], object], Callable[[], None]]]
AsyncFactory = Callable[[str], tuple[Callable[[], Any], Callable[[], Any]]]


def _sync_contenders() -> dict[str, SyncFactory]:
    """Each factory opens a fresh client: (call, close)."""

    def raw(base_url: str) -> tuple[Callable[[], object], Callable[[], None]]:
        client = httpx.Client()

        def call() -> object:
            response = client.post(base_url + PATH, json=BODY, headers=AUTH)
            response.raise_for_status()
            return response.json()

        return call, client.close

    def ours(base_url: str) -> tuple[Callable[[], object], Callable[[], None]]:
        client = Claude3Sonnet(api_key=API_KEY, base_url=base_url)

        def call() -> object:
            return client.chat.completions.create(model=MODEL, messages=BODY["messages"])

        return call, client.close

    def oai(base_url: str) -> tuple[Callable[[], object], Callable[[], None]]:
        client = openai.OpenAI(api_key=API_KEY, base_url=base_url + "/v1")

        def call() -> object:
            return client.chat.completions.create(
                model=MODEL, messages=[{"role": "user", "content": "Hello"}]
            )

        return call, client.close

    return {"raw_httpx": raw, "ours": ours, "openai_sdk": oai}


def _e2e_sequential(settings: Settings, server: Server) -> dict[str, Any]:
    factories = _sync_contenders()
    for name, factory in factories.items():
        call, close = factory(server.base_url)
        if not _completion_text(call()):
            raise RuntimeError(f"end-to-end contender {name} got no answer text")
        close()
    rounds: dict[str, list[Batch]] = {name: [] for name in factories}
    for r in range(settings.e2e_rounds):
        for name in rotated(list(factories), r):
            call, close = factories[name](server.base_url)
            call()  # connect outside the measurement
            done = 0
            with Meter(server.pid) as meter:
                deadline = time.perf_counter() + settings.batch_seconds
                while done < settings.e2e_calls and time.perf_counter() < deadline:
                    call()
                    done += 1
            close()
            rounds[name].append(meter.batch(done))
    return {
        "description": "sequential calls on one kept-alive connection, a fresh client each round",
        "floor": "raw_httpx",
        "calls_per_round": settings.e2e_calls,
        "variants": _rate_table(rounds, "raw_httpx"),
    }


def _async_contenders() -> dict[str, AsyncFactory]:
    def raw(base_url: str) -> tuple[Callable[[], Any], Callable[[], Any]]:
        # The same pool limits as ours and the openai SDK's.
        limits = httpx.Limits(max_connections=1000, max_keepalive_connections=100)
        client = httpx.AsyncClient(limits=limits)

        async def call() -> object:
            response = await client.post(base_url + PATH, json=BODY, headers=AUTH)
            response.raise_for_status()
            return response.json()

        return call, client.aclose

    def ours(base_url: str) -> tuple[Callable[[], Any], Callable[[], Any]]:
        client = AsyncClaude3Sonnet(api_key=API_KEY, base_url=base_url)

        async def call() -> object:
            return await client.chat.completions.create(model=MODEL, messages=BODY["messages"])

        return call, client.close

    def oai(base_url: str) -> tuple[Callable[[], Any], Callable[[], Any]]:
        client = openai.AsyncOpenAI(api_key=API_KEY, base_url=base_url + "/v1")

        async def call() -> object:
            return await client.chat.completions.create(
                model=MODEL, messages=[{"role": "user", "content": "Hello"}]
            )

        return call, client.close

    return {"raw_httpx": raw, "ours": ours, "openai_sdk": oai}


async def _e2e_async(settings: Settings, server: Server) -> dict[str, Any]:
    factories = _async_contenders()

    async def batch(call: Callable[[], Any], total: int) -> Batch:
        """``in_flight`` workers share ``total`` requests (or stop at the time limit)."""
        remaining = total
        done = 0
        deadline = time.perf_counter() + settings.batch_seconds

        async def worker() -> None:
            nonlocal remaining, done
            while remaining > 0 and time.perf_counter() < deadline:
                remaining -= 1
                await call()
                done += 1

        with Meter(server.pid) as meter:
            await asyncio.gather(*(worker() for _ in range(settings.in_flight)))
        return meter.batch(done)

    for name, factory in factories.items():
        call, close = factory(server.base_url)
        if not _completion_text(await call()):
            raise RuntimeError(f"async contender {name} got no answer text")
        await close()
    rounds: dict[str, list[Batch]] = {name: [] for name in factories}
    for r in range(settings.e2e_rounds):
        for name in rotated(list(factories), r):
            call, close = factories[name](server.base_url)
            rounds[name].append(await batch(call, settings.async_requests))
            await close()
    return {
        "description": (
            f"{settings.in_flight} requests in flight on one event loop, a fresh client each "
            "round (its connections are opened inside the measurement)"
        ),
        "floor": "raw_httpx",
        "requests_per_round": settings.async_requests,
        "in_flight": settings.in_flight,
        "variants": _rate_table(rounds, "raw_httpx"),
    }


# -- 4. cold import -----------------------------------------------------------------------------


def bench_import(settings: Settings) -> dict[str, Any]:
    modules = {"baseline": "pass", "httpx": "import httpx"}
    modules["claude_3_sonnet"] = "import claude_3_sonnet"
    modules["openai"] = "import openai"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}

    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=tempfile.gettempdir())
        return time.perf_counter() - start

    for code in modules.values():  # byte-compile everything once
        run(code)
    raw: dict[str, list[float]] = {name: [] for name in modules}
    for r in range(settings.import_runs):
        for name in rotated(list(modules), r):
            raw[name].append(run(modules[name]))
    net = {
        name: [t - b for t, b in zip(raw[name], raw["baseline"], strict=True)]
        for name in modules
        if name != "baseline"
    }
    ratios = paired_ratios(net, "httpx")
    variants = {
        name: {
            "median": median(values) * 1e3,
            "unit": "ms",
            "rounds": [v * 1e3 for v in values],
            "ratio_to_floor": ratios[name],
        }
        for name, values in net.items()
    }
    return {
        "description": "python -c 'import X' minus python -c 'pass', fresh interpreter each run",
        "floor": "httpx",
        "runs": settings.import_runs,
        "interpreter_startup_ms": median(raw["baseline"]) * 1e3,
        "variants": variants,
    }


# -- 5. generation -----------------------------------------------------------------------------


def bench_generate(settings: Settings) -> dict[str, Any]:
    times: list[float] = []
    for _ in range(settings.generate_runs):
        with tempfile.TemporaryDirectory(prefix="bench-generate-") as out:
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, str(ROOT / "scripts" / "generate.py"), "--output", out],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - start)
    return {
        "description": "python scripts/generate.py --output <tmpdir> (what make generate runs)",
        "runs": settings.generate_runs,
        "variants": {
            "generate": {"median": median(times), "unit": "s", "rounds": times},
        },
    }


# -- machine, targets, report ------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    cpu = "unknown"
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "load_average_at_start": list(os.getloadavg()),
        "python": sys.version,
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "packages": versions,
    }


@dataclass(frozen=True)
class Target:
    name: str
    description: str
    path: tuple[str, ...]
    """Where the measured ratio is, inside ``measurements``."""
    op: str
    limit: float


TARGETS = (
    Target(
        "per_call_validated",
        "our per-call cost with validation on <= 1.5x raw httpx",
        ("per_call", "variants", "ours_validated", "ratio_to_floor"),
        "<=",
        1.5,
    ),
    Target(
        "streaming_throughput",
        "our streaming throughput >= 0.5x raw httpx-sse + json.loads",
        ("streaming", "variants", "ours", "throughput_ratio_to_floor"),
        ">=",
        0.5,
    ),
    Target(
        "import_time",
        "import claude_3_sonnet <= 3x import httpx",
        ("import", "variants", "claude_3_sonnet", "ratio_to_floor"),
        "<=",
        3.0,
    ),
    Target(
        "end_to_end_sequential",
        "sequential calls/s over loopback >= the openai SDK's",
        ("end_to_end", "sequential", "variants", "ours", "ratio_to_openai"),
        ">=",
        1.0,
    ),
    Target(
        "end_to_end_async",
        "async throughput, 64 in flight, >= the openai SDK's",
        ("end_to_end", "async", "variants", "ours", "ratio_to_openai"),
        ">=",
        1.0,
    ),
)


def evaluate(measurements: dict[str, Any]) -> list[dict[str, Any]]:
    results = []
    for target in TARGETS:
        value: Any = measurements
        for key in target.path:
            value = value.get(key) if isinstance(value, dict) else None
        measured = float(value) if isinstance(value, int | float) else None
        met: bool | None = None
        if measured is not None:
            met = measured <= target.limit if target.op == "<=" else measured >= target.limit
        results.append(
            {
                "name": target.name,
                "description": target.description,
                "measured_ratio": measured,
                "target": f"{target.op} {target.limit}",
                "met": met,
            }
        )
    return results


def _fmt(value: float, unit: str) -> str:
    if unit in {"calls/s", "chunks/s"}:
        return f"{value:,.0f} {unit}"
    if unit == "s":
        return f"{value:.2f} {unit}"
    return f"{value:,.1f} {unit}"


def table_rows(measurements: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(measurement, median, ratio, ratio meaning) rows for the printed table."""
    rows: list[tuple[str, str, str, str]] = []
    e2e = measurements.get("end_to_end") or {}
    sections: list[tuple[str, dict[str, Any] | None]] = [
        ("per call", measurements.get("per_call")),
        ("stream", measurements.get("streaming")),
        ("e2e seq", e2e.get("sequential", e2e)),
        ("e2e async", e2e.get("async", e2e)),
        ("import", measurements.get("import")),
        ("generate", measurements.get("generate")),
    ]
    for label, section in sections:
        if not section or "variants" not in section:
            reason = (section or {}).get("skipped", "not measured")
            rows.append((label, f"skipped: {reason}", "", ""))
            continue
        floor = section.get("floor", "")
        for name, entry in section["variants"].items():
            if "throughput_ratio_to_floor" in entry:
                ratio = f"{entry['throughput_ratio_to_floor']:.2f}x"
                meaning = f"throughput / {floor}"
            elif "ratio_to_floor" in entry:
                ratio = f"{entry['ratio_to_floor']:.2f}x"
                meaning = f"rate / {floor}" if entry["unit"] == "calls/s" else f"cost / {floor}"
                if "ratio_to_openai" in entry:
                    ratio += f" ({entry['ratio_to_openai']:.2f}x openai)"
            else:
                ratio, meaning = "", ""
            if entry.get("client_cpu_us_per_call") is not None:
                meaning += f"; CPU/call: client {entry['client_cpu_us_per_call']:,.0f} us"
                if entry.get("server_cpu_us_per_call") is not None:
                    meaning += f", server {entry['server_cpu_us_per_call']:,.0f} us"
            rows.append((f"{label}: {name}", _fmt(entry["median"], entry["unit"]), ratio, meaning))
    return rows


def render(report: dict[str, Any]) -> str:
    rows = [("measurement", "median", "ratio", "ratio is"), *table_rows(report["measurements"])]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for i, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    for name, section in report["measurements"].items():
        if isinstance(section, dict) and section.get("warning"):
            lines.append(f"WARNING ({name}): {section['warning']}")
    lines.append("")
    lines.append("targets:")
    for t in report["targets"]:
        state = {True: "met", False: "MISSED", None: "not measured"}[t["met"]]
        measured = "n/a" if t["measured_ratio"] is None else f"{t['measured_ratio']:.2f}"
        lines.append(f"  [{state}] {t['description']}: {measured} (target {t['target']})")
    m = report["machine"]
    lines.append("")
    lines.append(
        f"machine: {m['cpu']}, {m['cores']} cores, Python {m['python'].split()[0]}, "
        f"load {m['load_average_at_start'][0]:.2f} -> {m['load_average_at_end'][0]:.2f}"
    )
    return "\n".join(lines)


SECTIONS: dict[str, Callable[[Settings], dict[str, Any]]] = {
    "per_call": bench_per_call,
    "streaming": bench_streaming,
    "end_to_end": bench_end_to_end,
    "import": bench_import,
    "generate": bench_generate,
}


def run(settings: Settings, only: Sequence[str] = ()) -> dict[str, Any]:
    machine = machine_info()
    measurements: dict[str, Any] = {}
    started = time.perf_counter()
    for name, section in SECTIONS.items():
        if only and name not in only:
            measurements[name] = {"skipped": "not selected with --only"}
            continue
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            measurements[name] = section(settings)
        except Exception as exc:  # a broken contender must not hide the others
            measurements[name] = {"skipped": f"{type(exc).__name__}: {exc}"}
        measurements[name]["seconds"] = round(time.perf_counter() - t0, 2)
    machine["load_average_at_end"] = list(os.getloadavg())
    return {
        "schema": SCHEMA_VERSION,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "quick": settings.quick,
        "rounds": settings.rounds,
        "seconds": round(time.perf_counter() - started, 2),
        "method": (
            "contenders run in interleaved rounds (a different one first each round); "
            "figures are medians over rounds; ratios are medians of per-round ratios "
            "to the floor measured in the same round"
        ),
        "machine": machine,
        "measurements": measurements,
        "targets": evaluate(measurements),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a tiny run (smoke test)")
    parser.add_argument("--rounds", type=int, default=None, help="rounds per comparison")
    parser.add_argument("--output", type=Path, default=Path("bench-results.json"))
    parser.add_argument(
        "--only", action="append", choices=list(SECTIONS), default=[], help="run only these"
    )
    args = parser.parse_args(argv)
    if args.rounds is not None and args.rounds < 1:
        parser.error("--rounds must be at least 1")
    report = run(Settings.make(args.quick, args.rounds), args.only)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(render(report))
    print(f"\nwritten to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
