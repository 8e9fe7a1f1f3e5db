"""Limits that protect the tool from hostile inputs; light enough to import anywhere."""

MAX_CASE_FILE_BYTES = 1024 * 1024
DEFAULT_TIMEOUT = 60.0  # seconds to read or convert one file before it is given up
