"""``python -m claude_3_sonnet.mock``: serve the mock from the command line.

``main`` takes its arguments explicitly so the package's own CLI can offer
it as ``claude-3-sonnet mock``. The first stdout line says where the mock
listens; ``MockProcess`` waits for it (port 0 picks a free port).
"""

from __future__ import annotations

import argparse
import sys

import uvicorn

from ..core.arguments import Parser, UsageError, number
from .app import create_app
from .config import (
    DEFAULT_API_KEY,
    DEFAULT_IDLE_TIMEOUT,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_RECORD_LIMIT,
    DEFAULT_REQUEST_TIMEOUT,
    MockConfig,
)
from .server import DEFAULT_HOST, bind_socket, url_of, uvicorn_config

PROG = "python -m claude_3_sonnet.mock"

_port = number(int, what="a port number", low=0, high=65535)
_seconds = number(float, what="a number of seconds", low=0)
_positive_seconds = number(float, what="a number of seconds", above=0)
_fraction = number(float, what="a number", low=0, high=1)
_count = number(int, what="a whole number", low=0)
_positive = number(int, what="a whole number", low=1)
_integer = number(int, what="a whole number")


def build_parser(prog: str = PROG) -> argparse.ArgumentParser:
    """The mock's options; a mistake raises :class:`UsageError` (``main`` makes it exit 2)."""
    parser = Parser(
        prog=prog,
        description=(
            "Serve a local mock of POST /v1/chat/completions for Claude 3 Sonnet: contract-exact "
            "validation, deterministic answers, streaming, and faults on request through the "
            "X-Mock-Fault header (documented in docs/mock.md of the source distribution)."
        ),
    )
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help="interface to bind (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=_port, default=8000, help="port, 0 for a free one (default: %(default)s)"
    )
    keys = parser.add_mutually_exclusive_group()
    keys.add_argument(
        "--api-key",
        default=DEFAULT_API_KEY,
        help="the accepted bearer token (default: %(default)s)",
    )
    keys.add_argument("--any-key", action="store_true", help="accept any bearer token")
    parser.add_argument(
        "--latency", type=_seconds, default=0.0, help="seconds to wait before each answer"
    )
    parser.add_argument(
        "--failure-rate",
        type=_fraction,
        default=0.0,
        help="fraction of requests answered 500/502/503 at random",
    )
    parser.add_argument(
        "--seed",
        type=_integer,
        default=0,
        help="seed of the random failures (default: %(default)s)",
    )
    parser.add_argument(
        "--max-body-bytes",
        type=_positive,
        default=DEFAULT_MAX_BODY_BYTES,
        help="larger bodies get 413 (default: %(default)s)",
    )
    parser.add_argument(
        "--idle-timeout",
        type=_positive_seconds,
        default=DEFAULT_IDLE_TIMEOUT,
        help="close a connection that sends no request for this long (default: %(default)s)",
    )
    parser.add_argument(
        "--request-timeout",
        type=_positive_seconds,
        default=DEFAULT_REQUEST_TIMEOUT,
        help="close a connection whose request has not fully arrived this long after its "
        "first byte (default: %(default)s)",
    )
    parser.add_argument(
        "--record-limit",
        type=_count,
        default=DEFAULT_RECORD_LIMIT,
        help="received requests kept for GET /_mock/requests, 0 for none (default: %(default)s)",
    )
    parser.add_argument(
        "--log-level",
        default="info",
        choices=["critical", "error", "warning", "info", "debug"],
        help="uvicorn's log level (default: %(default)s)",
    )
    parser.add_argument(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="log every request",
    )
    return parser


def _configure(
    parser: argparse.ArgumentParser, argv: list[str] | None
) -> tuple[argparse.Namespace, MockConfig]:
    """The options and the mock's configuration, or a :class:`UsageError` saying what is wrong."""
    args = parser.parse_args(argv)
    try:
        config = MockConfig(
            api_key=None if args.any_key else args.api_key,
            latency=args.latency,
            failure_rate=args.failure_rate,
            seed=args.seed,
            max_body_bytes=args.max_body_bytes,
            idle_timeout=args.idle_timeout,
            request_timeout=args.request_timeout,
            record_limit=args.record_limit,
        )
    except ValueError as exc:
        parser.error(str(exc))
    return args, config


def main(argv: list[str] | None = None, *, prog: str = PROG) -> int:
    """Run the mock until interrupted; returns the exit status.

    ``prog`` is the command's name in ``--help`` and in error lines. Bad
    arguments print one ``error:`` line and raise ``SystemExit(2)``.
    """
    parser = build_parser(prog)
    try:
        args, config = _configure(parser, argv)
    except UsageError as exc:
        parser.exit(2, f"error: {exc}\n")
    try:
        sock = bind_socket(args.host, args.port)
    except (OSError, TypeError, ValueError) as exc:  # busy, unknown host, a NUL in the name
        print(f"error: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    base_url = url_of(sock)
    key = (
        "any bearer token" if config.api_key is None else f"Authorization: Bearer {config.api_key}"
    )
    print(f"Claude 3 Sonnet mock listening on {base_url}", flush=True)
    print(f"  POST {base_url}/v1/chat/completions ({key}); Ctrl-C stops", flush=True)
    if args.access_log:
        import logging  # noqa: PLC0415

        logging.basicConfig(level=logging.INFO, format="%(message)s")
    server = uvicorn.Server(
        uvicorn_config(create_app(config), log_level=args.log_level, access_log=args.access_log)
    )
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    return 0
