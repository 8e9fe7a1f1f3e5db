"""Property: whatever a case file holds, `packet check` ends with exit 0, 1 or 3 and a message."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from helpers import BASE_CASE, CaseFolder, dump_yaml
from packetbuilder.cli import app

ODD_STRINGS = st.sampled_from(
    [
        "",
        " ",
        "NO",
        "on",
        "0123",
        "~",
        "null",
        "2026-02-30",
        "2026-13-45",
        "0000-00-00",
        "26-11-20",
        "2026-11-20T10:00:00",
        "[[",
        "]]",
        "[[x]]",
        "../../etc/passwd",
        "/etc/passwd",
        "<script>",
        "{{ 7*7 }}",
        "é" * 300,
        "\u202e",
        "A12345678",
        "-",
        "x" * 5000,
    ]
)
ODD_VALUES = st.one_of(
    ODD_STRINGS,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.lists(ODD_STRINGS, max_size=3),
    st.dictionaries(st.sampled_from(["id", "file", "x", "date"]), ODD_STRINGS, max_size=3),
)


def paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside the case data."""
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths(value, (*prefix, index))
    return found


def mutate(data: dict, path: tuple, action: str, value: Any) -> dict:
    data = copy.deepcopy(data)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "drop":
        del parent[last]
    else:
        parent[last] = value
    return data


MUTATION = st.tuples(
    st.sampled_from(paths(BASE_CASE)), st.sampled_from(["drop", "replace"]), ODD_VALUES
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutations=st.lists(MUTATION, min_size=1, max_size=4))
def test_check_always_answers(mutations) -> None:
    data = BASE_CASE
    for path, action, value in mutations:
        try:
            data = mutate(data, path, action, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced that part
    with tempfile.TemporaryDirectory() as root:
        folder = CaseFolder(Path(root) / "case")
        case_file = folder.write(dump_yaml(data))
        result = CliRunner().invoke(app, ["check", str(case_file)])
    assert result.exit_code in (0, 1, 3), (result.exit_code, result.stderr, data)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert (result.stdout + result.stderr).strip()
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code == 3:
        assert result.stderr.startswith("packet: ")
