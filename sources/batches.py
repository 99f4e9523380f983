"""Batch imports: many items through the one import service.

Every item goes through :func:`sources.services.article_import`; a bad item is reported
with its reason and never stops the others ("a batch of 1,000 with 3 broken items
imports 997 and reports 3"). Used by the `import_articles` command (in-process, with a
progress bar), by the admin batch upload and by the feed poller (as an ImportJob run by
a Celery worker, its progress and per-item results stored for editors to watch).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from sources.importing import ImportInputError
from sources.importing.batch import BatchError, BatchItem, item_from_record, iter_folder, iter_jsonl
from sources.importing.decode import decode_bytes
from sources.importing.feeds import FeedEntry, parse_feed
from sources.models import ImportJob, ImportJobItem, ImportMethod, ImportOutcome
from sources.preparing import check_text_input, fetch_page, looks_like_feed
from sources.services import ImportFailed, article_import

logger = logging.getLogger(__name__)

Progress = Callable[[str, str], None]  # (item ref, outcome) after each item
_FEED_SUFFIXES = (".xml", ".rss", ".atom")
_FILE_SUFFIXES = (".html", ".htm", ".txt")
_MAX_ERROR_CHARS = 2000


# --------------------------------------------------------------------------- items


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
        source = item.ref.rsplit(":", 1)[0] if ":" in item.ref else item.ref
        if source.lower().endswith(_FEED_SUFFIXES):
            method = ImportMethod.FEED
        elif source.lower().endswith(".jsonl"):
            method = {"url": ImportMethod.URL, "html": ImportMethod.HTML}.get(
                item.kind, ImportMethod.TEXT
            )
        else:
            method = ImportMethod.FILE
    return ImportItem(
        ref=item.ref,
        method=method,
        url=item.url or "",
        html=item.html,
        text=item.text,
        title=item.title or "",
        published_at=item.published_at,
        outlet=item.outlet or "",
    )


AnyItem = ImportItem | BatchItem | BatchError


def feed_entry_item(entry: FeedEntry, ref: str) -> ImportItem | BatchError:
    """A feed entry: its linked page is fetched; its embedded content when it has no link."""
    if entry.url:  # the page's own title and metadata are the better ones
        return ImportItem(
            ref=entry.url,
            method=ImportMethod.FEED,
            url=entry.url,
            published_at=entry.published_at,
        )
    if entry.content_html:
        return ImportItem(
            ref=ref,
            method=ImportMethod.FEED,
            html=entry.content_html,
            title=entry.title or "",
            published_at=entry.published_at,
        )
    return BatchError(None, "This feed entry has neither a link nor content.", ref)


def _feed_items(data: bytes, ref: str) -> Iterator[AnyItem]:
    try:
        feed = parse_feed(data)
    except ImportInputError as exc:
        yield BatchError(None, exc.message, ref)
        return
    if not feed.entries:
        yield BatchError(None, "This feed has no entries.", ref)
    for number, entry in enumerate(feed.entries, start=1):
        yield feed_entry_item(entry, f"{ref}:{number}")


def items_from_url(url: str) -> Iterator[AnyItem]:
    """A URL argument: a feed yields one item per entry, a page yields itself (fetched once)."""
    try:
        result = fetch_page(url)
    except ImportFailed as exc:
        yield BatchError(None, exc.message, url)
        return
    if looks_like_feed(result.content, result.content_type):
        yield from _feed_items(result.content, url)
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
        for entry in iter_folder(root, max_file_bytes=limit):
            yield entry if isinstance(entry, BatchError) else item_from_batch(entry)
        return
    ref = str(path)
    if not root.is_file():
        yield BatchError(None, "There is no such file or folder.", ref)
        return
    suffix = root.suffix.lower()
    if suffix not in (*_FILE_SUFFIXES, ".jsonl", *_FEED_SUFFIXES):
        yield BatchError(
            None,
            f"Unsupported file type {suffix or '(none)'!r}; use .html, .htm, .txt, "
            ".jsonl or an RSS/Atom .xml file.",
            ref,
        )
        return
    try:
        size = root.stat().st_size
        if size > limit:
            yield BatchError(
                None,
                f"The file is {size / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:g} MB.",
                ref,
            )
            return
        data = root.read_bytes()
    except OSError as exc:
        yield BatchError(None, f"The file could not be read ({exc.strerror}).", ref)
        return
    if suffix == ".jsonl":
        for entry in iter_jsonl(data, name=ref):
            yield entry if isinstance(entry, BatchError) else item_from_batch(entry)
    elif suffix in _FEED_SUFFIXES:
        yield from _feed_items(data, ref)
    else:
        yield ImportItem(ref=ref, method=ImportMethod.FILE, data=data, filename=root.name)


def items_from_arguments(arguments: Iterable[str]) -> Iterator[AnyItem]:
    """Items for the command line: each argument a URL, a file or a folder."""
    for argument in arguments:
        if urlsplit(argument).scheme.lower() in ("http", "https"):
            yield from items_from_url(argument)
        else:
            yield from items_from_path(argument)


def items_from_upload(name: str, data: bytes) -> Iterator[AnyItem]:
    """Items of one uploaded file (admin batch upload): stored in a job, so decoded now."""
    suffix = Path(name).suffix.lower()
    limit = settings.NEWSDESK_IMPORT_MAX_BYTES
    if len(data) > limit:
        yield BatchError(
            None,
            f"The file is {len(data) / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:g} MB.",
            name,
        )
        return
    if suffix == ".jsonl":
        for entry in iter_jsonl(data, name=name):
            yield entry if isinstance(entry, BatchError) else item_from_batch(entry)
        return
    if suffix in _FEED_SUFFIXES:
        yield from _feed_items(data, name)
        return
    if suffix not in _FILE_SUFFIXES:
        yield BatchError(
            None,
            f"Unsupported file type {suffix or '(none)'!r}; use .html, .htm, .txt, "
            ".jsonl or an RSS/Atom .xml file.",
            name,
        )
        return
    try:
        content = decode_bytes(data)
    except ImportInputError as exc:
        yield BatchError(None, exc.message, name)
        return
    if suffix == ".txt":
        yield ImportItem(ref=name, method=ImportMethod.FILE, text=content, filename=name)
    else:
        yield ImportItem(ref=name, method=ImportMethod.FILE, html=content, filename=name)


def items_from_records(records: Iterable[Any], *, name: str = "api") -> Iterator[AnyItem]:
    """Items of already-parsed JSON objects (same fields as a JSON Lines line)."""
    for number, record in enumerate(records, start=1):
        ref = f"{name}:{number}"
        try:
            yield item_from_batch(item_from_record(record, ref))
        except ImportInputError as exc:
            yield BatchError(number, exc.message, ref)


# --------------------------------------------------------------------------- running


@dataclass
class BatchReport:
    """What a batch did: counts per outcome and each failure with its reason."""

    imported: int = 0
    existing: int = 0
    updated: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.imported + self.existing + self.updated + self.failed

    def add(self, outcome: str, *, ref: str, article_id: int | None, error: str = "") -> None:
        if outcome == ImportOutcome.FAILED:
            self.failed += 1
            self.failures.append((ref, error))
            return
        setattr(self, outcome, getattr(self, outcome) + 1)
        if article_id is not None:
            self.article_ids.append(article_id)

    def summary(self) -> str:
        return (
            f"{self.imported} imported, {self.existing} already present, "
            f"{self.updated} updated, {self.failed} failed"
        )


def _import_one(item: ImportItem, *, user: Any, default_outlet: Any) -> tuple[str, int | None, str]:
    """(outcome, article id, error) for one item; never raises for a bad item."""
    try:
        result = article_import(
            method=item.method,
            user=user,
            url=item.url,
            html=item.html,
            text=item.text,
            data=item.data,
            filename=item.filename,
            title=item.title,
            published_at=item.published_at,
            outlet=item.outlet or default_outlet,
            content_type=item.content_type,
            charset=item.charset,
            fetched=item.fetched,
        )
    except ImportFailed as exc:
        return ImportOutcome.FAILED, None, exc.message
    except Exception as exc:
        # A bug or an outage on one item must not lose the rest of the batch.
        logger.exception("Unexpected error importing %s", item.ref)
        return ImportOutcome.FAILED, None, f"Unexpected error ({type(exc).__name__}); see the log."
    return result.outcome, result.article.pk, ""


def _record(
    job: ImportJob, position: int, outcome: str, article_id: int | None, error: str
) -> None:
    """Store one item's result on its job (once: a re-run never counts an item twice)."""
    with transaction.atomic():
        changed = ImportJobItem.objects.filter(
            job=job, position=position, outcome=ImportOutcome.PENDING
        ).update(outcome=outcome, article_id=article_id, error=error[:_MAX_ERROR_CHARS])
        if changed:
            ImportJob.objects.filter(pk=job.pk).update(
                processed=F("processed") + 1, updated_at=timezone.now()
            )


def articles_import_batch(
    items: Iterable[AnyItem],
    *,
    user: Any,
    job: ImportJob | None = None,
    progress: Progress | None = None,
    outlet: Any = None,
) -> BatchReport:
    """Import every item through `article_import`; a bad item is reported, never fatal.

    `items` are ImportItems, parsed BatchItems or BatchErrors (reported as failures).
    With `job`, each item's outcome is stored on the ImportJobItem at its `position`.
    `progress(ref, outcome)` is called after each item; `outlet` applies to items that
    name none.
    """
    report = BatchReport()
    for entry in items:
        if isinstance(entry, BatchError):
            ref = entry.ref or (f"line {entry.line_no}" if entry.line_no else "?")
            outcome, article_id, error = ImportOutcome.FAILED, None, entry.message
            position = None
        else:
            item = entry if isinstance(entry, ImportItem) else item_from_batch(entry)
            ref, position = item.ref, item.position
            outcome, article_id, error = _import_one(item, user=user, default_outlet=outlet)
        report.add(outcome, ref=ref, article_id=article_id, error=error)
        if job is not None and position is not None:
            _record(job, position, outcome, article_id, error)
        if progress is not None:
            progress(ref, outcome)
    return report


# --------------------------------------------------------------------------- import jobs


def _stored_item(entry: AnyItem) -> ImportItem | BatchError:
    """The item as a job stores it, or the reason it cannot even be stored."""
    if isinstance(entry, BatchError):
        return entry
    item = entry if isinstance(entry, ImportItem) else item_from_batch(entry)
    if item.data is not None and not (item.html or item.text or item.url):
        raise ValueError("A stored job item needs a URL, HTML or text, not bytes.")
    try:
        for value in (item.html, item.text):
            if value:
                check_text_input(value)  # a binary file cannot even be stored as JSON
    except ImportFailed as exc:
        return BatchError(None, exc.message, item.ref)
    return item


@transaction.atomic
def import_job_create(
    *, items: Iterable[AnyItem], user: Any, description: str, start: bool = True
) -> ImportJob:
    """Record a batch as an ImportJob with one pending item per input (bad inputs already
    failed, with their reason) and, with `start`, run it on a worker after the commit."""
    job = ImportJob.objects.create(
        created_by=user if getattr(user, "pk", None) else None,
        description=description[:500],
        status=ImportJob.Status.PENDING,
    )
    rows = []
    for position, entry in enumerate(items, start=1):
        stored = _stored_item(entry)
        if isinstance(stored, BatchError):
            rows.append(
                ImportJobItem(
                    job=job,
                    position=position,
                    ref=(stored.ref or f"line {stored.line_no}")[:2000],
                    outcome=ImportOutcome.FAILED,
                    error=stored.message[:_MAX_ERROR_CHARS],
                )
            )
        else:
            rows.append(
                ImportJobItem(
                    job=job, position=position, ref=stored.ref[:2000], payload=stored.payload()
                )
            )
    ImportJobItem.objects.bulk_create(rows, batch_size=500)
    failed = sum(1 for row in rows if row.outcome == ImportOutcome.FAILED)
    ImportJob.objects.filter(pk=job.pk).update(total=len(rows), processed=failed)
    job.total, job.processed = len(rows), failed
    if start:
        job_id = job.pk

        def enqueue() -> None:
            from sources import tasks

            tasks.import_job_run.delay(job_id)

        transaction.on_commit(enqueue)
    return job


def _job_items(job: ImportJob) -> Iterator[ImportItem]:
    """The job's pending items in order, loaded a chunk at a time."""
    pending = list(
        job.items.filter(outcome=ImportOutcome.PENDING)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(pending), 100):
        chunk = ImportJobItem.objects.filter(pk__in=pending[start : start + 100]).order_by(
            "position"
        )
        for row in chunk:
            yield ImportItem.from_payload(row.ref, row.payload, row.position)


def import_job_run(*, job_id: int, outlet: Any = None) -> BatchReport:
    """Run (or resume) an ImportJob: every pending item through the import service.

    Idempotent: items already done are skipped, so a worker lost mid-job can be re-run.
    The job ends `done` (items that failed are listed on it) or, if the run itself
    crashed, `failed` with the error.
    """
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
        return job_report(job)
    done = job.items.exclude(outcome=ImportOutcome.PENDING).count()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, processed=done, updated_at=timezone.now()
    )
    try:
        articles_import_batch(_job_items(job), user=job.created_by, job=job, outlet=outlet)
    except Exception as exc:
        logger.exception("Import job %s crashed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE, finished_at=timezone.now(), updated_at=timezone.now()
    )
    job.refresh_from_db()
    return job_report(job)


def job_report(job: ImportJob) -> BatchReport:
    """The BatchReport of a job from its stored items."""
    report = BatchReport()
    counts = dict(job.items.values_list("outcome").annotate(n=Count("id")).order_by())
    report.imported = counts.get(ImportOutcome.IMPORTED, 0)
    report.existing = counts.get(ImportOutcome.EXISTING, 0)
    report.updated = counts.get(ImportOutcome.UPDATED, 0)
    report.failed = counts.get(ImportOutcome.FAILED, 0)
    report.failures = list(
        job.items.filter(outcome=ImportOutcome.FAILED)
        .order_by("position")
        .values_list("ref", "error")
    )
    report.article_ids = list(
        job.items.filter(article__isnull=False)
        .order_by("position")
        .values_list("article_id", flat=True)
    )
    return report
