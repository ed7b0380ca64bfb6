"""The ``claude-3-sonnet`` command: chat from a shell, run a batch, or serve the mock.

::

    claude-3-sonnet chat "Why is the sky blue?"          # streams the answer
    echo "Summarise this" | claude-3-sonnet chat -        # the prompt from stdin
    claude-3-sonnet --mock chat Hello                     # no key needed: a local mock
    claude-3-sonnet batch prompts.jsonl -o results.jsonl  # a file of prompts, resumable
    claude-3-sonnet mock --port 8000                      # serve the mock
    claude-3-sonnet contract --url http://127.0.0.1:8000  # contract-test a deployment

A command line tool is judged by how it fails, so: every error is one
``error: ...`` line on stderr, never a traceback; the exit status says what
kind of failure it was (0 ok, 1 the API or the network failed, 2 the
command was wrong: bad arguments, no API key, a bad image; 130 Ctrl-C);
Ctrl-C during an answer keeps what was printed and ends the line; and the
API key is never printed.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from ._version import __version__
from .core.arguments import Parser, UsageError, number
from .core.config import API_KEY_VARIABLES, DEFAULT_MODEL
from .core.errors import (
    APIError,
    ConfigurationError,
    ImageError,
    NoTextError,
    RequestValidationError,
)

if TYPE_CHECKING:
    from claude_3_sonnet_client.params import UserMessageParam

    from .transport.sync_client import Claude3Sonnet

__all__ = ["build_parser", "main"]

PROG = "claude-3-sonnet"
EXIT_OK, EXIT_API, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
NO_KEY = (
    "error: no API key: set AIMLAPI_API_KEY (export AIMLAPI_API_KEY=<your key>, "
    "from https://aimlapi.com/app/keys) or add --mock to try the bundled mock server"
)


class _NoKey(Exception):
    """No API key and no ``--mock`` (exit 2, with how to fix it)."""


_count = number(int, what="a whole number", low=0)
_seconds = number(float, what="a number of seconds", above=0)


def _connection_options(parser: argparse.ArgumentParser, *, nested: bool) -> None:
    """Options accepted both before and after ``chat`` (``--mock chat`` and ``chat --mock``)."""
    default: Any = argparse.SUPPRESS if nested else None
    parser.add_argument(
        "--base-url",
        default=default,
        help="the service's URL (default: $AIMLAPI_BASE_URL or https://api.aimlapi.com)",
    )
    parser.add_argument(
        "--model",
        default=argparse.SUPPRESS if nested else DEFAULT_MODEL,
        help=f"model id (default: {DEFAULT_MODEL})",
    )
    parser.add_argument(
        "--mock",
        action="store_true",
        default=argparse.SUPPRESS if nested else False,
        help="start the bundled mock server for this run and talk to it (no key needed)",
    )
    parser.add_argument(
        "--max-retries",
        type=_count,
        default=default,
        metavar="N",
        help="retries of a failed call (default: 2)",
    )
    parser.add_argument(
        "--timeout", type=_seconds, default=default, metavar="SECONDS", help="per-request timeout"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog=PROG,
        description="Chat with Claude 3 Sonnet through the AI/ML API from the command line.",
        epilog="The API key comes from AIMLAPI_API_KEY; it is never printed.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _connection_options(parser, nested=False)
    # Not required=True: argparse would then report a missing command before an
    # unknown option (`claude-3-sonnet --bogus`); main() checks both, unknown first.
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    chat = commands.add_parser(
        "chat",
        help="ask one question; the answer streams to stdout",
        description="Ask Claude 3 Sonnet one question; the answer streams to stdout.",
    )
    chat.add_argument(
        "prompt", nargs="?", default="-", help="the question; '-' or nothing reads stdin"
    )
    chat.add_argument("--system", help="system prompt")
    chat.add_argument(
        "--image",
        action="append",
        default=[],
        metavar="PATH",
        help="attach a JPEG, PNG, GIF or WebP image (repeatable; at most 3.75 MB each)",
    )
    chat.add_argument("--max-tokens", type=int, metavar="N", help="longest answer, in tokens")
    chat.add_argument("--temperature", type=float, metavar="T", help="randomness, 0 to 1")
    output = chat.add_mutually_exclusive_group()
    output.add_argument("--no-stream", action="store_true", help="print the answer when complete")
    output.add_argument(
        "--json", action="store_true", help="print the whole completion as JSON (no streaming)"
    )
    _connection_options(chat, nested=True)
    for name, command in DELEGATED.items():
        commands.add_parser(
            name, help=f"{command.summary} (see: {PROG} {name} --help)", add_help=False
        )
    return parser


def _read_prompt(prompt: str, stdin: TextIO | None) -> str:
    if prompt == "-":
        prompt = _read_stdin(stdin)
    elif not _is_unicode(prompt):
        raise UsageError("the prompt is not UTF-8 text")
    if not prompt.strip():
        raise UsageError("the prompt is empty")
    return prompt


def _read_stdin(stdin: TextIO | None) -> str:
    """All of stdin, or a :class:`UsageError` saying why it cannot be the prompt."""
    if stdin is None:  # `claude-3-sonnet chat <&-`: Python has no sys.stdin then
        raise UsageError("could not read the prompt from stdin: stdin is closed")
    try:
        if stdin.isatty():
            print("Type your prompt, then Ctrl-D:", file=sys.stderr)
        text = stdin.read()
    except UnicodeDecodeError:
        raise UsageError("could not read the prompt from stdin: stdin is not UTF-8 text") from None
    except (OSError, ValueError) as exc:  # a closed descriptor, a directory, a closed file
        raise UsageError(f"could not read the prompt from stdin: {exc}") from None
    if not _is_unicode(text):  # undecodable bytes kept as surrogates (errors=surrogateescape)
        raise UsageError("could not read the prompt from stdin: stdin is not UTF-8 text")
    return text


def _is_unicode(text: str) -> bool:
    """Whether ``text`` can be sent: undecodable input bytes show up as lone surrogates."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@contextlib.contextmanager
def _endpoint(args: argparse.Namespace) -> Iterator[tuple[str | None, str | None]]:
    """The (api_key, base_url) to use: the environment's, or a mock started for this run."""
    if not args.mock:
        yield None, args.base_url
        return
    try:
        from .mock import MockConfig, MockServer  # noqa: PLC0415
    except ImportError:
        raise UsageError(
            "--mock needs the mock extra: pip install 'claude-3-sonnet[mock]'"
        ) from None
    config = MockConfig()
    with MockServer(config, host="127.0.0.1", port=0) as server:
        yield config.api_key, server.base_url


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, RequestValidationError):
        return "invalid request: " + "; ".join(str(v) for v in exc.violations)
    text = exc.message if isinstance(exc, APIError) else str(exc)
    return " ".join(text.split())


def _chat(args: argparse.Namespace, client: Claude3Sonnet, message: UserMessageParam) -> None:
    out = sys.stdout
    params: dict[str, Any] = {
        "messages": [message],
        "model": args.model,
        "system": args.system,
        "max_tokens": args.max_tokens,
        "temperature": args.temperature,
    }
    if args.json:
        completion = client.chat.completions.create(**params)
        out.write(json.dumps(completion.to_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    if args.no_stream:
        from .core.tool_loop import text_of  # noqa: PLC0415 - the CLI starts light

        out.write((text_of(client.chat.completions.create(**params)) or "") + "\n")
        return
    last = "\n"
    with client.chat.completions.create(stream=True, **params) as stream:
        try:
            for piece in stream.text_stream:
                out.write(piece)
                out.flush()
                last = piece
        finally:
            if not last.endswith("\n"):
                out.write("\n")  # also on failure or Ctrl-C: keep the text, end its line
            out.flush()


def _check_endpoint(args: argparse.Namespace) -> None:
    """Before reading a prompt: is there somewhere to send it?"""
    if args.mock and args.base_url:
        raise UsageError("--mock and --base-url cannot be combined")
    if args.system is not None and not _is_unicode(args.system):
        raise UsageError("the --system prompt is not UTF-8 text")
    if not args.mock and not any(os.environ.get(name) for name in API_KEY_VARIABLES):
        raise _NoKey


def _run_chat(args: argparse.Namespace) -> int:
    _check_endpoint(args)
    from .images import user_message  # noqa: PLC0415 - --help and --version stay light
    from .transport.sync_client import Claude3Sonnet  # noqa: PLC0415

    message = user_message(_read_prompt(args.prompt, sys.stdin), args.image)
    with _endpoint(args) as (api_key, base_url):
        options: dict[str, Any] = {"api_key": api_key, "base_url": base_url}
        if args.max_retries is not None:
            options["max_retries"] = args.max_retries
        if args.timeout is not None:
            options["timeout"] = args.timeout
        with Claude3Sonnet(**options) as client:
            _chat(args, client, message)
    return EXIT_OK


class _Command(NamedTuple):
    module: str
    summary: str
    extra: str | None
    """The extra the command needs, named in the error when it is not installed."""
    shares_options: bool
    """Whether options given before the command (``--mock batch ...``) are its own too."""


DELEGATED = {
    "batch": _Command(
        ".batch.cli", "run a file of prompts, one result per id, resumable", None, True
    ),
    "contract": _Command(
        ".testing.contract", "test a deployment against the bundled contract", None, False
    ),
    "mock": _Command(".mock", "serve the bundled mock server", "mock", False),
}
"""Commands with parsers of their own, imported only when run: ``chat`` stays light."""


def _delegate(name: str, argv: list[str], before: list[str]) -> int:
    command = DELEGATED[name]
    try:
        run = importlib.import_module(command.module, __package__).main
    except ImportError as exc:
        if command.extra is None:
            raise
        raise UsageError(
            f"'{PROG} {name}' needs the {command.extra} extra: "
            f"pip install 'claude-3-sonnet[{command.extra}]' ({exc.name} is missing)"
        ) from None
    if command.shares_options:
        argv = argv + before
    status: int = run(argv, prog=f"{PROG} {name}")
    return status


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit status (never raises, never prints a traceback)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    err = sys.stderr
    try:
        if argv[:1] and argv[0] in DELEGATED:
            return _delegate(argv[0], argv[1:], [])
        parser = build_parser()
        args, unknown = parser.parse_known_args(argv)
        if args.command in DELEGATED:  # options came first: `claude-3-sonnet --model x mock`
            at = argv.index(args.command)
            return _delegate(args.command, argv[at + 1 :], argv[:at])
        if unknown:
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        if args.command is None:
            parser.error("the following arguments are required: COMMAND")
        return _run_chat(args)
    except SystemExit as exc:  # --help, --version, and the mock's own argument errors
        return exc.code if isinstance(exc.code, int) else EXIT_OK if exc.code is None else 1
    except _NoKey:
        print(NO_KEY, file=err)
        return EXIT_USAGE
    except (UsageError, ImageError, ConfigurationError, RequestValidationError) as exc:
        print(f"error: {_one_line(exc)}", file=err)
        return EXIT_USAGE
    except (APIError, NoTextError) as exc:
        print(f"error: {_one_line(exc)}", file=err)
        return EXIT_API
    except KeyboardInterrupt:
        print(file=err)  # the shell's prompt starts on a line of its own after ^C
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `claude-3-sonnet chat ... | head -1`
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_API
    except Exception as exc:
        print(f"error: unexpected {type(exc).__name__}: {_one_line(exc)}", file=err)
        return EXIT_API
