"""``scripts/spec_diff.py``: what it reports, how it classes it, and how it fails.

Most cases are small synthetic documents written to ``tmp_path``; the real
pair of vendor files (``openapi/vendor/claude-3-haiku-*``) pins the findings
that matter, and the sonnet vendor file against the contract checks that the
1.5 MB document compares quickly. The contract is being rewritten, so only
that comparison's success is asserted, not its findings.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "spec_diff.py"
VENDOR = ROOT / "openapi" / "vendor"
HAIKU_OLD = VENDOR / "claude-3-haiku-2026-02-11.json"
HAIKU_NEW = VENDOR / "claude-3-haiku-2026-07-07.json"
SONNET = VENDOR / "claude-3-sonnet-2025-06-12.json"
CONTRACT = ROOT / "openapi" / "claude-3-sonnet.yaml"

if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

import spec_diff  # noqa: E402
from spec_diff import Record  # noqa: E402

Schema = dict[str, object]
Triple = tuple[str, str, str]


# ------------------------------------------------------------------ helpers


def obj(required: tuple[str, ...] = (), **properties: Schema) -> Schema:
    """An object schema: ``obj(("a",), a=STRING)``."""
    schema: Schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


STRING: Schema = {"type": "string"}
INTEGER: Schema = {"type": "integer"}
NUMBER: Schema = {"type": "number"}


def document(
    request: Schema,
    response: Schema | None = None,
    *,
    paths: tuple[str, ...] = ("/v1/chat/completions",),
    statuses: tuple[str, ...] = ("200",),
    components: dict[str, Schema] | None = None,
    version: str = "3.1.0",
) -> dict[str, object]:
    """A minimal OpenAPI document with one chat-completions operation per path."""
    responses: dict[str, object] = {}
    for status in statuses:
        responses[status] = {"description": "ok"}
        if response is not None:
            responses[status] = {
                "description": "ok",
                "content": {"application/json": {"schema": response}},
            }
    responses["400"] = {"description": "bad"}
    operation = {
        "requestBody": {"content": {"application/json": {"schema": request}}},
        "responses": responses,
    }
    doc: dict[str, object] = {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {path: {"post": operation} for path in paths},
    }
    if components:
        doc["components"] = {"schemas": components}
    return doc


def write(path: Path, doc: object) -> Path:
    """JSON or YAML, after the file name."""
    if path.suffix == ".json":
        path.write_text(json.dumps(doc), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def compare(tmp_path: Path, old: dict[str, object], new: dict[str, object]) -> list[Record]:
    return spec_diff.compare_files(
        write(tmp_path / "old.json", old), write(tmp_path / "new.yaml", new)
    )


def triples(records: list[Record]) -> set[Triple]:
    return {(r.path, r.change, r.cls) for r in records}


def find(records: list[Record], path: str, change: str) -> Record:
    (record,) = [r for r in records if r.path == path and r.change == change]
    return record


# ------------------------------------------------ each change kind and class

B, C = "breaking", "compatible"

REQUEST_CASES: list[tuple[str, Schema, Schema, set[Triple]]] = [
    (
        "optional property added",
        obj(),
        obj(a=STRING),
        {("request.a", "property-added", C)},
    ),
    (
        "required property added",
        obj(),
        obj(("a",), a=STRING),
        {("request.a", "property-added", C), ("request.a", "required-added", B)},
    ),
    ("property removed", obj(a=STRING), obj(), {("request.a", "property-removed", B)}),
    ("required added", obj(a=STRING), obj(("a",), a=STRING), {("request.a", "required-added", B)}),
    (
        "required removed",
        obj(("a",), a=STRING),
        obj(a=STRING),
        {("request.a", "required-removed", C)},
    ),
    ("number to integer", obj(a=NUMBER), obj(a=INTEGER), {("request.a", "type-changed", B)}),
    ("integer to number", obj(a=INTEGER), obj(a=NUMBER), {("request.a", "type-changed", C)}),
    (
        "null allowed",
        obj(a=STRING),
        obj(a={"type": ["string", "null"]}),
        {("request.a", "type-changed", C)},
    ),
    (
        "null refused",
        obj(a={"type": "string", "nullable": True}),
        obj(a=STRING),
        {("request.a", "type-changed", B)},
    ),
    (
        "enum values removed",
        obj(a={"type": "string", "enum": ["x", "y"]}),
        obj(a={"type": "string", "enum": ["x"]}),
        {("request.a", "enum-values-removed", B)},
    ),
    (
        "enum values added",
        obj(a={"type": "string", "enum": ["x"]}),
        obj(a={"type": "string", "enum": ["x", "y"]}),
        {("request.a", "enum-values-added", C)},
    ),
    (
        "enum added",
        obj(a=STRING),
        obj(a={"type": "string", "enum": ["x"]}),
        {("request.a", "enum-added", B)},
    ),
    (
        "enum removed",
        obj(a={"type": "string", "enum": ["x"]}),
        obj(a=STRING),
        {("request.a", "enum-removed", C)},
    ),
    (
        "maximum lowered",
        obj(a={"type": "number", "maximum": 2}),
        obj(a={"type": "number", "maximum": 1}),
        {("request.a", "bound-changed", B)},
    ),
    (
        "maximum raised",
        obj(a={"type": "number", "maximum": 1}),
        obj(a={"type": "number", "maximum": 2}),
        {("request.a", "bound-changed", C)},
    ),
    (
        "minimum added",
        obj(a=NUMBER),
        obj(a={"type": "number", "minimum": 0}),
        {("request.a", "bound-changed", B)},
    ),
    (
        "minItems removed",
        obj(a={"type": "array", "items": STRING, "minItems": 1}),
        obj(a={"type": "array", "items": STRING}),
        {("request.a", "bound-changed", C)},
    ),
    (
        "pattern changed",
        obj(a={"type": "string", "pattern": "^a"}),
        obj(a={"type": "string", "pattern": "^b"}),
        {("request.a", "bound-changed", B)},
    ),
    (
        "default changed",
        obj(a={"type": "integer", "default": 1}),
        obj(a={"type": "integer", "default": 2}),
        {("request.a", "default-changed", C)},
    ),
    (
        "additional properties refused",
        obj(a=STRING),
        {**obj(a=STRING), "additionalProperties": False},
        {("request", "additional-properties-changed", B)},
    ),
    (
        "additional properties allowed",
        {**obj(a=STRING), "additionalProperties": False},
        obj(a=STRING),
        {("request", "additional-properties-changed", C)},
    ),
    (
        "map values narrowed",
        obj(m={"type": "object", "additionalProperties": NUMBER}),
        obj(m={"type": "object", "additionalProperties": INTEGER}),
        {("request.m{}", "type-changed", B)},
    ),
    (
        "array items narrowed",
        obj(a={"type": "array"}),
        obj(a={"type": "array", "items": STRING}),
        {("request.a[]", "type-changed", B)},
    ),
    (
        "alternative removed",
        obj(a={"anyOf": [STRING, {"type": "array", "items": STRING}]}),
        obj(a=STRING),
        {("request.a<array>", "alternative-removed", B)},
    ),
    (
        "alternative added",
        obj(a=STRING),
        obj(a={"oneOf": [STRING, INTEGER]}),
        {("request.a<integer>", "alternative-added", C)},
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [case[1:] for case in REQUEST_CASES],
    ids=[case[0] for case in REQUEST_CASES],
)
def test_request_side_changes_and_classes(
    tmp_path: Path, old: Schema, new: Schema, expected: set[Triple]
) -> None:
    assert triples(compare(tmp_path, document(old), document(new))) == expected


RESPONSE_CASES: list[tuple[str, Schema, Schema, set[Triple]]] = [
    ("property added", obj(), obj(a=STRING), {("response.a", "property-added", C)}),
    ("property removed", obj(a=STRING), obj(), {("response.a", "property-removed", B)}),
    (
        "required added",
        obj(a=STRING),
        obj(("a",), a=STRING),
        {("response.a", "required-added", C)},
    ),
    (
        "required removed",
        obj(("a",), a=STRING),
        obj(a=STRING),
        {("response.a", "required-removed", B)},
    ),
    ("integer to number", obj(a=INTEGER), obj(a=NUMBER), {("response.a", "type-changed", B)}),
    ("number to integer", obj(a=NUMBER), obj(a=INTEGER), {("response.a", "type-changed", C)}),
    (
        "may now be null",
        obj(a=STRING),
        obj(a={"type": ["string", "null"]}),
        {("response.a", "type-changed", B)},
    ),
    (
        "enum values added",
        obj(a={"type": "string", "enum": ["x"]}),
        obj(a={"type": "string", "enum": ["x", "y"]}),
        {("response.a", "enum-values-added", C)},
    ),
    (
        "enum values removed",
        obj(a={"type": "string", "enum": ["x", "y"]}),
        obj(a={"type": "string", "enum": ["x"]}),
        {("response.a", "enum-values-removed", C)},
    ),
    (
        "bound relaxed",
        obj(a={"type": "integer", "maximum": 1}),
        obj(a=INTEGER),
        {("response.a", "bound-changed", C)},
    ),
    (
        "alternative removed",
        obj(a={"anyOf": [STRING, INTEGER]}),
        obj(a=STRING),
        {("response.a<integer>", "alternative-removed", B)},
    ),
    (
        "alternative added",
        obj(a=STRING),
        obj(a={"anyOf": [STRING, INTEGER]}),
        {("response.a<integer>", "alternative-added", C)},
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [case[1:] for case in RESPONSE_CASES],
    ids=[case[0] for case in RESPONSE_CASES],
)
def test_response_side_changes_and_classes(
    tmp_path: Path, old: Schema, new: Schema, expected: set[Triple]
) -> None:
    request = obj(("model",), model=STRING)
    records = compare(tmp_path, document(request, old), document(request, new))
    assert triples(records) == expected


def test_response_schema_and_status_codes(tmp_path: Path) -> None:
    request = obj(("model",), model=STRING)
    records = compare(
        tmp_path,
        document(request, None, statuses=("201",)),
        document(request, obj(id=STRING), statuses=("200", "201")),
    )
    assert triples(records) == {
        ("operation.responses", "success-status-added", C),
        ("response", "schema-added", C),
    }
    assert find(records, "operation.responses", "success-status-added").new == "200"

    records = compare(
        tmp_path,
        document(request, obj(id=STRING), statuses=("200", "201")),
        document(request, None, statuses=("201",)),
    )
    assert triples(records) == {
        ("operation.responses", "success-status-removed", B),
        ("response", "schema-removed", B),
    }


def test_old_and_new_values_are_json(tmp_path: Path) -> None:
    old = obj(
        model={"enum": ["a", "b"]},
        top_p={"type": "number", "minimum": 0.1},
        n={"type": "integer", "nullable": True},
    )
    new = obj(
        model={"type": "string", "enum": ["a", "c"]}, top_p={"type": "number", "minimum": 0.01}
    )
    records = compare(tmp_path, document(old, version="3.0.0"), document(new))
    assert find(records, "request.model", "enum-values-removed").old == ["b"]
    assert find(records, "request.model", "enum-values-added").new == ["c"]
    bound = find(records, "request.top_p", "bound-changed")
    assert (bound.old, bound.new, bound.cls) == ({"minimum": 0.1}, {"minimum": 0.01}, C)
    removed = find(records, "request.n", "property-removed")
    assert (removed.old, removed.new) == ("integer|null", None)


# ------------------------------------------------------------ normalization


def test_openapi_30_and_31_spellings_of_one_schema_are_equal(tmp_path: Path) -> None:
    """nullable vs type null, bare enum vs typed, const vs enum, oneOf vs anyOf, inline vs $ref."""
    old = obj(
        ("model", "messages"),
        model={"enum": ["m1", "m2"], "description": "ignored"},
        temperature={"type": "number", "nullable": True, "minimum": 0, "exclusiveMinimum": True},
        stop={"anyOf": [STRING, {"type": "array", "items": STRING}, {"nullable": True}]},
        count={"type": "integer", "example": 3, "title": "ignored"},
        messages={
            "type": "array",
            "items": {
                "oneOf": [
                    obj(("role",), role={"type": "string", "enum": ["user"]}, content=STRING),
                    obj(
                        ("role",),
                        role={"type": "string", "enum": ["assistant"]},
                        content={"type": "string", "nullable": True},
                    ),
                ]
            },
        },
        meta={"allOf": [obj(a=STRING), obj(("b",), b=INTEGER)], "nullable": True},
        mode={"type": "string", "nullable": True, "enum": ["x", "y"]},
    )
    components: dict[str, Schema] = {
        "Model": {"type": "string", "enum": ["m2", "m1"]},
        "User": {
            "type": "object",
            "required": ["role"],
            "properties": {"role": {"const": "user"}, "content": STRING},
        },
        "Assistant": {
            "type": "object",
            "required": ["role"],
            "properties": {
                "role": {"type": "string", "const": "assistant"},
                "content": {"type": ["string", "null"]},
            },
        },
        "Meta": {"type": "object", "properties": {"a": STRING, "b": INTEGER}, "required": ["b"]},
    }
    new = obj(
        ("messages", "model"),
        model={"$ref": "#/components/schemas/Model"},
        temperature={"type": ["number", "null"], "exclusiveMinimum": 0},
        stop={
            "oneOf": [
                {"type": "array", "items": {"type": "string"}},
                {"type": "string"},
                {"type": "null"},
            ]
        },
        count={"type": "integer"},
        messages={
            "type": "array",
            "items": {
                "anyOf": [
                    {"$ref": "#/components/schemas/Assistant"},
                    {"$ref": "#/components/schemas/User"},
                ]
            },
        },
        meta={"anyOf": [{"$ref": "#/components/schemas/Meta"}, {"type": "null"}]},
        mode={"type": ["string", "null"], "enum": ["y", "x", None]},
    )
    records = compare(
        tmp_path, document(old, version="3.0.0"), document(new, components=components)
    )
    assert records == []


def test_nested_unions_flatten_and_duplicates_collapse(tmp_path: Path) -> None:
    old = obj(
        tools={"type": "array", "items": obj(("type",), type={"enum": ["function"]}, f=STRING)},
        url={"type": "string", "format": "uri"},
    )
    new = obj(
        tools={
            "type": "array",
            "items": {
                "anyOf": [
                    {"oneOf": [obj(("type",), type={"enum": ["function"]}, f=STRING)]},
                    {"oneOf": [obj(("type",), type={"enum": ["custom"]})]},
                ]
            },
        },
        url={"anyOf": [{"type": "string", "format": "uri"}, STRING]},
    )
    records = compare(tmp_path, document(old), document(new))
    assert triples(records) == {("request.tools[]<type=custom>", "alternative-added", C)}


def test_recursive_schema_is_compared_once_and_terminates(tmp_path: Path) -> None:
    def tree(name: Schema) -> dict[str, object]:
        components: dict[str, Schema] = {
            "Tree": obj(
                name=name,
                children={"type": "array", "items": {"$ref": "#/components/schemas/Tree"}},
                either={"anyOf": [{"$ref": "#/components/schemas/Tree"}, STRING]},
                loop={"$ref": "#/components/schemas/A"},
            ),
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"$ref": "#/components/schemas/A"},
        }
        return document({"$ref": "#/components/schemas/Tree"}, components=components)

    assert compare(tmp_path, tree(STRING), tree(STRING)) == []
    records = compare(tmp_path, tree(STRING), tree({"type": "string", "maxLength": 5}))
    assert triples(records) == {("request.name", "bound-changed", B)}


# ------------------------------------------------- matching union alternatives


def message(role: object, **extra: Schema) -> Schema:
    role_schema: Schema = {"type": "string", "enum": role if isinstance(role, list) else [role]}
    return obj(("role", "content"), role=role_schema, content=STRING, **extra)


def messages_request(items: Schema) -> Schema:
    return obj(("messages",), messages={"type": "array", "items": items})


def test_one_message_with_a_role_enum_matches_one_message_per_role(tmp_path: Path) -> None:
    old = messages_request(message(["user", "assistant"]))
    new = messages_request({"oneOf": [message("system"), message("user"), message("assistant")]})
    forward = compare(tmp_path, document(old), document(new))
    assert triples(forward) == {("request.messages[]<role=system>", "alternative-added", C)}
    backward = compare(tmp_path, document(new), document(old))
    assert triples(backward) == {("request.messages[]<role=system>", "alternative-removed", B)}


def test_changes_inside_a_split_alternative_are_reported_under_its_label(tmp_path: Path) -> None:
    old = messages_request(message(["user", "assistant"]))
    new = messages_request(
        {"oneOf": [message("user"), message("assistant", refusal={"type": ["string", "null"]})]}
    )
    records = compare(tmp_path, document(old), document(new))
    assert triples(records) == {("request.messages[]<role=assistant>.refusal", "property-added", C)}


def test_labels_for_strings_undiscriminated_objects_and_collisions(tmp_path: Path) -> None:
    anthropic_tool = obj(("name", "input_schema"), name=STRING, input_schema={"type": "object"})
    old = obj(
        tool_choice={
            "anyOf": [
                {"type": "string", "enum": ["none", "auto", "required"]},
                obj(("type", "function"), type={"enum": ["function"]}, function=obj(name=STRING)),
            ]
        },
        tools={"type": "array", "items": anthropic_tool},
        pair={"anyOf": [obj(("a",), a=STRING, b=STRING), obj(("a",), a=STRING, c=STRING)]},
    )
    new = obj(
        tool_choice={
            "anyOf": [
                {"type": "string", "enum": ["none", "auto"]},
                obj(("type", "function"), type={"enum": ["function"]}, function=obj(name=STRING)),
                obj(("type", "function"), type={"enum": ["function"]}, function=STRING),
            ]
        },
        tools={
            "type": "array",
            "items": {
                "anyOf": [
                    {**anthropic_tool, "properties": {"name": {"type": "string", "minLength": 1}}},
                    obj(("type",), type={"const": "function"}),
                ]
            },
        },
        pair={"anyOf": [obj(("a",), a=STRING, b=STRING), obj(("a",), a=STRING, c=INTEGER)]},
    )
    records = compare(tmp_path, document(old), document(new))
    assert triples(records) == {
        ("request.tool_choice<string>", "enum-values-removed", B),
        ("request.tool_choice<type=function#2>", "alternative-added", C),
        ("request.tools[]<{input_schema,name}>.name", "bound-changed", B),
        ("request.tools[]<{input_schema,name}>.input_schema", "property-removed", B),
        ("request.tools[]<type=function>", "alternative-added", C),
        ("request.pair<{a,c}>.c", "type-changed", B),
    }


# -------------------------------------------------------- operation and paths


def test_path_present_in_both_is_compared_and_removed_paths_are_breaking(tmp_path: Path) -> None:
    request = obj(a=STRING)
    old = document(request, paths=("/v1/chat/completions", "/chat/completions"))
    records = compare(tmp_path, old, document(request, paths=("/chat/completions",)))
    assert triples(records) == {("operation.path", "path-removed", B)}
    assert find(records, "operation.path", "path-removed").old == "/v1/chat/completions"


def test_moved_path_is_path_changed(tmp_path: Path) -> None:
    request = obj(a=STRING)
    records = compare(
        tmp_path,
        document(request, paths=("/v2/chat/completions",)),
        document(request, paths=("/v1/chat/completions", "/v1/models")),
    )
    assert triples(records) == {("operation.path", "path-changed", B)}
    changed = find(records, "operation.path", "path-changed")
    assert (changed.old, changed.new) == ("/v2/chat/completions", "/v1/chat/completions")


# ---------------------------------------------------------------- deviations


def deviations_file(tmp_path: Path, entries: object) -> Path:
    return write(tmp_path / "deviations.yaml", {"deviations": entries})


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = spec_diff.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def narrowing_pair(tmp_path: Path) -> tuple[Path, Path]:
    old = obj(
        max_tokens=NUMBER,
        messages={"type": "array", "items": message(["user", "assistant"])},
        gone=STRING,
    )
    new = obj(max_tokens=INTEGER, messages={"type": "array", "items": message(["user"])})
    return (
        write(tmp_path / "vendor-2025.json", document(old)),
        write(tmp_path / "contract.yaml", document(new)),
    )


def test_deviations_keep_the_original_class_and_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = narrowing_pair(tmp_path)
    reason = "Token counts are integers."
    devs = deviations_file(
        tmp_path,
        [
            {"path": "request.max_tokens", "change": "type-changed", "reason": reason},
            {"path": "request.messages[]*", "new": "contract.yaml", "reason": "No assistant."},
            {"path": "request.gone", "old": "other-*.json", "reason": "Not for this file."},
        ],
    )
    code, out, _ = run([str(old), str(new), "--json", "--deviations", str(devs)], capsys)
    records = json.loads(out)
    by_path = {r["path"]: r for r in records}
    assert by_path["request.max_tokens"] == {
        "path": "request.max_tokens",
        "change": "type-changed",
        "old": ["number"],
        "new": ["integer"],
        "class": "deviation",
        "was": "breaking",
        "reason": reason,
    }
    assert by_path["request.messages[].role"]["class"] == "deviation"
    assert by_path["request.messages[].role"]["reason"] == "No assistant."
    assert by_path["request.gone"]["class"] == "breaking"  # the old-file glob did not match
    assert code == 1

    # Without the unmatched entry's target, nothing is breaking: exit 0.
    devs = deviations_file(
        tmp_path,
        [
            {"path": "request.max_tokens", "reason": reason},
            {"path": "request.messages[]*", "reason": "No assistant."},
            {
                "path": "request.gone",
                "change": "property-removed",
                "old": "vendor-*.json",
                "reason": "Dropped.",
            },
            {"path": "request.temperature", "reason": "Stale."},
        ],
    )
    code, out, err = run([str(old), str(new), "--deviations", str(devs)], capsys)
    assert code == 0
    assert err == ""
    assert "Deviations (3):" in out
    assert "[was breaking: Token counts are integers.]" in out

    code, _, err = run(
        [str(old), str(new), "--deviations", str(devs), "--strict-deviations"], capsys
    )
    assert code == 0
    assert err.splitlines() == [
        f"spec_diff: {devs}: deviations[3] (path request.temperature, change any) matched nothing"
    ]


def test_default_deviations_file_and_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = narrowing_pair(tmp_path)
    devs = deviations_file(tmp_path, [{"path": "request.*", "reason": "Accepted."}])
    monkeypatch.setattr(spec_diff, "DEFAULT_DEVIATIONS", devs)
    code, out, _ = run([str(old), str(new)], capsys)
    assert code == 0
    assert f"deviations: {devs}" in out
    code, out, _ = run([str(old), str(new), "--deviations", "none"], capsys)
    assert code == 1
    assert "deviations: none" in out
    monkeypatch.setattr(spec_diff, "DEFAULT_DEVIATIONS", tmp_path / "absent.yaml")
    assert run([str(old), str(new)], capsys)[0] == 1


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("deviations: [\n", "not JSON or YAML"),
        ("- path: request.x\n", "expected a mapping with a 'deviations' list"),
        ("deviations: {path: x}\n", "'deviations' must be a list"),
        (
            "deviations:\n  - path: request.x\n",
            "deviations[0] (path request.x): 'reason' is missing",
        ),
        (
            "deviations:\n  - {path: request.x, reason: ' '}\n",
            "deviations[0] (path request.x): 'reason'",
        ),
        ("deviations:\n  - {reason: r}\n", "deviations[0]: 'path' is missing"),
        (
            "deviations:\n  - {path: a, reason: r}\n  - {path: b, change: renamed, reason: r}\n",
            "deviations[1] (path b): unknown change kind 'renamed'",
        ),
        ("deviations:\n  - {path: a, reason: r, reaosn: r}\n", "unknown key(s) reaosn"),
        ("deviations:\n  - just a string\n", "deviations[0]: not a mapping"),
    ],
)
def test_malformed_deviations_file_is_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, problem: str
) -> None:
    old, new = narrowing_pair(tmp_path)
    devs = tmp_path / "deviations.yaml"
    devs.write_text(content, encoding="utf-8")
    code, out, err = run([str(old), str(new), "--deviations", str(devs)], capsys)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith(f"spec_diff: {devs}: ")
    assert problem in err


def test_path_globs_treat_brackets_literally() -> None:
    change = spec_diff.Change("request.messages[]<role=user>.content", "type-changed", None, None)
    glob = spec_diff.Deviation(path="request.messages[]*", reason="r")
    assert glob.matches(change, "a.json", "b.yaml")
    assert not spec_diff.Deviation(path="request.messages[*", reason="r").matches(
        spec_diff.Change("request.messagesX", "type-changed", None, None), "a", "b"
    )
    assert spec_diff.Deviation(path="request.messages[]<role=?ser>.content", reason="r").matches(
        change, "a", "b"
    )
    assert not spec_diff.Deviation(path="request.messages[]", reason="r").matches(change, "a", "b")


# -------------------------------------------------------------- exit status 2


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "missing.json"


def _garbage(tmp_path: Path) -> Path:
    path = tmp_path / "garbage.yaml"
    path.write_text("openapi: [unclosed\n  - : :\n", encoding="utf-8")
    return path


def _broken_json(tmp_path: Path) -> Path:
    path = tmp_path / "broken.json"
    path.write_text('{"openapi": "3.0.0",', encoding="utf-8")
    return path


def _binary(tmp_path: Path) -> Path:
    path = tmp_path / "binary.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    return path


def _not_openapi(tmp_path: Path) -> Path:
    return write(tmp_path / "list.yaml", ["a", "b"])


def _no_version(tmp_path: Path) -> Path:
    return write(tmp_path / "noversion.json", {"paths": {}})


def _no_operation(tmp_path: Path) -> Path:
    doc = document(obj())
    doc["paths"] = {"/v1/models": doc["paths"]["/v1/chat/completions"]}  # type: ignore[index]
    return write(tmp_path / "noop.json", doc)


def _no_body(tmp_path: Path) -> Path:
    doc = document(obj())
    del doc["paths"]["/v1/chat/completions"]["post"]["requestBody"]  # type: ignore[index]
    return write(tmp_path / "nobody.json", doc)


def _bad_ref(tmp_path: Path) -> Path:
    return write(tmp_path / "badref.yaml", document(obj(a={"$ref": "#/components/schemas/Nope"})))


def _external_ref(tmp_path: Path) -> Path:
    return write(tmp_path / "extref.yaml", document({"$ref": "other.yaml#/Request"}))


def _deep(tmp_path: Path) -> Path:
    depth = 5000
    schema = '{"type":"object","properties":{"a":' * depth + "{}" + "}}" * depth
    path = tmp_path / "deep.json"
    path.write_text(
        '{"openapi":"3.0.0","paths":{"/chat/completions":{"post":{"requestBody":{"content":'
        '{"application/json":{"schema":' + schema + "}}},"
        '"responses":{}}}}}',
        encoding="utf-8",
    )
    return path


ERRORS: list[tuple[Callable[[Path], Path], str]] = [
    (_missing, "no such file"),
    (_garbage, "not JSON or YAML"),
    (_broken_json, "not JSON or YAML"),
    (_binary, "not JSON or YAML"),
    (_not_openapi, "not an OpenAPI document"),
    (_no_version, "not an OpenAPI 3 document"),
    (_no_operation, "no POST operation on a path ending with /chat/completions"),
    (_no_body, "no application/json request body schema"),
    (_bad_ref, "unresolvable $ref '#/components/schemas/Nope'"),
    (_external_ref, "unresolvable $ref 'other.yaml#/Request'"),
    (_deep, "nested too deeply"),
]


@pytest.mark.parametrize(("make", "problem"), ERRORS, ids=[e[0].__name__ for e in ERRORS])
@pytest.mark.parametrize("side", ["old", "new"])
def test_cannot_compare_is_exit_2_with_one_line_naming_the_file(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make: Callable[[Path], Path],
    problem: str,
    side: str,
) -> None:
    bad = make(tmp_path)
    good = write(tmp_path / "good.yaml", document(obj()))
    argv = [str(bad), str(good)] if side == "old" else [str(good), str(bad)]
    code, out, err = run(argv, capsys)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"spec_diff: {bad}: ")
    assert problem in err
    assert "Traceback" not in err


def test_cannot_compare_from_the_command_line(tmp_path: Path) -> None:
    bad = _bad_ref(tmp_path)
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(bad), str(HAIKU_NEW)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (f"spec_diff: {bad}: unresolvable $ref '#/components/schemas/Nope'\n")


def test_usage_error_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["only-one.json"], capsys)
    assert code == 2
    assert len(err.splitlines()) == 1
    assert err.startswith("spec_diff: ")


# ------------------------------------------------------------------- output


def test_json_output_shape_and_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = narrowing_pair(tmp_path)
    code, out, err = run([str(old), str(new), "--json", "--deviations", "none"], capsys)
    assert (code, err) == (1, "")
    records = json.loads(out)
    assert records, out
    for record in records:
        assert set(record) == {"path", "change", "old", "new", "class"}
        assert record["change"] in spec_diff.CHANGE_KINDS
        assert record["class"] in {"breaking", "compatible"}
    keys = [(r["path"], r["change"]) for r in records]
    assert keys == sorted(keys)
    assert json.loads(json.dumps(records)) == records
    assert run([str(old), str(new), "--json", "--deviations", "none"], capsys)[1] == out


def test_readable_report_groups_breaking_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = narrowing_pair(tmp_path)
    devs = deviations_file(tmp_path, [{"path": "request.max_tokens", "reason": "Counts."}])
    code, out, _ = run([str(old), str(new), "--deviations", str(devs)], capsys)
    assert code == 1
    lines = out.splitlines()
    order = [lines.index(t) for t in ("Breaking (2):", "Deviations (1):")]
    assert order == sorted(order)
    assert '  request.gone  property-removed  "string" -> -' in lines
    assert lines[-1] == "Summary: 2 breaking, 1 deviations, 0 compatible."


def test_identical_documents_have_no_differences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run([str(HAIKU_NEW), str(HAIKU_NEW), "--deviations", "none"], capsys)
    assert code == 0
    assert "No differences." in out


# ------------------------------------------------------------- the real files


@pytest.fixture(scope="module")
def haiku_records() -> list[Record]:
    return spec_diff.compare_files(HAIKU_OLD, HAIKU_NEW)


def test_real_pair_model_ids(haiku_records: list[Record]) -> None:
    removed = find(haiku_records, "request.model", "enum-values-removed")
    assert removed.cls == "breaking"
    assert "claude-3-haiku-20240307" in removed.old  # type: ignore[operator]
    added = find(haiku_records, "request.model", "enum-values-added")
    assert (added.new, added.cls) == (["anthropic/claude-3-haiku"], "compatible")


def test_real_pair_removed_and_added_fields(haiku_records: list[Record]) -> None:
    found = triples(haiku_records)
    for name in ("n", "audio", "modalities"):
        assert (f"request.{name}", "property-removed", B) in found
    for name in ("provider", "reasoning", "top_k", "min_p", "top_a", "echo"):
        assert (f"request.{name}", "property-added", C) in found
    top_p = find(haiku_records, "request.top_p", "bound-changed")
    assert (top_p.old, top_p.new, top_p.cls) == ({"minimum": 0.1}, {"minimum": 0.01}, C)
    assert ("request.messages[]<role=function>", "alternative-removed", B) in found
    assert ("request.tool_choice<type=allowed_tools>", "alternative-added", C) in found
    path = find(haiku_records, "operation.path", "path-removed")
    assert (path.old, path.cls) == ("/chat/completions", "breaking")


def test_real_pair_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([str(HAIKU_OLD), str(HAIKU_NEW), "--deviations", "none"], capsys)
    assert (code, err) == (1, "")
    assert "POST /v1/chat/completions" in out


def test_sonnet_vendor_file_against_the_contract_is_quick(
    capsys: pytest.CaptureFixture[str],
) -> None:
    start = time.perf_counter()
    code, out, err = run([str(SONNET), str(CONTRACT), "--json", "--deviations", "none"], capsys)
    elapsed = time.perf_counter() - start
    assert err == ""
    assert code in (0, 1)
    assert json.loads(out)
    assert elapsed < 5, f"{elapsed:.1f} s"
