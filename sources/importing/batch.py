"""Batch inputs: JSON Lines and folders of files, turned into import items.

Iteration never stops at a bad item: it yields a :class:`BatchError` for it and
goes on with the next one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from sources.importing import ImportInputError
from sources.importing.decode import decode_bytes
from sources.importing.feeds import FeedEntry, parse_feed

__all__ = [
    "BatchError",
    "BatchItem",
    "feed_entry_item",
    "iter_feed",
    "iter_file",
    "iter_folder",
    "iter_jsonl",
]

Kind = Literal["url", "html", "text"]
Origin = Literal["record", "file", "feed"]  # a JSON Lines line or record, a file, a feed entry
_FIELDS = {"url", "html", "text", "title", "published_at", "outlet"}
FEED_SUFFIXES = (".xml", ".rss", ".atom")
SUPPORTED_SUFFIXES = (".html", ".htm", ".txt", ".jsonl", *FEED_SUFFIXES)
DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class BatchItem:
    """One article to import; ``ref`` says where it came from ("file.jsonl:3")."""

    ref: str
    kind: Kind
    url: str | None = None
    html: str | None = None
    text: str | None = None
    title: str | None = None
    published_at: datetime | None = None
    outlet: str | None = None
    origin: Origin = "record"


@dataclass(frozen=True)
class BatchError:
    """A batch entry that cannot be imported, with an editor-readable message."""

    line_no: int | None
    message: str
    ref: str = ""


def _parse_published(value: Any) -> datetime | None:
    """An ISO 8601 date or date-time as an aware UTC datetime; a date means midnight UTC."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ImportInputError("published_at must be an ISO 8601 date or date-time string.")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value.strip()), time(0, 0))
        except ValueError:
            raise ImportInputError(
                f"published_at {value!r} is not an ISO 8601 date or date-time."
            ) from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ImportInputError(f"{key!r} must be a string.")
    return value.strip() or None


def _check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImportInputError(f"{url!r} is not an http or https link.")
    return url


def item_from_record(record: Any, ref: str) -> BatchItem:
    """Validate one JSON object and turn it into a :class:`BatchItem`."""
    if not isinstance(record, dict):
        raise ImportInputError("Each line must be a JSON object.")
    unknown = sorted(set(record) - _FIELDS)
    if unknown:
        raise ImportInputError(
            f"Unknown field(s) {', '.join(map(repr, unknown))}; "
            f"allowed: {', '.join(sorted(_FIELDS))}."
        )
    url, html, text = (_optional_str(record, key) for key in ("url", "html", "text"))
    if html and text:
        raise ImportInputError("Give either 'html' or 'text', not both.")
    kind: Kind
    if html:
        kind = "html"
    elif text:
        kind = "text"
    elif url:
        kind = "url"
    else:
        raise ImportInputError("Each line needs a non-empty 'url', 'html' or 'text'.")
    return BatchItem(
        ref=ref,
        kind=kind,
        url=_check_url(url) if url else None,
        html=html,
        text=text,
        title=_optional_str(record, "title"),
        published_at=_parse_published(record.get("published_at")),
        outlet=_optional_str(record, "outlet"),
    )


def iter_jsonl(data: bytes | str, *, name: str = "batch.jsonl") -> Iterator[BatchItem | BatchError]:
    """Items of a JSON Lines document: one object per line, blank lines skipped.

    Each object has one of ``url``, ``html`` (optionally with ``url``) or
    ``text``, plus optional ``title``, ``published_at`` (ISO 8601) and
    ``outlet``. A bad line yields a :class:`BatchError` and iteration goes on.
    """
    raw_lines: list[bytes] | list[str]
    if isinstance(data, bytes):
        raw_lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    else:
        raw_lines = data.removeprefix("\ufeff").split("\n")
    for line_no, raw in enumerate(raw_lines, start=1):
        ref = f"{name}:{line_no}"
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield BatchError(line_no, "This line is not valid UTF-8 text.", ref)
                continue
        else:
            line = raw
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield BatchError(line_no, f"This line is not valid JSON ({exc.msg}).", ref)
            continue
        except RecursionError:
            yield BatchError(line_no, "This line is nested too deeply.", ref)
            continue
        try:
            yield item_from_record(record, ref)
        except ImportInputError as exc:
            yield BatchError(line_no, exc.message, ref)


def feed_entry_item(
    entry: FeedEntry, ref: str, number: int | None = None
) -> BatchItem | BatchError:
    """A feed entry as a batch item: its linked page, fetched on import (the page's own title
    and metadata are better than the feed's, and feeds often carry only a teaser), else the
    content the entry embeds. A linked entry is known by its link (``ref`` otherwise)."""
    if entry.url:
        return BatchItem(
            entry.url, "url", url=entry.url, published_at=entry.published_at, origin="feed"
        )
    if entry.content_html:
        return BatchItem(
            ref, "html", html=entry.content_html, title=entry.title,
            published_at=entry.published_at, origin="feed",
        )  # fmt: skip
    return BatchError(number, "This feed entry has neither a link nor content.", ref)


def iter_feed(data: bytes, ref: str) -> Iterator[BatchItem | BatchError]:
    """Items of an RSS or Atom document, one per entry (``ref:1``, ``ref:2``...)."""
    try:
        feed = parse_feed(data)
    except ImportInputError as exc:
        yield BatchError(None, exc.message, ref)
        return
    if not feed.entries:
        yield BatchError(None, "This feed has no entries.", ref)
    for number, entry in enumerate(feed.entries, start=1):
        yield feed_entry_item(entry, f"{ref}:{number}", number)


def _unsupported(name: str, suffix: str) -> BatchError:
    return BatchError(
        None,
        f"Unsupported file type {suffix or '(none)'!r}; use {', '.join(SUPPORTED_SUFFIXES)}.",
        name,
    )


def iter_file(name: str, data: bytes) -> Iterator[BatchItem | BatchError]:
    """Items of one file, by its suffix: ``.html``/``.htm`` an HTML item, ``.txt`` a text
    item, ``.jsonl`` one item per line, ``.xml``/``.rss``/``.atom`` (RSS/Atom) one item per
    feed entry; another suffix or a file that cannot be decoded, a :class:`BatchError`."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield _unsupported(name, suffix)
    elif suffix == ".jsonl":
        yield from iter_jsonl(data, name=name)
    elif suffix in FEED_SUFFIXES:
        yield from iter_feed(data, name)
    else:
        try:
            content = decode_bytes(data)
        except ImportInputError as exc:
            yield BatchError(None, exc.message, name)
            return
        if suffix == ".txt":
            yield BatchItem(name, "text", text=content, origin="file")
        else:
            yield BatchItem(name, "html", html=content, origin="file")


def _iter_files(root: Path) -> Iterator[Path]:
    """Regular files under ``root`` in a stable order; hidden entries and links out skipped."""
    resolved_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            if filename.startswith("."):
                continue
            path = Path(dirpath, filename)
            if not path.resolve().is_relative_to(resolved_root):
                continue  # a symlink pointing outside the folder
            yield path


def iter_folder(
    path: str | os.PathLike[str], *, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> Iterator[BatchItem | BatchError]:
    """Items of every file in a folder (recursively, sorted by path), each file read as
    :func:`iter_file` reads it; an unreadable or oversized file yields a :class:`BatchError`.
    """
    root = Path(path)
    if not root.is_dir():
        yield BatchError(None, f"{str(root)!r} is not a folder.", str(root))
        return
    for file in _iter_files(root):
        ref = file.relative_to(root).as_posix()
        suffix = file.suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:  # not even read
            yield _unsupported(ref, suffix)
            continue
        try:
            if file.stat().st_size > max_file_bytes:
                yield BatchError(None, f"The file is larger than {max_file_bytes} bytes.", ref)
                continue
            data = file.read_bytes()
        except OSError as exc:
            yield BatchError(None, f"The file could not be read ({exc.strerror}).", ref)
            continue
        yield from iter_file(ref, data)
