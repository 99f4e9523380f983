"""Batch imports: many items through the one import service.

Every item goes through :func:`sources.services.article_import`; a bad item is reported
with its reason and never stops the others ("a batch of 1,000 with 3 broken items
imports 997 and reports 3"). Used by the `import_articles` command (in-process, with a
progress bar), by the admin batch upload and by the feed poller (as an ImportJob run by
a Celery worker, its progress and per-item results stored for editors to watch).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from newsdesk.common.tasks import enqueue_on_commit
from sources.batch_items import AnyItem, ImportItem, item_from_batch, items_from_upload
from sources.importing.batch import BatchError
from sources.models import ImportJob, ImportJobItem, ImportOutcome, ImportUpload
from sources.preparing import check_text_input
from sources.services import ImportFailed, article_import

logger = logging.getLogger(__name__)

Progress = Callable[[str, str], None]  # (item ref, outcome) after each item
_MAX_ERROR_CHARS = 2000
# The Celery task that runs a job (sources.tasks), named here so this module need not import it.
RUN_TASK = "sources.tasks.import_job_run"


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


def _job_item(job: ImportJob, position: int, entry: AnyItem) -> ImportJobItem:
    """One stored item of a job: pending with its payload, or failed with its reason."""
    stored = _stored_item(entry)
    if isinstance(stored, BatchError):
        return ImportJobItem(
            job=job,
            position=position,
            ref=(stored.ref or f"line {stored.line_no}")[:2000],
            outcome=ImportOutcome.FAILED,
            error=stored.message[:_MAX_ERROR_CHARS],
        )
    return ImportJobItem(
        job=job, position=position, ref=stored.ref[:2000], payload=stored.payload()
    )


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
    rows = [_job_item(job, position, entry) for position, entry in enumerate(items, start=1)]
    ImportJobItem.objects.bulk_create(rows, batch_size=500)
    failed = sum(1 for row in rows if row.outcome == ImportOutcome.FAILED)
    ImportJob.objects.filter(pk=job.pk).update(total=len(rows), processed=failed)
    job.total, job.processed = len(rows), failed
    if start:
        enqueue_on_commit(RUN_TASK, job.pk)
    return job


@dataclass(frozen=True)
class Upload:
    """A file of a batch upload as the web request received it."""

    name: str
    data: bytes
    refused: str = ""  # why it is not kept (too large): its one failed item


@transaction.atomic
def import_job_from_uploads(
    *, uploads: Iterable[Upload], user: Any, description: str, outlet_domain: str = ""
) -> ImportJob:
    """Keep the uploaded files on a new job, unread, and have a worker read and run them
    (import_job_run): the web request parses nothing, however big or broken the files."""
    job = ImportJob.objects.create(
        created_by=user if getattr(user, "pk", None) else None,
        description=description[:500],
        status=ImportJob.Status.PENDING,
        outlet_domain=outlet_domain,
    )
    ImportUpload.objects.bulk_create(
        ImportUpload(
            job=job, name=u.name[:255], data=b"" if u.refused else u.data, refused=u.refused
        )
        for u in uploads
    )
    enqueue_on_commit(RUN_TASK, job.pk)
    return job


class BatchTooBig(Exception):
    pass


def _read_uploads(job: ImportJob) -> None:
    """Turn the job's kept files into its items, one file at a time and 500 rows a write,
    then drop the files. Over NEWSDESK_BATCH_MAX_ITEMS the job fails whole, with nothing
    imported (raises BatchTooBig after rolling the items back)."""
    limit = settings.NEWSDESK_BATCH_MAX_ITEMS
    with transaction.atomic():
        position, rows = 0, []
        for upload_id in job.uploads.order_by("id").values_list("id", flat=True):
            upload = ImportUpload.objects.get(pk=upload_id)  # one file in memory at a time
            entries: Iterable[AnyItem] = (
                [BatchError(None, upload.refused, upload.name)]
                if upload.refused
                else items_from_upload(upload.name, bytes(upload.data))
            )
            for entry in entries:
                position += 1
                if position > limit:
                    raise BatchTooBig(
                        f"This batch has more than {limit:,} items (in {upload.name}); a batch "
                        f"may hold {limit:,}. Nothing was imported: split it into smaller files "
                        "and upload them one batch at a time."
                    )
                if isinstance(entry, ImportItem) and job.outlet_domain and not entry.outlet:
                    entry = dataclasses.replace(entry, outlet=job.outlet_domain)
                rows.append(_job_item(job, position, entry))
                if len(rows) >= 500:
                    ImportJobItem.objects.bulk_create(rows)
                    rows = []
        ImportJobItem.objects.bulk_create(rows)
        job.uploads.all().delete()
        failed = job.items.filter(outcome=ImportOutcome.FAILED).count()
        ImportJob.objects.filter(pk=job.pk).update(
            total=position, processed=failed, updated_at=timezone.now()
        )


# A job pending or running this long without progress lost its message or its worker.
STUCK_AFTER = timedelta(minutes=10)


@transaction.atomic
def import_jobs_resume(*, stuck_after: timedelta = STUCK_AFTER) -> list[int]:
    """Start again every job left pending or running with no progress for `stuck_after` (its
    task never reached a worker, or the worker died): the run resumes at its first pending
    item. Stamps the jobs so the next pass waits another `stuck_after`. Beat runs it."""
    now = timezone.now()
    stuck = list(
        ImportJob.objects.select_for_update(skip_locked=True)
        .filter(
            status__in=[ImportJob.Status.PENDING, ImportJob.Status.RUNNING],
            updated_at__lt=now - stuck_after,
        )
        .order_by("id")
        .values_list("pk", flat=True)
    )
    if stuck:
        logger.warning(
            "Import jobs %s made no progress for %s: starting them again", stuck, stuck_after
        )
        ImportJob.objects.filter(pk__in=stuck).update(updated_at=now)
    for job_id in stuck:
        enqueue_on_commit(RUN_TASK, job_id)
    return stuck


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
    if job.uploads.exists():  # an upload: read here, on the worker, not in the request
        try:
            _read_uploads(job)
        except BatchTooBig as exc:
            job.uploads.all().delete()
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.FAILED,
                error=str(exc),
                finished_at=timezone.now(),
                updated_at=timezone.now(),
            )
            return job_report(ImportJob.objects.get(pk=job.pk))
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
