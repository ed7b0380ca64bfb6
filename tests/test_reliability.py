"""Hardening (issue 11): time budgets, bounded memory, retries that cannot burst or loop.

Every case runs against a small hostile loopback server (``tests/hostile.py``).
Nothing here asserts a duration: a call that should end at its budget must
*end* (each runs under a generous watchdog), with the documented error.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest

from claude_3_sonnet import (
    APIConnectionError,
    APITimeoutError,
    AsyncClaude3Sonnet,
    BadRequestError,
    Claude3Sonnet,
    InternalServerError,
    RetryPolicy,
)
from claude_3_sonnet.core.retry import retry_delay
from claude_3_sonnet_client.params import MessageParam

from .hostile import (
    JSON_HEAD,
    STREAM_HEAD,
    RawServer,
    chunked,
    drip,
    endless_stream,
    read_request,
)

ROOT = Path(__file__).resolve().parent.parent
KEY = "reliability-key-0001"
HELLO: list[MessageParam] = [{"role": "user", "content": "Hello"}]
WATCHDOG = 60.0


def within_watchdog(call: Callable[[], Any]) -> BaseException | Any:
    """Run ``call`` in a thread; fail the test (instead of hanging it) if it never returns."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(WATCHDOG)
    assert not thread.is_alive(), "the call did not end: its time budget was not enforced"
    return outcome[0]


# -- an overall deadline -------------------------------------------------------------------

SLOW_STATUS = drip(b"HTTP/1.1 200 OK\r\n", 0.2)
SLOW_BODY = drip(JSON_HEAD + b"content-length: 100000\r\n\r\n" + b" " * 100000, 0.2)
SLOW_STREAM = drip(STREAM_HEAD + b"\r\n" + b"data: {" * 10000, 0.2)


@pytest.mark.parametrize("handler", [SLOW_STATUS, SLOW_BODY], ids=["before-status", "body"])
@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_slow_drip_ends_at_the_total_budget(handler: Any, kind: str) -> None:
    with RawServer(handler) as server:
        options: dict[str, Any] = {
            "api_key": KEY,
            "base_url": server.url,
            "total_timeout": 1.0,
            "timeout": 30.0,
            "max_retries": 0,
        }

        def call() -> Any:
            if kind == "sync":
                with Claude3Sonnet(**options) as client:
                    return client.chat.completions.create(messages=HELLO)

            async def main() -> Any:
                async with AsyncClaude3Sonnet(**options) as client:
                    return await client.chat.completions.create(messages=HELLO)

            return asyncio.run(main())

        outcome = within_watchdog(call)
    assert isinstance(outcome, APITimeoutError), outcome
    assert "total_timeout (1 s) ran out" in str(outcome)


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_with_your_own_http_client_a_dripped_body_ends_at_the_budget(kind: str) -> None:
    """Its transport is the caller's: the budget is checked between reads (README), body too."""

    def head_then_drip(conn: socket.socket) -> None:
        read_request(conn)
        conn.sendall(JSON_HEAD + b"content-length: 100000\r\n\r\n")
        for _ in range(100000):
            conn.sendall(b" ")
            time.sleep(0.2)

    with RawServer(head_then_drip) as server:
        options: dict[str, Any] = {
            "api_key": KEY,
            "base_url": server.url,
            "total_timeout": 1.0,
            "max_retries": 0,
        }

        def call() -> Any:
            if kind == "sync":
                with Claude3Sonnet(**options, http_client=httpx2.Client(timeout=5.0)) as client:
                    return client.chat.completions.create(messages=HELLO)

            async def main() -> Any:
                http = httpx2.AsyncClient(timeout=5.0)
                async with AsyncClaude3Sonnet(**options, http_client=http) as client:
                    return await client.chat.completions.create(messages=HELLO)

            return asyncio.run(main())

        outcome = within_watchdog(call)
    assert isinstance(outcome, APITimeoutError), outcome
    assert "total_timeout (1 s) ran out" in str(outcome)


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_slow_drip_stream_ends_at_the_budget(kind: str) -> None:
    with RawServer(SLOW_STREAM) as server:
        options: dict[str, Any] = {
            "api_key": KEY,
            "base_url": server.url,
            "total_timeout": 1.0,
            "idle_timeout": 30.0,
            "timeout": 30.0,
            "max_retries": 0,
        }

        def call() -> Any:
            if kind == "sync":
                with Claude3Sonnet(**options) as client:
                    return list(client.chat.completions.create(messages=HELLO, stream=True))

            async def main() -> Any:
                async with AsyncClaude3Sonnet(**options) as client:
                    stream = await client.chat.completions.create(messages=HELLO, stream=True)
                    return [chunk async for chunk in stream]

            return asyncio.run(main())

        outcome = within_watchdog(call)
    assert isinstance(outcome, APITimeoutError), outcome
    assert "total_timeout" in str(outcome)


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_an_endless_steady_stream_ends_at_the_budget(kind: str) -> None:
    with RawServer(chunked(STREAM_HEAD, endless_stream(pause=0.05))) as server:
        options: dict[str, Any] = {"api_key": KEY, "base_url": server.url, "total_timeout": 1.0}
        seen: list[int] = []

        def call() -> Any:
            if kind == "sync":
                with Claude3Sonnet(**options) as client:
                    for _ in client.chat.completions.create(messages=HELLO, stream=True):
                        seen.append(1)
                return None

            async def main() -> None:
                async with AsyncClaude3Sonnet(**options) as client:
                    stream = await client.chat.completions.create(messages=HELLO, stream=True)
                    async for _ in stream:
                        seen.append(1)

            return asyncio.run(main())

        outcome = within_watchdog(call)
    assert isinstance(outcome, APITimeoutError), outcome
    assert seen, "chunks arrived before the budget ran out"
    assert outcome.chunks  # what arrived is kept


def test_a_silent_stream_ends_at_the_idle_limit() -> None:
    def one_event_then_silence(conn: Any) -> None:
        read_request(conn)
        opening = next(endless_stream())
        conn.sendall(STREAM_HEAD + b"content-length: 100000\r\n\r\n" + opening)
        threading.Event().wait(30)

    with RawServer(one_event_then_silence) as server:

        def call() -> Any:
            with Claude3Sonnet(
                api_key=KEY, base_url=server.url, idle_timeout=0.5, total_timeout=30.0
            ) as client:
                return list(client.chat.completions.create(messages=HELLO, stream=True))

        outcome = within_watchdog(call)
    assert isinstance(outcome, APITimeoutError), outcome
    assert "silent for longer than idle_timeout (0.5 s)" in str(outcome)
    assert len(outcome.chunks) == 1


def test_a_retry_wait_that_would_pass_the_budget_is_not_started() -> None:
    def busy(conn: Any) -> None:
        read_request(conn)
        body = b'{"message": "Service unavailable"}'
        conn.sendall(
            b"HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\ncontent-type: application/json\r\n"
            + f"retry-after: 30\r\ncontent-length: {len(body)}\r\n\r\n".encode()
            + body
        )

    with RawServer(busy) as server:

        def call() -> Any:
            with Claude3Sonnet(api_key=KEY, base_url=server.url, total_timeout=2.0) as client:
                return client.chat.completions.create(messages=HELLO)

        outcome = within_watchdog(call)
        assert server.accepted == 1
    assert isinstance(outcome, InternalServerError), outcome
    assert "not retried" in str(outcome)
    assert outcome.attempts == 1


def test_budgets_are_set_per_client_and_per_call() -> None:
    client = Claude3Sonnet(api_key=KEY, total_timeout=30.0, idle_timeout=5.0)
    assert (client.options.total_timeout, client.options.idle_timeout) == (30.0, 5.0)
    call = client._prepare(
        {"messages": HELLO, "total_timeout": 2.0, "idle_timeout": None}, stream=True
    )
    assert (call.total_timeout, call.idle_timeout) == (2.0, None)
    quick = client.with_options(total_timeout=1.5)
    assert quick.options.total_timeout == 1.5
    assert client.options.total_timeout == 30.0
    default = Claude3Sonnet(api_key=KEY)
    assert (default.options.total_timeout, default.options.idle_timeout) == (600.0, 120.0)


# -- retries ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "retry_after", ["0", "-5", "Wed, 21 Oct 2015 07:28:00 GMT", "nonsense", "NaN"]
)
def test_retry_after_never_makes_a_wait_shorter_than_the_backoff(retry_after: str) -> None:
    policy = RetryPolicy(initial_delay=0.5)
    for retry in (1, 2, 3):
        normal = retry_delay(policy, retry, None, rand=lambda: 0.0)
        assert retry_delay(policy, retry, {"retry-after": retry_after}, rand=lambda: 0.0) == normal


def test_a_long_retry_after_is_honoured_and_capped() -> None:
    policy = RetryPolicy(initial_delay=0.5, max_retry_after=60.0)
    assert retry_delay(policy, 1, {"retry-after": "7"}, rand=lambda: 0.0) == 7.0
    assert retry_delay(policy, 1, {"retry-after": "3600"}, rand=lambda: 0.0) == 60.0


def test_a_host_that_does_not_resolve_is_not_retried() -> None:
    with Claude3Sonnet(api_key=KEY, base_url="http://no-such-host.invalid", max_retries=5) as c:
        c._sleep = lambda seconds: pytest.fail("a DNS failure was retried")
        with pytest.raises(APIConnectionError) as info:
            c.chat.completions.create(messages=HELLO)
    assert "does not resolve" in str(info.value)
    assert info.value.attempts == 1


def test_a_certificate_that_does_not_verify_is_not_retried() -> None:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    data = ROOT / "tests" / "data"
    context.load_cert_chain(data / "selfsigned.crt", data / "selfsigned.key")

    def tls(conn: Any) -> None:
        with context.wrap_socket(conn, server_side=True) as wrapped:
            read_request(wrapped)

    with RawServer(tls) as server:
        url = server.url.replace("http://", "https://")
        with Claude3Sonnet(api_key=KEY, base_url=url, max_retries=5) as c:
            c._sleep = lambda seconds: pytest.fail("a certificate failure was retried")
            with pytest.raises(APIConnectionError) as info:
                c.chat.completions.create(messages=HELLO)
    assert "certificate does not verify" in str(info.value)
    assert info.value.attempts == 1


def test_the_final_error_says_how_many_attempts_over_how_long() -> None:
    def busy(conn: Any) -> None:
        read_request(conn)
        body = b'{"message": "Service unavailable"}'
        conn.sendall(
            b"HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\ncontent-type: application/json\r\n"
            + f"content-length: {len(body)}\r\n\r\n".encode()
            + body
        )

    with RawServer(busy) as server, Claude3Sonnet(api_key=KEY, base_url=server.url) as c:
        c._sleep = lambda seconds: None
        with pytest.raises(InternalServerError) as info:
            c.chat.completions.create(messages=HELLO, max_retries=2)
    assert info.value.attempts == 3
    assert "after 3 attempts over" in str(info.value)


# -- bounded memory ---------------------------------------------------------------------------

RSS_BOUND_MB = 250
"""What a client process may reach against each hostile case, with the default limits."""

CLIENT = """
import json, sys
from claude_3_sonnet import Claude3Sonnet, Claude3SonnetError

def peak_mb():  # VmHWM: the peak RSS of this program (ru_maxrss survives exec from the parent)
    return int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) / 1024

url, stream = sys.argv[1], sys.argv[2] == "stream"
started_mb = peak_mb()
with Claude3Sonnet(api_key="memory-key-0001", base_url=url, max_retries=0, total_timeout=120) as c:
    try:
        if stream:
            for _ in c.chat.completions.create(messages=[{"role": "user", "content": "x"}], stream=True):
                pass
        else:
            c.chat.completions.create(messages=[{"role": "user", "content": "x"}])
        outcome = "no error"
    except Claude3SonnetError as exc:
        outcome = type(exc).__name__ + ": " + str(exc)[:300]
print(json.dumps({"outcome": outcome, "started_mb": started_mb, "max_rss_mb": peak_mb()}))
"""


@pytest.mark.parametrize(
    ("kind", "stream", "expected"),
    [
        ("huge-body", False, "ResponseTooLargeError: the answer is larger than max_response_bytes"),
        ("gzip-bomb", False, "ResponseTooLargeError: the answer is larger than max_response_bytes"),
        (
            "gzip-bomb-stream",
            True,
            "ResponseTooLargeError: the answer is larger than max_stream_bytes",
        ),
        (
            "endless-stream",
            True,
            "ResponseTooLargeError: the answer is larger than max_stream_bytes",
        ),
        ("huge-error", False, "InternalServerError: 500 Internal Server Error"),
    ],
)
def test_memory_stays_bounded_against_hostile_bodies(
    kind: str, stream: bool, expected: str
) -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.hostile", kind],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().split()[-1]
        result = subprocess.run(
            [sys.executable, "-c", CLIENT, url, "stream" if stream else "plain"],
            capture_output=True,
            text=True,
            timeout=180,
            check=True,
        )
    finally:
        server.kill()
        server.wait()
    report = json.loads(result.stdout)
    assert report["outcome"].startswith(expected), report
    assert report["max_rss_mb"] < RSS_BOUND_MB, report


def compressed_error(conn: socket.socket) -> None:
    """A 400 whose JSON body a proxy gzipped, as the client's Accept-Encoding allows."""
    read_request(conn)
    body = gzip.compress(b'{"statusCode": 400, "message": "Body validation error!"}')
    conn.sendall(
        b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\n"
        + f"content-encoding: gzip\r\ncontent-length: {len(body)}\r\n\r\n".encode()
        + body
    )


def test_a_compressed_error_body_is_the_status_error_not_a_connection_failure() -> None:
    with (
        RawServer(compressed_error) as server,
        Claude3Sonnet(api_key="k" * 20, base_url=server.url, max_retries=2) as client,
        pytest.raises(BadRequestError) as refused,
    ):
        client.chat.completions.create(messages=HELLO)
    assert refused.value.attempts == 1
    assert "Body validation error!" in str(refused.value)
    assert refused.value.response.json()["statusCode"] == 400


def _slow_lines(count: int, every: float) -> Iterator[bytes]:
    for number in range(count):
        time.sleep(every)
        yield f"line {number}\n".encode()


def test_a_streaming_response_read_steadily_is_not_cut_by_the_idle_limit() -> None:
    """``idle_timeout`` is silence between reads, not time since the request, here too."""
    with (
        RawServer(chunked(STREAM_HEAD, _slow_lines(12, every=0.1))) as server,
        Claude3Sonnet(api_key="k" * 20, base_url=server.url, max_retries=0) as client,
        client.chat.completions.with_streaming_response.create(
            messages=HELLO, stream=True, idle_timeout=0.5
        ) as response,
    ):
        lines = [line for line in response.iter_lines() if line]
    assert len(lines) == 12


def test_the_default_transports_carry_the_budget_aware_network_backend() -> None:
    """The one private attribute of httpx2 the client touches: if it moves, this fails."""
    from claude_3_sonnet.transport.http import has_budget_backend  # noqa: PLC0415

    with Claude3Sonnet(api_key=KEY) as client:
        assert has_budget_backend(client._http._transport)

    async def main() -> bool:
        async with AsyncClaude3Sonnet(api_key=KEY) as client:
            return has_budget_backend(client._http._transport)

    assert asyncio.run(main())
