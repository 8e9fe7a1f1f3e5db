"""packetbuilder: assemble indexed, stamped US humanitarian parole request packets."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("packetbuilder")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
