"""The on-disk cache: compiled artifacts keyed by input hash, and the generated solc wrapper."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

CACHE_ENV = "COMPLIANCE_KIT_CACHE_DIR"
CACHE_FORMAT = 1

log = logging.getLogger(__name__)


def default_cache_dir() -> Path:
    """``$COMPLIANCE_KIT_CACHE_DIR``, else ``<$XDG_CACHE_HOME or ~/.cache>/compliance-kit``."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "compliance-kit"


def tools_dir() -> Path:
    """A writable directory for generated executables (``<cache>/bin``, else under the tmp dir)."""
    for candidate in (
        default_cache_dir() / "bin",
        Path(tempfile.gettempdir()) / f"compliance-kit-{os.getuid()}" / "bin",
    ):
        try:
            candidate.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(candidate, os.W_OK):
            return candidate
    raise OSError(f"no writable cache directory (tried {default_cache_dir()} and the tmp dir)")


def _entry(directory: Path, key: str) -> Path:
    return directory / "artifacts" / f"{key}.json"


def load(directory: Path, key: str) -> dict[str, Any] | None:
    """The cached payload for ``key``, or None when absent, unreadable or not for this key."""
    try:
        payload = json.loads(_entry(directory, key).read_bytes())
    except (OSError, ValueError):
        return None
    if (
        not isinstance(payload, dict)
        or payload.get("format") != CACHE_FORMAT
        or payload.get("input_hash") != key
    ):
        return None
    return payload


def store(directory: Path, key: str, payload: dict[str, Any]) -> None:
    """Write the payload for ``key`` atomically (tmp file + rename); failures only log."""
    path = _entry(directory, key)
    document = {**payload, "format": CACHE_FORMAT, "input_hash": key}
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{key[:12]}-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, separators=(",", ":"))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("could not write artifact cache %s: %s", path, exc)
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
