"""``claude-3-sonnet batch``: run a file of prompts, one record per id, resumable.

::

    claude-3-sonnet batch prompts.jsonl -o results.jsonl --concurrency 32 --rpm 600
    claude-3-sonnet batch prompts.parquet -o results.parquet --max-tokens 200 --text-only
    claude-3-sonnet batch prompts.jsonl -o results.jsonl --mock      # no key: a local mock

Like the rest of the command line: every failure is one ``error:`` line,
never a traceback, and the exit status says what happened: 0 every record
is a success; 1 the run finished with error records, or the service
stopped it (bad key, no credits, unreachable); 2 the command, the input or
the output is wrong (nothing was sent); 130 interrupted. Ctrl-C once stops
sending and lets the requests in flight finish and be written; twice stops
at once. Either way the command to resume is printed: it is the same
command.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shlex
import signal
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from ..core.arguments import Parser, UsageError, number
from ..core.config import API_KEY_VARIABLES, DEFAULT_MODEL
from ..core.errors import ConfigurationError
from .errors import BatchAborted, BatchError, BatchFileError, BatchInputError
from .options import BatchOptions
from .progress import Progress, describe, make_progress
from .stats import BatchSummary

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
"""Ctrl-C, and a polite ``kill``: both stop the run gently the first time."""
NO_KEY = (
    "no API key: set AIMLAPI_API_KEY (export AIMLAPI_API_KEY=<your key>, from "
    "https://aimlapi.com/app/keys) or add --mock to try the bundled mock server"
)


_count = number(int, what="a whole number", low=0)
_at_least_one = number(int, what="a whole number", low=1)
_positive = number(float, what="a number", above=0)


def _assignment(text: str) -> tuple[str, Any]:
    name, sign, raw = text.partition("=")
    if not sign or not name:
        raise argparse.ArgumentTypeError(f"expected FIELD=VALUE, got {text!r}")
    try:
        value: Any = json.loads(raw)
    except json.JSONDecodeError:
        value = raw  # a bare word: a string
    return name.strip(), value


def build_parser(prog: str) -> argparse.ArgumentParser:
    parser = Parser(
        prog=prog,
        description=(
            "Send every prompt of a JSONL or Parquet file to Claude 3 Sonnet and write one "
            "record per id. Rerun the same command to resume: ids already in the output are "
            "skipped."
        ),
        epilog=(
            'Input lines: {"id": ..., "prompt": "..."} or {"id": ..., "messages": '
            "[...]}, plus any request field for that line. The API key comes from "
            "AIMLAPI_API_KEY; it is never printed or written."
        ),
    )
    parser.add_argument("input", metavar="INPUT", help="JSONL or Parquet (.parquet) file")
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUTPUT", help="where records go (same formats)"
    )
    pace = parser.add_argument_group("pace")
    pace.add_argument(
        "--concurrency",
        type=_at_least_one,
        default=16,
        metavar="N",
        help="most requests in flight (default 16; adapts down after 429s)",
    )
    pace.add_argument("--rpm", type=_positive, metavar="R", help="requests per minute")
    pace.add_argument("--tpm", type=_positive, metavar="T", help="tokens per minute")
    pace.add_argument(
        "--max-retries", type=_count, default=6, metavar="N", help="per record (default 6)"
    )
    pace.add_argument(
        "--no-adaptive",
        action="store_true",
        help="no shared pause after a 429 and fixed concurrency",
    )
    pace.add_argument("--timeout", type=_positive, metavar="S", help="seconds per attempt")
    request = parser.add_argument_group("request defaults (an input line's own fields win)")
    request.add_argument("--model", help=f"default: {DEFAULT_MODEL}")
    request.add_argument("--system", help="system prompt")
    request.add_argument("--max-tokens", type=_at_least_one, metavar="N")
    request.add_argument("--temperature", type=float, metavar="T")
    request.add_argument(
        "--set",
        action="append",
        type=_assignment,
        default=[],
        metavar="FIELD=JSON",
        help="any other request field, e.g. --set top_p=0.9 (repeatable)",
    )
    out = parser.add_argument_group("output")
    out.add_argument(
        "--text-only", action="store_true", help="records carry the text, not the completion"
    )
    out.add_argument(
        "--keep",
        action="append",
        default=[],
        metavar="FIELD",
        help="copy this input field into each record, unsent (repeatable)",
    )
    out.add_argument(
        "--on-invalid",
        choices=("abort", "record"),
        default="abort",
        help="bad input lines: stop before sending (default), or record an error for each",
    )
    out.add_argument(
        "--retry-errors", action="store_true", help="run again the ids whose record is an error"
    )
    out.add_argument("--fsync", action="store_true", help="fsync every record (power-cut safe)")
    out.add_argument("--input-format", choices=("jsonl", "parquet"))
    out.add_argument("--output-format", choices=("jsonl", "parquet"))
    out.add_argument(
        "--price-input", type=_positive, metavar="USD", help="per million prompt tokens"
    )
    out.add_argument(
        "--price-output", type=_positive, metavar="USD", help="per million completion tokens"
    )
    shown = parser.add_argument_group("progress")
    shown.add_argument("--progress", choices=("auto", "bar", "lines", "none"), default="auto")
    shown.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary")
    where = parser.add_argument_group("where")
    where.add_argument("--base-url", help="default: $AIMLAPI_BASE_URL or https://api.aimlapi.com")
    where.add_argument(
        "--mock", action="store_true", help="start the bundled mock for this run (no key needed)"
    )
    where.add_argument("--ray", action="store_true", help="send from a Ray cluster's actors")
    where.add_argument(
        "--ray-address",
        metavar="ADDRESS",
        help="the cluster: 'auto' (this node's), 'ray://HEAD:10001' (default: $RAY_ADDRESS, "
        "else a Ray started here for the run)",
    )
    where.add_argument(
        "--ray-workers", type=_at_least_one, default=2, metavar="N", help="Ray actors (default 2)"
    )
    return parser


def options_from(args: argparse.Namespace) -> BatchOptions:
    defaults: dict[str, Any] = dict(args.set)
    for name in ("model", "system", "max_tokens", "temperature"):
        value = getattr(args, name)
        if value is not None:
            defaults[name] = value
    return BatchOptions(
        concurrency=args.concurrency,
        rpm=args.rpm,
        tpm=args.tpm,
        defaults=defaults,
        keep=tuple(args.keep),
        text_only=args.text_only,
        on_invalid=args.on_invalid,
        retry_errors=args.retry_errors,
        max_retries=args.max_retries,
        adaptive=not args.no_adaptive,
        fsync=args.fsync,
        timeout=args.timeout,
        price_input=args.price_input,
        price_output=args.price_output,
        input_format=args.input_format,
        output_format=args.output_format,
        progress="none" if args.quiet else args.progress,
    )


@contextlib.contextmanager
def _endpoint(args: argparse.Namespace) -> Iterator[tuple[str | None, str | None]]:
    """(api_key, base_url): the environment's, or a mock's started for this run."""
    if not args.mock:
        if not any(os.environ.get(name) for name in API_KEY_VARIABLES):
            raise UsageError(NO_KEY)
        yield None, args.base_url
        return
    if args.base_url:
        raise UsageError("--mock and --base-url cannot be combined")
    try:
        from ..mock import MockConfig, MockServer  # noqa: PLC0415
    except ImportError:
        raise UsageError(
            "--mock needs the mock extra: pip install 'claude-3-sonnet[mock]'"
        ) from None
    config = MockConfig()
    with MockServer(config, host="127.0.0.1", port=0) as server:
        yield config.api_key, server.base_url


async def _run_local(
    args: argparse.Namespace,
    options: BatchOptions,
    api_key: str | None,
    base_url: str | None,
    view: Progress,
) -> BatchSummary:
    """The batch on this event loop; Ctrl-C once stops gently, twice at once.

    Plain ``signal`` handlers, not the loop's: they run even while the input
    is being read and checked (synchronous work that holds the loop), so a
    second Ctrl-C always stops at once, as ``KeyboardInterrupt``.
    """
    from .runner import arun_batch  # noqa: PLC0415

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    presses = 0

    def gently() -> None:
        stop.set()
        view.note("Ctrl-C: finishing the requests in flight (Ctrl-C again to stop now)")

    def interrupted(signum: int, frame: object) -> None:
        nonlocal presses
        presses += 1
        if presses > 1:
            raise KeyboardInterrupt
        loop.call_soon_threadsafe(gently)

    previous = {signum: signal.signal(signum, interrupted) for signum in STOP_SIGNALS}
    try:
        return await arun_batch(
            args.input,
            args.output,
            options,
            api_key=api_key,
            base_url=base_url,
            stop=stop,
            progress=view,
        )
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _resume(prog: str, argv: Sequence[str]) -> str:
    return f"{prog} {shlex.join(argv)}"


def _run(args: argparse.Namespace, argv: Sequence[str], prog: str) -> int:
    options = options_from(args)
    err = sys.stderr
    view = make_progress(options.progress, err)
    with _endpoint(args) as (api_key, base_url):
        try:
            if args.ray or args.ray_address:
                from .ray_runner import run_on_ray  # noqa: PLC0415

                summary = run_on_ray(
                    args.input,
                    args.output,
                    options,
                    workers=args.ray_workers,
                    address=args.ray_address,
                    api_key=api_key,
                    base_url=base_url,
                    progress=view,
                )
            else:
                summary = asyncio.run(_run_local(args, options, api_key, base_url, view))
        except (asyncio.CancelledError, KeyboardInterrupt):
            print(
                f"\nstopped; the records written so far are kept in {args.output}.\n"
                f"Resume with:\n  {_resume(prog, argv)}",
                file=err,
            )
            return EXIT_INTERRUPTED
        except BatchAborted as exc:
            if not args.quiet:
                print(describe(exc.summary), file=err)
            print(f"error: {exc.message}", file=err)
            print(f"Resume, once that is fixed, with:\n  {_resume(prog, argv)}", file=err)
            return EXIT_FAILED
    if not args.quiet:
        print(describe(summary), file=err)  # the warnings were shown as the run started
    if summary.interrupted:
        print(f"Interrupted. Resume with:\n  {_resume(prog, argv)}", file=err)
        return EXIT_INTERRUPTED
    if not summary.complete:
        print(f"Not every id has a record yet. Run again:\n  {_resume(prog, argv)}", file=err)
        return EXIT_FAILED
    if summary.failed:
        return EXIT_FAILED
    return EXIT_OK


def main(argv: list[str] | None = None, prog: str = "claude-3-sonnet batch") -> int:
    """Run ``batch``; returns the exit status (never raises, never prints a traceback)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    err = sys.stderr
    try:
        args = build_parser(prog).parse_args(argv)
        return _run(args, argv, prog)
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else EXIT_OK if exc.code is None else 1
    except BatchInputError as exc:
        print(f"error: {exc}", file=err)
        print("Fix those lines, or add --on-invalid record to run the others.", file=err)
        return EXIT_USAGE
    except (UsageError, BatchFileError, ConfigurationError, ValueError) as exc:
        print(f"error: {' '.join(str(exc).split())}", file=err)
        return EXIT_USAGE
    except BatchError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(file=err)
        return EXIT_INTERRUPTED
    except Exception as exc:
        print(f"error: unexpected {type(exc).__name__}: {' '.join(str(exc).split())}", file=err)
        return EXIT_FAILED


if __name__ == "__main__":  # python -m claude_3_sonnet.batch.cli
    sys.exit(main())
