"""YAML parse errors said as a person fixing a case file needs them: the line to look at and
what to change there, not the parser's own words."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ruamel.yaml.error import MarkedYAMLError

MAX_TAB_REPAIRS = 3  # parses of a file with tabs after `key:` (each repairs every such tab)
TAB_AFTER_INDICATOR = re.compile(r"(?<=\S)([:-])\t")  # `key:<TAB>`, `-<TAB>` after text


@dataclass(frozen=True)
class YamlProblem:
    """Where to look (1-based) and what to do there."""

    line: int
    column: int
    message: str


def explain(error: MarkedYAMLError, text: str) -> YamlProblem:
    """The problem of a YAML error, at the line the user has to change."""
    for explanation in EXPLANATIONS:
        found = explanation(error, text)
        if found is not None:
            return found
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "syntax error"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return YamlProblem(line, column, f"YAML syntax error: {problem}")


def unclosed_quote(error: MarkedYAMLError, text: str) -> YamlProblem | None:
    """The end of the file while in a quoted value: the quote opened where the value starts."""
    if "quoted scalar" not in (error.context or "") or error.context_mark is None:
        return None
    mark = error.context_mark
    quote = text.splitlines()[mark.line][mark.column : mark.column + 1] or '"'
    return YamlProblem(
        mark.line + 1,
        mark.column + 1,
        f"this value opens a quote ({quote}) that is never closed; end it with {quote} on the "
        'same line (inside double quotes, write a quote mark as \\")',
    )


def colon_in_value(error: MarkedYAMLError, text: str) -> YamlProblem | None:
    """`title: Form G-28: notice...`: a second `: ` in a plain value starts a mapping."""
    if error.problem != "mapping values are not allowed here" or error.problem_mark is None:
        return None
    mark = error.problem_mark
    line = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
    found = re.match(r"(\s*(?:-\s+)?[^\s:#][^:#]*?):\s+", line)
    if found is None:
        return None
    key = found.group(1).strip().lstrip("- ").strip()
    return YamlProblem(
        mark.line + 1,
        found.end() + 1,
        f'the value of `{key}` contains ": "; put the whole value in quotes, e.g. '
        f'{key}: "{line[found.end() :].strip()[:40]}"',
    )


def tab_character(error: MarkedYAMLError, text: str) -> YamlProblem | None:
    """A tab where YAML wants spaces: at its line and column."""
    if "'\\t'" not in (error.problem or "") or error.problem_mark is None:
        return None
    mark = error.problem_mark
    return YamlProblem(
        mark.line + 1,
        mark.column + 1,
        "YAML indentation uses spaces, not tabs: replace the tab with spaces (your editor can "
        "insert spaces when you press Tab)",
    )


EXPLANATIONS: list[Callable[[MarkedYAMLError, str], YamlProblem | None]] = [
    unclosed_quote,
    colon_in_value,
    tab_character,
]


def tab_after_indicator(error: MarkedYAMLError, text: str) -> str | None:
    """`key:<TAB>value` is valid YAML 1.2 that the parser refuses: the text with every such
    tab made a space (one character for one, so every position is unchanged), else None.

    All at once, since each parse reads the whole file; a tab inside a value becomes a space
    too, which the packet would print as one anyway."""
    mark = error.problem_mark
    if mark is None or "'\\t'" not in (error.problem or ""):
        return None
    index = mark.index
    if index <= 0 or text[index : index + 1] != "\t" or text[index - 1] not in ":-":
        return None
    line_start = text.rfind("\n", 0, index) + 1
    if not text[line_start:index].strip():  # a tab that indents: refused, as YAML says
        return None
    repaired = TAB_AFTER_INDICATOR.sub(lambda found: found.group(1) + " ", text)
    if repaired[index] != " ":  # the tab the parser refused was not one of these
        repaired = repaired[:index] + " " + repaired[index + 1 :]
    return repaired
