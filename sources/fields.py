"""A text column stored compressed, for the raw inputs kept for provenance."""

from __future__ import annotations

import os
import threading
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from django.db import models

__all__ = ["CompressedTextField", "compress_ahead"]

# Level 1: on the extraction eval pages (~350 KB of HTML each) it compresses in ~1.8 ms to
# ~71 KB, smaller than PostgreSQL's pglz (~96 KB, ~5 ms inside the INSERT) and on every
# server alike (the embedded PostgreSQL has no lz4).
LEVEL = 1


class CompressedTextField(models.BinaryField):
    """Text in Python, zlib-compressed UTF-8 in a `bytea` column.

    For large values that are written once and read rarely (a page as received); not
    for filtering. The column should be `STORAGE EXTERNAL`, so PostgreSQL does not try to
    compress it a second time.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def _check_str_default_value(self) -> list:
        return []  # the value is text: a str default is right

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return decompress(bytes(value))

    def to_python(self, value: Any) -> str | None:
        if value is None or isinstance(value, str):
            return value
        return decompress(bytes(value))

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if isinstance(value, CompressingText):
            value = value.compressed()
        elif isinstance(value, str):
            value = compress(value)
        return super().get_db_prep_value(value, connection, prepared)

    def value_to_string(self, obj: Any) -> str:
        return str(self.value_from_object(obj) or "")


def compress(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8", "surrogatepass"), LEVEL)


def decompress(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8", "surrogatepass")


# --------------------------------------------------------------------------- ahead of time
# A page is compressed while it is being extracted: zlib releases the GIL, so on a second
# core the ~2 ms of compression overlaps trafilatura's work instead of adding to the write.

_AHEAD_MIN_CHARS = 64 * 1024  # below this, compressing inline is cheaper than a hand-off
_pools: dict[int, ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """This process's compression thread (made after a fork, never inherited)."""
    pid = os.getpid()
    with _pools_lock:
        if pid not in _pools:
            _pools[pid] = ThreadPoolExecutor(max_workers=1, thread_name_prefix="compress")
        return _pools[pid]


class CompressingText(str):
    """A str whose compressed form is being computed on a background thread."""

    _future: Future[bytes]

    def compressed(self) -> bytes:
        return self._future.result()

    def __reduce__(self) -> tuple[Any, ...]:
        return (str, (str(self),))  # pickles as the plain text


def compress_ahead(text: str) -> str:
    """`text` itself, with its compression for a CompressedTextField started already."""
    if len(text) < _AHEAD_MIN_CHARS:
        return text
    value = CompressingText(text)
    value._future = _pool().submit(compress, text)
    return value
