"""packetbuilder: assemble indexed, stamped US humanitarian parole request packets.

The public API (imported when first used, so that `import packetbuilder` stays light):

    from packetbuilder import api, BuildOptions, LayoutWorker

    report = api.check(Path("case.yaml"))              # a CheckReport: findings and tabs
    result = api.build(Path("case.yaml"), BuildOptions(force=True))

Errors are `packetbuilder.errors.PacketError` subclasses, each with its `exit_code`.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"  # the one place the version is written; pyproject.toml reads it

_PUBLIC = {
    "BuildResult": "packetbuilder.api",
    "CheckOptions": "packetbuilder.options",
    "BuildOptions": "packetbuilder.options",
    "CheckReport": "packetbuilder.report",
    "DocumentReport": "packetbuilder.report",
    "Finding": "packetbuilder.findings",
    "Severity": "packetbuilder.findings",
    "LayoutWorker": "packetbuilder.build.worker",
    "PacketError": "packetbuilder.errors",
    "CaseHasErrors": "packetbuilder.errors",
    "ExitCode": "packetbuilder.errors",
}
__all__ = ["__version__", "api", *_PUBLIC]


def __getattr__(name: str) -> Any:
    """The public names, imported from their modules when first asked for."""
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'packetbuilder' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
