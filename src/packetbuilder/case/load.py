"""Stage 1, load: the case file's YAML becomes a model, with the line and column of every value.

The YAML is parsed with ruamel.yaml in safe mode (YAML 1.2) down to its node tree only; the
loader builds plain data from the nodes itself, so that every scalar stays as written (`NO`,
`on`, `0123` are text) and only the model decides what is a date or a boolean.
"""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import CaseFileUnreadable
from ..findings import Finding, FindingList, Location, Severity
from ..limits import MAX_CASE_FILE_BYTES
from .model import (
    OPTIONAL_SECTIONS,
    SECTION_MODELS,
    Beneficiary,
    Case,
    DocumentEntry,
    DocumentKind,
    Exhibit,
    Form,
    FormEntry,
    Letter,
    PartialCase,
    YamlPath,
)
from .yaml_errors import MAX_TAB_REPAIRS, explain, tab_after_indicator

SUPPORTED_VERSION = "1"
NULL_TAG = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class Positions:
    """Where each value and key of the case file stands, by its path of keys and list indexes."""

    file: str
    source: str
    values: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    spans: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    placeholders: list[YamlPath] = field(default_factory=list)  # values that begin `TODO:`

    def value(self, path: YamlPath) -> Location:
        """The value at `path`, or the nearest enclosing value the file has."""
        for depth in range(len(path), -1, -1):
            found = self.values.get(path[:depth])
            if found:
                return Location(self.file, *found)
        return Location(self.file, 1, 1)

    def key(self, path: YamlPath) -> Location:
        """The key that introduces `path` (for unknown or missing keys), else its value."""
        found = self.keys.get(path)
        return Location(self.file, *found) if found else self.value(path)

    def text(self, path: YamlPath, needle: str) -> Location:
        """The exact place of `needle` inside the scalar at `path`, else the scalar itself."""
        span = self.spans.get(path)
        if span:
            offset = self.source.find(needle, span[0], span[1])
            if offset >= 0:
                line = self.source.count("\n", 0, offset) + 1
                column = offset - (self.source.rfind("\n", 0, offset) + 1) + 1
                return Location(self.file, line, column)
        return self.value(path)


@dataclass(frozen=True)
class LoadedCase:
    """A case file read from disk: what of it is valid, where everything stands in the file,
    and the findings of validating it."""

    path: Path
    folder: Path
    positions: Positions
    case: PartialCase
    findings: list[Finding]


def load_case(path: Path) -> LoadedCase:
    """Read, parse and validate a case file; CaseFileUnreadable if it cannot be read at all."""
    text = read_case_text(path)
    root = compose_yaml(text, path)
    positions = Positions(file=path.name, source=text)
    data = node_to_data(root, (), positions, path)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise CaseFileUnreadable(
            f"{path}: the top level is {kind}; a case file is a mapping that starts with "
            "`version: 1` (run `packet init` for a template)"
        )
    check_version(data, positions, path)
    case, findings = validate_sections(data, positions)
    return LoadedCase(
        path=path, folder=path.parent, positions=positions, case=case, findings=findings
    )


def read_case_text(path: Path) -> str:
    """The case file's text, refusing what cannot be a case file before parsing anything."""
    if not path.exists():
        raise CaseFileUnreadable(
            f"{path}: no such file; check the path (run `packet init` for one)"
        )
    if path.is_dir():
        raise CaseFileUnreadable(
            f"{path} is a folder; give the case file, e.g. {path / 'case.yaml'}"
        )
    try:
        # Non-blocking, and only a regular file: a FIFO named as the case file must not hang.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            os.close(descriptor)
            raise CaseFileUnreadable(
                f"{path}: not a regular file (a pipe or device); give the case file itself"
            )
        with os.fdopen(descriptor, "rb") as stream:
            raw = stream.read(MAX_CASE_FILE_BYTES + 1)
    except OSError as error:
        raise CaseFileUnreadable(
            f"{path}: cannot be read ({error.strerror}); check its permissions"
        ) from None
    if len(raw) > MAX_CASE_FILE_BYTES:
        raise CaseFileUnreadable(
            f"{path}: larger than 1 MiB, too large for a case file; exhibits belong in their own "
            "files, named under `file:`"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CaseFileUnreadable(
            f"{path}: not UTF-8 text (byte {error.start}); save it as UTF-8 in your editor"
        ) from None
    if not text.strip():
        raise CaseFileUnreadable(f"{path}: the file is empty (run `packet init` for a template)")
    return text


def compose_yaml(text: str, path: Path) -> Node:
    """Parse the YAML to its node tree (no objects are constructed, so nothing can execute)."""
    for _ in range(MAX_TAB_REPAIRS):
        try:
            root = parse_nodes(text)
            break
        except MarkedYAMLError as error:
            # `key:<TAB>value` is YAML 1.2 that the parser refuses: read it as a space.
            repaired = tab_after_indicator(error, text)
            if repaired is None:
                problem = explain(error, text)
                raise CaseFileUnreadable(
                    f"{path}:{problem.line}:{problem.column}: {problem.message}"
                ) from None
            text = repaired
        except YAMLError as error:
            shown = str(error).strip()
            first_line = shown.splitlines()[0] if shown else "syntax error"
            raise CaseFileUnreadable(f"{path}: YAML error: {first_line}") from None
        except RecursionError:
            raise CaseFileUnreadable(f"{path}: nested too deeply to be a case file") from None
    else:
        raise CaseFileUnreadable(f"{path}: too many tabs; YAML indentation uses spaces")
    if root is None:
        raise CaseFileUnreadable(f"{path}: the file holds only comments (run `packet init`)")
    return root


def parse_nodes(text: str) -> Node | None:
    """The YAML 1.2 node tree of `text`, by the pure parser (see compose_yaml)."""
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    root: Node | None = yaml.compose(text)
    return root


def node_to_data(node: Node, path: YamlPath, positions: Positions, file: Path) -> Any:
    """Plain data from a YAML node, recording positions; refuses anchors and duplicate keys."""
    where = (node.start_mark.line + 1, node.start_mark.column + 1)
    positions.values[path] = where
    if getattr(node, "anchor", None) is not None:
        raise CaseFileUnreadable(
            f"{file}:{where[0]}:{where[1]}: YAML anchors and aliases (&{node.anchor}) are not "
            "allowed in a case file; write each value out in full"
        )
    if isinstance(node, MappingNode):
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_at = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key_node, ScalarNode):
                raise CaseFileUnreadable(
                    f"{file}:{key_at[0]}:{key_at[1]}: a key must be plain text, not a list "
                    "or mapping"
                )
            key = str(key_node.value)
            if key in mapping:
                first = positions.keys[(*path, key)]
                raise CaseFileUnreadable(
                    f"{file}:{key_at[0]}:{key_at[1]}: duplicate key `{key}` (first at line "
                    f"{first[0]}); keep one of them"
                )
            positions.keys[(*path, key)] = key_at
            mapping[key] = node_to_data(value_node, (*path, key), positions, file)
        return mapping
    if isinstance(node, SequenceNode):
        return [
            node_to_data(item, (*path, index), positions, file)
            for index, item in enumerate(node.value)
        ]
    positions.spans[path] = (node.start_mark.index, node.end_mark.index)
    if str(node.tag) == NULL_TAG and getattr(node, "style", None) is None:
        return None
    if is_placeholder(node.value):
        positions.placeholders.append(path)
    return node.value


PLACEHOLDER = "todo:"


def is_placeholder(value: object) -> bool:
    """A value `packet init` wrote for the user to replace: text beginning `TODO:`, any case."""
    return isinstance(value, str) and value.lstrip().lower().startswith(PLACEHOLDER)


def check_version(data: dict[str, Any], positions: Positions, path: Path) -> None:
    """Refuse any case file that does not declare `version: 1`."""
    version = data.get("version")
    if version != SUPPORTED_VERSION:
        where = positions.value(("version",)) if "version" in data else Location(path.name, 1, 1)
        shown = "missing" if "version" not in data else f"{version!r}"
        raise CaseFileUnreadable(
            f"{path}:{where.line}:{where.column}: `version` is {shown}; this tool reads case "
            "files of version 1 (put `version: 1` on the first line)"
        )


def validate_sections(
    data: dict[str, Any], positions: Positions
) -> tuple[PartialCase, list[Finding]]:
    """Validate each section and each letter and exhibit on its own, so one bad part hides none."""
    findings = FindingList()
    sections: dict[str, Any] = {}
    known = set(Case.model_fields)
    for key in data:
        if key not in known:
            findings.error(
                "unknown-key",
                f"`{key}` is not a section of the case file{did_you_mean(key, known)}; "
                "remove it or fix its spelling",
                at=positions.key((key,)),
            )
    for name, model in SECTION_MODELS.items():
        value = data.get(name)
        if value is None:
            if name not in OPTIONAL_SECTIONS:
                findings.error(
                    "missing-field",
                    f"section `{name}` is missing; add it (see `packet init` for a template)",
                    at=positions.key((name,)) if name in data else Location(positions.file, 1, 1),
                )
            sections[name] = None
            continue
        sections[name] = validate_part(model, value, (name,), positions, findings)
    beneficiaries, person_ids = validate_beneficiaries(data, positions, findings)
    forms = validate_forms(data, positions, findings)
    entries: list[DocumentEntry] = []
    kinds: tuple[tuple[str, DocumentKind, type[Letter] | type[Exhibit]], ...] = (
        ("letters", "letter", Letter),
        ("exhibits", "exhibit", Exhibit),
    )
    for name, kind, model in kinds:
        for index, item in enumerate(listed(data, name, positions, findings)):
            document = validate_part(model, item, (name, index), positions, findings)
            entries.append(document_entry(kind, (name, index), item, document))
    partial = PartialCase(
        **sections,
        beneficiaries=beneficiaries,
        person_ids=person_ids,
        forms=forms,
        entries=entries,
    )
    return partial, findings.items


def listed(
    data: dict[str, Any], name: str, positions: Positions, findings: FindingList
) -> list[Any]:
    """The entries of a list section; a section that is not a list is an error."""
    items = data.get(name)
    if items is None:
        return []
    if not isinstance(items, list):
        findings.error(
            "invalid-value",
            f"`{name}` must be a list of entries, each starting with `- id:`",
            at=positions.value((name,)),
        )
        return []
    return items


def validate_beneficiaries(
    data: dict[str, Any], positions: Positions, findings: FindingList
) -> tuple[list[Beneficiary], tuple[str, ...]]:
    """The valid beneficiaries, and every person's id (invalid beneficiaries' too)."""
    valid: list[Beneficiary] = []
    ids = ["applicant"]
    for index, item in enumerate(listed(data, "beneficiaries", positions, findings)):
        person = validate_part(Beneficiary, item, ("beneficiaries", index), positions, findings)
        if isinstance(person, Beneficiary):
            valid.append(person)
            ids.append(person.id)
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            ids.append(item["id"])
    return valid, tuple(ids)


def validate_forms(
    data: dict[str, Any], positions: Positions, findings: FindingList
) -> list[FormEntry]:
    """Every entry of `forms:`, valid or not, in its place."""
    entries = []
    for index, item in enumerate(listed(data, "forms", positions, findings)):
        form = validate_part(Form, item, ("forms", index), positions, findings)
        raw = item if isinstance(item, dict) else {}
        if isinstance(form, Form):
            entries.append(FormEntry(("forms", index), form.id, form.form, form.person, form))
        else:
            entries.append(
                FormEntry(
                    ("forms", index),
                    str(raw.get("id") or f"(form {index + 1})"),
                    str(raw.get("form") or "other"),
                    str(raw.get("person") or "applicant"),
                    None,
                )
            )
    return entries


def document_entry(
    kind: DocumentKind, path: YamlPath, item: Any, document: BaseModel | None
) -> DocumentEntry:
    """The entry of a letter or exhibit; for an invalid one, whatever of it can be read."""
    if isinstance(document, Letter | Exhibit):
        return DocumentEntry(
            kind,
            path,
            document.id,
            document.title,
            document,
            tuple(document.proves),
            tuple(document.about),
        )
    raw = item if isinstance(item, dict) else {}
    raw_id, raw_title = raw.get("id"), raw.get("title")
    return DocumentEntry(
        kind,
        path,
        raw_id if isinstance(raw_id, str) and raw_id else f"({kind} {int(path[1]) + 1})",
        raw_title if isinstance(raw_title, str) and raw_title.strip() else "(invalid entry)",
        None,
        strings(raw.get("proves")),
        strings(raw.get("about")) or ("applicant",),
    )


def strings(value: object) -> tuple[str, ...]:
    """The text items of a raw list (or the one text) of an invalid entry."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(item for item in value if isinstance(item, str))
    return ()


def validate_part(
    model: type[BaseModel], value: Any, path: YamlPath, positions: Positions, findings: FindingList
) -> BaseModel | None:
    """Validate one part of the case file; on failure add a finding per problem and return None."""
    try:
        return model.model_validate(value)
    except ValidationError as error:
        document_id = value.get("id") if isinstance(value, dict) else None
        exhibit = document_id if isinstance(document_id, str) else None
        for problem in error.errors(include_url=False):
            if is_placeholder(problem.get("input")):
                continue  # `placeholder-left` says what to do with it
            details = cast(dict[str, Any], problem)
            findings.items.append(schema_finding(details, path, model, positions, exhibit))
        return None


def schema_finding(
    problem: dict[str, Any],
    prefix: YamlPath,
    model: type[BaseModel],
    positions: Positions,
    exhibit: str | None,
) -> Finding:
    """Turn one pydantic error into a finding that names the field and where it is."""
    loc: YamlPath = (*prefix, *problem["loc"])
    field_name = dotted(loc)
    kind = problem["type"]
    if kind == "extra_forbidden":
        hint = did_you_mean(str(loc[-1]), fields_at(model, problem["loc"][:-1]))
        code, at = "unknown-key", positions.key(loc)
        message = f"`{field_name}` is not a field here{hint}; remove it or fix its spelling"
    elif kind == "missing":
        code, at = "missing-field", positions.key(loc[:-1])
        message = f"`{field_name}` is missing; add it"
    elif kind == "invalid_date" or kind.startswith("date_"):
        code, at = "invalid-date", positions.value(loc)
        message = f"`{field_name}`: {problem['msg']}"
    elif kind == "string_pattern_mismatch" and "A-Za-z0-9" in str(problem.get("ctx", {})):
        code, at = "invalid-value", positions.value(loc)
        message = f"`{field_name}`: {problem['input']!r} may hold only letters, digits, '-' and '_'"
    else:
        code, at = "invalid-value", positions.value(loc)
        message = f"`{field_name}`: " + str(problem["msg"]).removeprefix("Value error, ")
        if isinstance(problem.get("input"), str) and problem["input"] not in message:
            message += f"; got {problem['input']!r}"
    return Finding(Severity.ERROR, code, message, exhibit, at)


def dotted(path: YamlPath) -> str:
    """`exhibits[2].file` for ("exhibits", 2, "file")."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> set[str]:
    """The field names of the (nested) model at `loc`, for spelling suggestions."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field_info = getattr(current, "model_fields", {}).get(part)
        if field_info is None:
            return set()
        current = nested_model(field_info.annotation)
    return set(getattr(current, "model_fields", {}))


def nested_model(annotation: Any) -> Any:
    """The pydantic model inside an annotation such as `Passport | None` or `list[Event]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = nested_model(argument)
        if found is not None:
            return found
    return None


def did_you_mean(word: str, choices: set[str], cutoff: float = 0.7) -> str:
    """' (did you mean `x`?)' when a known name is close to `word`."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=cutoff)
    return f" (did you mean `{close[0]}`?)" if close else ""
