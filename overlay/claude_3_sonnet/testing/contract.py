"""``claude-3-sonnet contract --url URL``: test any deployment against the bundled contract.

Point it at the mock, at a proxy of your own, or at a staging gateway: it
sends schemathesis-generated requests to ``POST /v1/chat/completions``
and checks every answer against the contract the client is generated from
(status codes, content types, headers, response schemas, invalid data
rejected, valid data accepted, and that a request without a valid key is
refused).

What a user relies on, and how it holds:

* **A known cost.** Positive examples are real model calls on a paid
  deployment. Before the first request the command prints the most it will
  send: ``--max-examples`` per generation mode, plus two requests without a
  valid key. That bound is enforced, not estimated: every request goes
  through one session that refuses to send past it. (schemathesis'
  ``ignored_auth`` check would re-send each accepted case twice without
  credentials; the two explicit key probes replace it, once per run.)
  ``--mode negative`` sends requests meant to be rejected; a few are still
  valid (schemathesis may mutate only what the contract leaves open, such as
  an extra header or field) and are answered, so it is cheap, not free.
* **The key stays secret.** It is read from ``AIMLAPI_API_KEY`` (or
  ``AIML_API_KEY``) only: there is no option for it, so it never shows in
  a shell history or a process list, and a stray ``--api-key sk-...``
  is reported by its option name alone. Reproduction commands are printed
  without credentials, and the key is scrubbed from everything printed.
* **A plain verdict.** Exit 0 when every check passed, 1 when any failed
  (or the URL cannot be reached), 2 for a mistake in the command line;
  one ``error:`` line, never a traceback.

The settings shared with ``tests/test_schemathesis.py`` and ``make contract``
(``scripts/contract.py``) live here too: :data:`EXCLUDED_CHECKS` and
:func:`schemathesis_spec`. The stream is documented per event
(``ChatCompletionEvent``: ``data`` is ``[DONE]`` or a JSON
``ChatCompletionChunk``), which is how schemathesis 4 reads an event-stream
schema, so every streamed chunk is checked too.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from claude_3_sonnet.core.arguments import Parser, UsageError, number
from claude_3_sonnet.core.config import (
    API_KEY_VARIABLES,
    endpoint_url,
    resolve_api_key,
    resolve_base_url,
)
from claude_3_sonnet.core.contract import chat_path, spec
from claude_3_sonnet.core.errors import ConfigurationError
from claude_3_sonnet.core.secrets import scrub

if TYPE_CHECKING:
    import requests
    import schemathesis

PROG = "claude-3-sonnet contract"
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
DEFAULT_MAX_EXAMPLES = 10
MAX_MAX_EXAMPLES = 100_000
DEFAULT_SEED = 20240229
DEFAULT_TIMEOUT = 60.0
AUTH_PROBES = 2
"""Requests sent without a valid key: one with no ``Authorization``, one with a wrong key."""
PROBE_BODY: dict[str, Any] = {
    "model": "claude-3-sonnet-latest",
    "messages": [{"role": "user", "content": "Hello"}],
    "max_tokens": 1,
}
SHOWN_CHARACTERS = 1500
"""Of one failure's details and reproduction command, at most this much is printed."""

EXCLUDED_CHECKS: dict[str, str] = {
    "unsupported_method": (
        "expects 405 for a method the operation does not declare; the service answers "
        "404 for an unknown endpoint or method (FACTS.md, the contract's NotFound), and "
        "so does the mock"
    ),
}
"""schemathesis checks that do not apply, with the reason."""

PROBED_CHECKS: dict[str, str] = {
    "ignored_auth": (
        "re-sends every accepted case twice without credentials; replaced by "
        f"{AUTH_PROBES} explicit requests per run, so the request count is known in advance"
    ),
}
"""checks the command replaces with its own bounded probes (the pytest suite keeps them)."""


def schemathesis_spec() -> dict[str, Any]:
    """A private copy of the bundled contract for schemathesis to load."""
    return copy.deepcopy(spec())


# -- command line --------------------------------------------------------------------------


_examples = number(int, what="a whole number", low=1, high=MAX_MAX_EXAMPLES)
_seconds = number(float, what="a number of seconds", above=0)
_seed = number(int, what="a whole number")


def build_parser(prog: str = PROG) -> argparse.ArgumentParser:
    parser = Parser(
        prog=prog,
        description=(
            "Send schemathesis-generated requests to POST /v1/chat/completions at URL and check "
            "every answer against the contract bundled with this package."
        ),
        epilog=(
            "The API key is read from AIMLAPI_API_KEY (or AIML_API_KEY), never from the command "
            "line. Positive examples are real model calls: on a paid deployment they cost credits."
        ),
    )
    parser.add_argument(
        "--url",
        required=True,
        help="where the API is: the mock (http://127.0.0.1:8000), a proxy, a staging gateway",
    )
    parser.add_argument(
        "--max-examples",
        type=_examples,
        default=DEFAULT_MAX_EXAMPLES,
        metavar="N",
        help="generated requests per mode (default: %(default)s)",
    )
    parser.add_argument(
        "--mode",
        choices=["all", "positive", "negative"],
        default="all",
        help="positive (valid) requests, negative (invalid) ones, or both (default: %(default)s)",
    )
    parser.add_argument(
        "--seed", type=_seed, default=DEFAULT_SEED, help="generation seed (default: %(default)s)"
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help="per request (default: %(default)s)",
    )
    return parser


def parse_args(argv: list[str], prog: str = PROG) -> argparse.Namespace:
    """The options, the URL normalised; :class:`UsageError` (or ``SystemExit`` for ``--help``)."""
    args, unknown = build_parser(prog).parse_known_args(argv)
    if unknown:
        raise UsageError(
            f"unrecognized arguments: {_option_names(unknown)} (see {prog} --help; "
            "the API key is read from AIMLAPI_API_KEY only)"
        )
    args.url = _base_url(args.url)
    return args


def _option_names(unknown: list[str]) -> str:
    """The unknown options by name only: their values may be secrets (``--api-key sk-...``)."""
    names = [item.split("=", 1)[0] for item in unknown if item.startswith("-")]
    if names:
        return ", ".join(dict.fromkeys(names))
    return f"{len(unknown)} unexpected argument(s)"


# -- the run -------------------------------------------------------------------------------


class BudgetExhausted(Exception):
    """A request past the announced bound was about to be sent (it was not)."""


@dataclass
class FailureKind:
    """One kind of failure (a check's title), with its first example."""

    title: str
    count: int = 0
    example: str = ""


@dataclass
class Report:
    """What a run found."""

    sent: int = 0
    failures: dict[str, FailureKind] = field(default_factory=dict)

    def add(self, title: str, example: str) -> None:
        kind = self.failures.setdefault(title, FailureKind(title))
        kind.count += 1
        if not kind.example:
            kind.example = example

    @property
    def failed(self) -> int:
        return sum(kind.count for kind in self.failures.values())


class Unreachable(Exception):
    """The URL does not answer at all; going on would only repeat it."""


def _counting_session(limit: int) -> tuple[requests.Session, list[int]]:
    """A session that sends at most ``limit`` requests; the list holds how many it sent."""
    import requests  # noqa: PLC0415

    sent = [0]

    class CountingSession(requests.Session):
        def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
            if sent[0] >= limit:
                raise BudgetExhausted(f"the announced {limit} requests were all sent")
            sent[0] += 1
            return super().send(request, **kwargs)

    return CountingSession(), sent


def _shown(text: str, key: str) -> str:
    text = scrub(text, key)
    if len(text) > SHOWN_CHARACTERS:
        text = text[:SHOWN_CHARACTERS] + f"... ({len(text) - SHOWN_CHARACTERS} more characters)"
    return text


def _example(case: schemathesis.Case[Any], failure: Any, key: str) -> str:
    try:
        curl = case.as_curl_command()
    except Exception:  # a reproduction is a courtesy; the failure is what matters
        curl = "(no reproduction command)"
    message = str(getattr(failure, "message", "") or failure)
    return f"{_shown(message, key)}\n\nReproduce with:\n\n    {_shown(curl, key)}"


class _Run:
    """One run: the settings, the one session every request goes through, what was found."""

    def __init__(self, args: argparse.Namespace, key: str, limit: int) -> None:
        self.args = args
        self.key = key
        self.base_url: str = args.url
        self.session, self._sent = _counting_session(limit)
        self.report = Report()

    @property
    def sent(self) -> int:
        return self._sent[0]

    def mode(self, operation: schemathesis.APIOperation[Any, Any, Any, Any], mode: str) -> None:
        """Generate and check up to ``--max-examples`` cases of one mode."""
        import requests  # noqa: PLC0415
        from hypothesis import HealthCheck, Phase, Verbosity, given, settings  # noqa: PLC0415
        from hypothesis import seed as with_seed  # noqa: PLC0415
        from hypothesis.errors import HypothesisException  # noqa: PLC0415
        from schemathesis import GenerationMode  # noqa: PLC0415
        from schemathesis.core.failures import FailureGroup  # noqa: PLC0415

        args, key, report = self.args, self.key, self.report
        strategy = operation.as_strategy(generation_mode=GenerationMode(mode))
        headers = {"Authorization": f"Bearer {key}"}
        checked = [0]
        stopped: list[Exception] = []

        # The test function never raises: hypothesis would re-run a failing example to
        # report it (one request more than announced). Failures are collected; a reason
        # to stop ends the run once hypothesis returns.
        @with_seed(args.seed)
        @settings(
            max_examples=args.max_examples,
            phases=[Phase.generate],
            database=None,
            deadline=None,
            derandomize=False,
            suppress_health_check=list(HealthCheck),
            verbosity=Verbosity.quiet,
            report_multiple_bugs=False,
        )
        @given(case=strategy)
        def check(case: schemathesis.Case[Any]) -> None:
            if stopped or checked[0] >= args.max_examples:
                return
            checked[0] += 1
            try:
                case.call_and_validate(
                    base_url=self.base_url,
                    session=self.session,
                    headers=headers,
                    timeout=args.timeout,
                )
            except FailureGroup as group:
                # schemathesis' own report: each failure, the response, a curl command
                # (credentials shown as [Filtered]); its first line only counts them.
                detail = _shown(group.message.split("\n", 1)[-1].strip(), key)
                for failure in group.exceptions:
                    report.add(getattr(failure, "title", type(failure).__name__), detail)
            except requests.Timeout:
                report.add(f"no answer within {args.timeout:g} s", _example(case, "timed out", key))
            except requests.ConnectionError as exc:
                stopped.append(Unreachable(_shown(str(exc), key)))
            except BudgetExhausted as exc:
                stopped.append(exc)
            except Exception as exc:  # schemathesis could not send or judge this case
                report.add(f"error: {type(exc).__name__}", _example(case, exc, key))

        try:
            check()
        except HypothesisException as exc:
            report.add(f"could not generate {mode} examples", _shown(str(exc), key))
        if stopped:
            raise stopped[0]

    def probe_auth(self) -> None:
        """The ``ignored_auth`` check, bounded: a request without a key, one with a wrong key."""
        import requests  # noqa: PLC0415

        url = endpoint_url(self.base_url, chat_path())
        wrong = WRONG_KEY
        for label, headers in (
            ("without Authorization", {}),
            ("with a wrong key", {"Authorization": f"Bearer {wrong}"}),
        ):
            try:
                response = self.session.post(
                    url, json=PROBE_BODY, headers=headers, timeout=self.args.timeout
                )
            except requests.Timeout:
                self.report.add("no answer to a request without a valid key", f"{label}: timed out")
                continue
            except requests.ConnectionError as exc:
                raise Unreachable(_shown(str(exc), self.key)) from None
            if response.status_code not in (401, 403):
                example = f"POST {url} {label}: expected 401 or 403, got {response.status_code}"
                self.report.add(
                    "a request without a valid key was not refused", _shown(example, self.key)
                )


def run(args: argparse.Namespace, key: str, out: TextIO) -> int:
    """Run the checks; print the plan first, the verdict last. Returns the exit status."""
    try:
        import schemathesis  # noqa: PLC0415
    except ImportError:
        raise UsageError(
            "the contract command needs schemathesis: pip install 'claude-3-sonnet[testing]'"
        ) from None
    modes = ["positive", "negative"] if args.mode == "all" else [args.mode]
    limit = len(modes) * args.max_examples + AUTH_PROBES
    described = " and ".join(f"{args.max_examples} {mode}" for mode in modes)
    print(
        f"will send at most {limit} requests to {args.url}: {described} examples of "
        f"POST {chat_path()}, and {AUTH_PROBES} without a valid key",
        file=out,
    )
    if "positive" in modes:
        print(
            "  positive examples are real model calls: on a paid deployment they cost credits",
            file=out,
        )
    else:
        print(
            "  negative examples are meant to be refused; the few the contract still allows "
            "are real model calls",
            file=out,
        )
    for name, reason in {**EXCLUDED_CHECKS, **PROBED_CHECKS}.items():
        print(f"  check {name} not run per case: {reason}", file=out)
    out.flush()

    disabled = {name: {"enabled": False} for name in (*EXCLUDED_CHECKS, *PROBED_CHECKS)}
    config = schemathesis.Config.from_dict({"checks": disabled})
    schema = schemathesis.openapi.from_dict(schemathesis_spec(), config=config)
    operation = schema[chat_path()]["POST"]
    state = _Run(args, key, limit)
    report = state.report
    try:
        # The key probes first: they cost nothing, and an unreachable URL shows at once.
        state.probe_auth()
        print(
            f"without a valid key: {state.sent} requests, {report.failed} failed checks",
            file=out,
            flush=True,
        )
        for mode in modes:
            before_sent, before_failed = state.sent, report.failed
            state.mode(operation, mode)
            print(
                f"{mode}: {state.sent - before_sent} requests, "
                f"{report.failed - before_failed} failed checks",
                file=out,
                flush=True,
            )
    except Unreachable as exc:
        print(f"error: cannot reach {args.url}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        state.session.close()
    report.sent = state.sent
    return _verdict(report, out)


def _verdict(report: Report, out: TextIO) -> int:
    if not report.failures:
        print(f"contract passed: {report.sent} requests, every check passed", file=out)
        return EXIT_OK
    kinds = len(report.failures)
    print(
        f"contract FAILED: {report.failed} failed checks of {kinds} kind(s) "
        f"in {report.sent} requests",
        file=out,
    )
    for kind in sorted(report.failures.values(), key=lambda k: -k.count):
        print(f"\n- {kind.title} (x{kind.count}); first seen:", file=out)
        for line in kind.example.splitlines():
            print(f"    {line}", file=out)
    return EXIT_FAILED


WRONG_KEY = "invalid-contract-probe-key"
"""The wrong key the auth probe sends: recognisably fake, and nothing of the real one."""


def _key_from_environment() -> str:
    raw = next((os.environ[v] for v in API_KEY_VARIABLES if os.environ.get(v)), None)
    if raw is None:
        raise UsageError(
            "no API key: set AIMLAPI_API_KEY (the bundled mock accepts mock-key); "
            "the key is never taken from the command line"
        )
    return resolve_api_key(raw)


def _base_url(url: str) -> str:
    """The deployment's base URL; a URL ending in the endpoint's path (or ``/v1``) is accepted."""
    try:
        endpoint = endpoint_url(resolve_base_url(url), chat_path())
    except ConfigurationError as exc:
        raise UsageError(str(exc).replace("base_url", "--url", 1)) from None
    return endpoint[: -len(chat_path())]


def main(argv: list[str] | None = None, prog: str = PROG) -> int:
    """Run the command; returns the exit status (never raises, never prints a traceback)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    key = ""
    try:
        args = parse_args(argv, prog)
        key = _key_from_environment()
        return run(args, key, sys.stdout)
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except (UsageError, ConfigurationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except BudgetExhausted as exc:  # a check sent more than it should: say so, send no more
        print(f"error: stopped: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:
        detail = _shown(" ".join(str(exc).split()), key)
        print(f"error: unexpected {type(exc).__name__}: {detail}", file=sys.stderr)
        return EXIT_FAILED
