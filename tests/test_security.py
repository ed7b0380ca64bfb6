"""The key out of reach, errors that survive pickling, one exception family (issue 11).

A server that echoes the ``Authorization`` header back (in a response
header, an error body, a streamed answer) must not get the key into any
exception the package raises: not its message, not an attribute, not a
chained cause, not its pickled bytes, and not a DEBUG log line of this
package, httpx or httpcore.
"""

from __future__ import annotations

import concurrent.futures
import copy
import gc
import json
import logging
import math
import pickle
from typing import Any

import httpx2
import pytest

import claude_3_sonnet
from claude_3_sonnet import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APIStreamError,
    AuthenticationError,
    Claude3Sonnet,
    Claude3SonnetError,
    ConversationError,
    ImageError,
    NoTextError,
    RequestValidationError,
    ResponseTooLargeError,
    ResponseValidationError,
    ToolArgumentsError,
    ToolDefinitionError,
    ToolLoopError,
)
from claude_3_sonnet.conversation import Conversation
from claude_3_sonnet.core.validation import Violation
from claude_3_sonnet.mock import payloads
from claude_3_sonnet.mock.generation import Answer
from claude_3_sonnet.mock.wire import sse_event
from claude_3_sonnet_client.models import ChatCompletion
from claude_3_sonnet_client.params import MessageParam

from .fixtures import SEED_RESPONSE
from .hostile import RawServer, echo, header_value, read_request

KEY = "sk-aiml-0123456789abcdefSECRET"
HELLO: list[MessageParam] = [{"role": "user", "content": "Hello"}]


def strings_in(root: Any, limit: int = 200_000) -> list[str]:
    """Every str and bytes reachable from ``root``: attributes, containers, exception chains."""
    seen: set[int] = set()
    found: list[str] = []
    todo = [root]
    while todo and len(seen) < limit:
        item = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, str):
            found.append(item)
            continue
        if isinstance(item, bytes | bytearray):
            found.append(bytes(item).decode("latin-1"))
            continue
        if isinstance(item, int | float | bool | type(None)) or (
            callable(item) and not hasattr(item, "__dict__")
        ):
            continue
        if isinstance(item, dict):
            todo.extend(item.keys())
            todo.extend(item.values())
            continue
        if isinstance(item, list | tuple | set | frozenset):
            todo.extend(item)
            continue
        if isinstance(item, BaseException):
            todo.extend([item.args, item.__cause__, item.__context__])
        for name in ("__dict__",):
            todo.append(getattr(item, name, None))
        for slots in (getattr(type(item), "__slots__", ()),):
            for slot in [slots] if isinstance(slots, str) else slots:
                todo.append(getattr(item, slot, None))
        events = getattr(item, "events", None)
        if isinstance(events, list):
            todo.extend(events)
        if isinstance(item, httpx2.Response | httpx2.Request | httpx2.Headers):
            todo.append(gc.get_referents(item))
    return found


def assert_no_key(error: BaseException) -> None:
    leaks = [text for text in strings_in(error) if KEY in text]
    assert leaks == [], f"the key is reachable from {type(error).__name__}: {leaks[:3]}"
    assert KEY.encode() not in pickle.dumps(error), "the key is in the pickled error"
    assert KEY not in str(error)
    assert KEY not in repr(error)


def echoing_stream(conn: Any) -> None:
    """A stream whose text, headers and error event all quote the Authorization header."""
    request = read_request(conn)
    auth = header_value(request, b"authorization").decode()
    answer = Answer("msg_echo", f"your key is {auth} as sent", (), "end_turn", 1, 1)
    chunks = payloads.chunks(answer)[:-2]
    body = b"".join(sse_event(c) for c in chunks)
    body += b"event: error\ndata: " + json.dumps({"error": {"message": auth, "code": 500}}).encode()
    body += b"\n\n"
    conn.sendall(
        b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
        + f"x-echo: {auth}\r\ncontent-length: {len(body)}\r\n\r\n".encode()
        + body
    )


def dropping(conn: Any) -> None:
    read_request(conn)


def raised(call: Any) -> BaseException:
    try:
        call()
    except BaseException as exc:
        return exc
    raise AssertionError("no error was raised")


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    for name in ("claude_3_sonnet", "httpx", "httpx2", "httpcore", "httpcore2"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    return caplog


def test_an_echoed_key_reaches_no_exception_and_no_log_line(
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    errors: list[BaseException] = []
    with (
        RawServer(echo) as status,
        RawServer(echoing_stream) as stream,
        RawServer(dropping) as drop,
    ):
        with Claude3Sonnet(api_key=KEY, base_url=status.url, max_retries=0) as client:
            errors.append(raised(lambda: client.chat.completions.create(messages=HELLO)))
            errors.append(raised(lambda: client.ask("Hi")))
        with Claude3Sonnet(api_key=KEY, base_url=stream.url, max_retries=0) as client:
            errors.append(
                raised(lambda: list(client.chat.completions.create(messages=HELLO, stream=True)))
            )
        with Claude3Sonnet(api_key=KEY, base_url=drop.url, max_retries=0) as client:
            errors.append(raised(lambda: client.chat.completions.create(messages=HELLO)))
    assert [type(e) for e in errors] == [
        AuthenticationError,
        AuthenticationError,
        APIStreamError,
        APIConnectionError,
    ]
    for error in errors:
        assert_no_key(error)
    assert isinstance(errors[0], APIStatusError)
    assert errors[0].response.request.headers["authorization"] == "<redacted>"
    assert isinstance(errors[2], APIStreamError)
    assert errors[2].partial_text.startswith("your key is Bearer ...")
    records = [r.getMessage() for r in debug_logs.records]
    assert any("x-echo" in text.lower() for text in records), "httpcore logged the headers"
    assert [text for text in records if KEY in text] == []


def test_a_client_repr_and_its_options_repr_hide_the_key() -> None:
    client = Claude3Sonnet(api_key=KEY)
    assert KEY not in repr(client)
    assert KEY not in repr(client.options)


# -- pickling and copying -------------------------------------------------------------------------

COMPLETION = ChatCompletion.from_dict(SEED_RESPONSE)


def examples() -> list[Claude3SonnetError]:
    status = AuthenticationError(
        "401 Unauthorized: bad key",
        status_code=401,
        headers={"x-request-id": "req_1"},
        body={"message": "bad key"},
        service_message="bad key",
        request_id="req_1",
    )
    status.response = httpx2.Response(
        401, content=b'{"message": "bad key"}', request=httpx2.Request("POST", "https://x.test/")
    )
    stream = APIStreamError("stream failed", status_code=529, service_message="Overloaded")
    stream.partial_text = "Hel"
    return [
        claude_3_sonnet.ConfigurationError("no key"),
        APIError("failed", request_id="r"),
        RequestValidationError([Violation("max_tokens", "0 is not >= 1", ">= 1", "0")]),
        ResponseValidationError("bad", raw="{", status_code=200, request_id="r"),
        ResponseTooLargeError("too large", raw=""),
        stream,
        APIConnectionError("refused"),
        claude_3_sonnet.APITimeoutError("slow"),
        status,
        claude_3_sonnet.RateLimitError("429", status_code=429, headers={"retry-after": "1"}),
        NoTextError("no text", COMPLETION),
        ImageError("'x.png'", "is empty"),
        ToolDefinitionError("f", "has no annotation", "x"),
        ToolArgumentsError("city: is required"),
        ToolLoopError(
            "looped", messages=[{"role": "user", "content": "x"}], completion=COMPLETION, rounds=8
        ),
        ConversationError("tool calls", COMPLETION),
    ]


def comparable(error: BaseException) -> dict[str, Any]:
    state = dict(vars(error))
    response = state.pop("response", None)
    if response is not None:
        state["response"] = (response.status_code, response.content)
    return {"type": type(error), "str": str(error), "args": error.args, **state}


@pytest.mark.parametrize("error", examples(), ids=lambda e: type(e).__name__)
def test_every_error_pickles_and_copies_with_its_attributes(error: Claude3SonnetError) -> None:
    for twin in (pickle.loads(pickle.dumps(error)), copy.copy(error), copy.deepcopy(error)):
        assert comparable(twin) == comparable(error)


def _fail_in_a_worker() -> None:
    raise AuthenticationError("401 Unauthorized: bad key", status_code=401, body={"m": 1})


def test_an_error_raised_in_a_process_pool_reaches_the_parent_intact() -> None:
    with concurrent.futures.ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(_fail_in_a_worker)
        with pytest.raises(AuthenticationError) as info:
            future.result(timeout=60)
        assert pool.submit(abs, -3).result(timeout=60) == 3  # the pool is not broken
    assert info.value.status_code == 401
    assert info.value.body == {"m": 1}


# -- one family ------------------------------------------------------------------------------------


def test_every_exception_the_package_exports_is_in_the_family() -> None:
    exported = [
        value
        for name in claude_3_sonnet.__all__
        if isinstance(value := getattr(claude_3_sonnet, name), type)
        and issubclass(value, BaseException)
    ]
    assert len(exported) >= 20
    assert all(issubclass(cls, Claude3SonnetError) for cls in exported)
    assert issubclass(ToolDefinitionError, TypeError)
    assert issubclass(ToolArgumentsError, ValueError)
    assert issubclass(ImageError, ValueError)
    assert not issubclass(ToolLoopError, APIError)


def canned(body: dict[str, Any]) -> Claude3Sonnet:
    transport = httpx2.MockTransport(lambda request: httpx2.Response(200, json=body))
    return Claude3Sonnet(api_key=KEY, http_client=httpx2.Client(transport=transport))


def test_a_value_json_cannot_carry_is_a_request_validation_error_everywhere() -> None:
    def weather(city: str) -> str:
        return city

    with canned(SEED_RESPONSE) as client:
        with pytest.raises(RequestValidationError, match="temperature: nan is not a JSON number"):
            Conversation(client, temperature=math.nan)
        with pytest.raises(RequestValidationError, match=r"messages\[0\].content"):
            client.chat.completions.run_tools(
                messages=[{"role": "user", "content": b"bytes"}], tools=[weather]
            )
        with pytest.raises(RequestValidationError, match="top_p"):
            client.chat.completions.create(messages=HELLO, top_p=math.inf)


@pytest.mark.parametrize(
    "change",
    [
        lambda body: body["choices"].clear(),
        lambda body: body["choices"][0]["message"].update(content=None),
        lambda body: body["choices"][0]["message"].pop("content"),
    ],
    ids=["no-choices", "null-content", "no-content"],
)
def test_ask_raises_when_there_is_no_text(change: Any) -> None:
    body = json.loads(json.dumps(SEED_RESPONSE))
    change(body)
    with canned(body) as client, pytest.raises(NoTextError) as info:
        client.ask("Hello")
    assert isinstance(info.value.completion, ChatCompletion)


def dropping_mid_stream(conn: Any) -> None:
    """Two chunks of a stream, then the connection closes before the answer ends."""
    read_request(conn)
    answer = Answer("msg_cut", "half of an answer", (), "end_turn", 1, 1)
    body = b"".join(sse_event(c) for c in payloads.chunks(answer)[:2])
    conn.sendall(
        b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: 100000\r\n\r\n"
        + body
    )


def echoing_request_id(conn: Any) -> None:
    """A plain answer whose request id header is the Authorization the server received."""
    request = read_request(conn)
    auth = header_value(request, b"authorization").decode()
    body = json.dumps(SEED_RESPONSE).encode()
    conn.sendall(
        b"HTTP/1.1 201 Created\r\nconnection: close\r\ncontent-type: application/json\r\n"
        + f"x-request-id: {auth}\r\ncontent-length: {len(body)}\r\n\r\n".encode()
        + body
    )


def test_a_stream_cut_mid_way_chains_nothing_that_holds_the_key() -> None:
    with (
        RawServer(dropping_mid_stream) as server,
        Claude3Sonnet(api_key=KEY, base_url=server.url, max_retries=0) as client,
    ):
        plain = raised(lambda: list(client.chat.completions.create(messages=HELLO, stream=True)))
        opened = client.chat.completions.with_streaming_response.create(messages=HELLO, stream=True)
        with opened as response:
            lines = raised(lambda: list(response.iter_lines()))
    for error in (plain, lines):
        assert isinstance(error, APIConnectionError)
        assert_no_key(error)


def test_a_request_id_that_echoes_the_key_is_scrubbed() -> None:
    with (
        RawServer(echoing_request_id) as server,
        Claude3Sonnet(api_key=KEY, base_url=server.url, max_retries=0) as client,
    ):
        completion = client.chat.completions.create(messages=HELLO)
        raw = client.chat.completions.with_raw_response.create(messages=HELLO)
    assert completion._request_id is not None
    assert KEY not in completion._request_id
    assert raw.request_id is not None
    assert KEY not in raw.request_id
    assert KEY not in repr(raw)
