"""What a batch is made of: the items of files, folders, JSON Lines, feeds, URLs and records.

Each source of items yields :class:`ImportItem` (an article to import) or
:class:`~sources.importing.batch.BatchError` (an item that cannot be read, with its reason),
never raising for one bad item; :mod:`sources.batches` runs them through the import service.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from sources.importing import ImportInputError
from sources.importing.batch import (
    BatchError,
    BatchItem,
    item_from_record,
    iter_feed,
    iter_file,
    iter_folder,
)
from sources.importing.batch import feed_entry_item as batch_feed_entry_item
from sources.importing.feeds import FeedEntry
from sources.models import ImportMethod
from sources.preparing import ImportFailed, fetch_page, looks_like_feed

_PAGE_SUFFIXES = (".html", ".htm", ".txt")


def _too_large(size: int, limit: int) -> str:
    return f"The file is {size / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:g} MB."


@dataclass(frozen=True)
class ImportItem:
    """One article to import, with the import method its entry point records.

    `data` (bytes already fetched or read) is for in-process runs only; a stored job
    item keeps the JSON-able fields (a URL is fetched again by the worker).
    """

    ref: str
    method: str
    url: str = ""
    html: str | None = None
    text: str | None = None
    data: bytes | None = field(default=None, repr=False)
    filename: str = ""
    title: str = ""
    published_at: datetime | str | None = None
    outlet: str = ""
    content_type: str = ""
    charset: str | None = None
    fetched: bool = False  # `data` was fetched from `url`
    position: int | None = None  # the ImportJobItem position when run from a job

    def payload(self) -> dict[str, Any]:
        """The JSON stored on an ImportJobItem."""
        published = self.published_at
        if isinstance(published, datetime):
            published = published.isoformat()
        values: dict[str, Any] = {
            "method": self.method,
            "url": self.url,
            "html": self.html,
            "text": self.text,
            "filename": self.filename,
            "title": self.title,
            "published_at": published,
            "outlet": self.outlet,
        }
        return {key: value for key, value in values.items() if value not in (None, "")}

    @classmethod
    def from_payload(cls, ref: str, payload: dict[str, Any], position: int) -> ImportItem:
        return cls(
            ref=ref,
            method=payload.get("method", ImportMethod.FILE),
            url=payload.get("url", ""),
            html=payload.get("html"),
            text=payload.get("text"),
            filename=payload.get("filename", ""),
            title=payload.get("title", ""),
            published_at=payload.get("published_at"),
            outlet=payload.get("outlet", ""),
            position=position,
        )


def item_from_batch(item: BatchItem, *, method: str | None = None) -> ImportItem:
    """An ImportItem for a parsed batch entry (JSON Lines line, folder file, feed entry)."""
    if method is None:
        if item.origin == "feed":
            method = ImportMethod.FEED
        elif item.origin == "file":
            method = ImportMethod.FILE
        else:
            method = {"url": ImportMethod.URL, "html": ImportMethod.HTML}.get(
                item.kind, ImportMethod.TEXT
            )
    return ImportItem(
        ref=item.ref,
        method=method,
        url=item.url or "",
        html=item.html,
        text=item.text,
        title=item.title or "",
        published_at=item.published_at,
        outlet=item.outlet or "",
        filename=item.ref if item.origin == "file" else "",
    )


AnyItem = ImportItem | BatchItem | BatchError


def _as_import_items(entries: Iterable[BatchItem | BatchError]) -> Iterator[AnyItem]:
    for entry in entries:
        yield entry if isinstance(entry, BatchError) else item_from_batch(entry)


def feed_entry_item(entry: FeedEntry, ref: str) -> ImportItem | BatchError:
    """A feed entry to import (see :func:`sources.importing.batch.feed_entry_item`)."""
    item = batch_feed_entry_item(entry, ref)
    return item if isinstance(item, BatchError) else item_from_batch(item, method=ImportMethod.FEED)


def items_from_url(url: str) -> Iterator[AnyItem]:
    """A URL argument: a feed yields one item per entry, a page yields itself (fetched once)."""
    try:
        result = fetch_page(url)
    except ImportFailed as exc:
        yield BatchError(None, exc.message, url)
        return
    if looks_like_feed(result.content, result.content_type):
        yield from _as_import_items(iter_feed(result.content, url))
        return
    yield ImportItem(
        ref=url,
        method=ImportMethod.URL,
        url=result.url,
        data=result.content,
        content_type=result.content_type,
        charset=result.charset,
        fetched=True,
    )


def items_from_path(path: str | Path) -> Iterator[AnyItem]:
    """A file or folder argument: .html/.htm/.txt files, .jsonl batches, RSS/Atom files."""
    root = Path(path)
    limit = settings.NEWSDESK_IMPORT_MAX_BYTES
    if root.is_dir():
        yield from _as_import_items(iter_folder(root, max_file_bytes=limit))
        return
    ref = str(path)
    if not root.is_file():
        yield BatchError(None, "There is no such file or folder.", ref)
        return
    try:
        size = root.stat().st_size
        if size > limit:
            yield BatchError(None, _too_large(size, limit), ref)
            return
        data = root.read_bytes()
    except OSError as exc:
        yield BatchError(None, f"The file could not be read ({exc.strerror}).", ref)
        return
    if root.suffix.lower() in _PAGE_SUFFIXES:
        # Read in-process: the import decodes it, honouring a charset the page declares.
        yield ImportItem(ref=ref, method=ImportMethod.FILE, data=data, filename=root.name)
    else:
        yield from _as_import_items(iter_file(ref, data))


def items_from_arguments(arguments: Iterable[str]) -> Iterator[AnyItem]:
    """Items for the command line: each argument a URL, a file or a folder."""
    for argument in arguments:
        if urlsplit(argument).scheme.lower() in ("http", "https"):
            yield from items_from_url(argument)
        else:
            yield from items_from_path(argument)


def items_from_upload(name: str, data: bytes) -> Iterator[AnyItem]:
    """Items of one uploaded file (admin batch upload): stored in a job, so decoded now."""
    limit = settings.NEWSDESK_IMPORT_MAX_BYTES
    if len(data) > limit:
        yield BatchError(None, _too_large(len(data), limit), name)
        return
    yield from _as_import_items(iter_file(name, data))


def items_from_records(records: Iterable[Any], *, name: str = "api") -> Iterator[AnyItem]:
    """Items of already-parsed JSON objects (same fields as a JSON Lines line)."""
    for number, record in enumerate(records, start=1):
        ref = f"{name}:{number}"
        try:
            yield item_from_batch(item_from_record(record, ref))
        except ImportInputError as exc:
            yield BatchError(number, exc.message, ref)
