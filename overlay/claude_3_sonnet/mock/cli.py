"""``python -m claude_3_sonnet.mock``: serve the mock from the command line.

``main`` takes its arguments explicitly so the package's own CLI can offer
it as ``claude-3-sonnet mock``. The first stdout line says where the mock
listens; ``MockProcess`` waits for it (port 0 picks a free port).
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import NoReturn

import uvicorn

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


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one ``error:`` line (exit 2), as in ``claude-3-sonnet``."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message} (see {self.prog} --help)\n")


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, got {text!r}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"expected a number of seconds >= 0, got {text!r}")
    return value


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {text!r}")
    return value


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a number of seconds > 0, got {text!r}")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}")
    return value


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return value


def build_parser(prog: str = PROG) -> argparse.ArgumentParser:
    parser = _Parser(
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


def main(argv: list[str] | None = None, *, prog: str = PROG) -> int:
    """Run the mock until interrupted; returns the exit status.

    ``prog`` is the command's name in ``--help`` and in error lines. Bad
    arguments print one ``error:`` line and raise ``SystemExit(2)``.
    """
    parser = build_parser(prog)
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
