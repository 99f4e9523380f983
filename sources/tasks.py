"""Thin Celery tasks for `sources`: each takes ids and calls one service. All are idempotent."""

from __future__ import annotations

from celery import shared_task

from sources import batches, polling


@shared_task(name=batches.RUN_TASK)
def import_job_run(job_id: int) -> dict:
    """Run (or resume) a batch import recorded as an ImportJob."""
    report = batches.import_job_run(job_id=job_id)
    return {
        "imported": report.imported,
        "existing": report.existing,
        "updated": report.updated,
        "failed": report.failed,
    }


@shared_task(name="sources.tasks.import_jobs_resume")
def import_jobs_resume() -> list[int]:
    """Beat task: start again the import jobs whose task or worker was lost."""
    return batches.import_jobs_resume()


@shared_task(name="sources.tasks.feeds_poll")
def feeds_poll() -> int:
    """Beat task: poll every active feed, one task per feed."""
    feed_ids = polling.feeds_due()
    for feed_id in feed_ids:
        feed_poll.delay(feed_id)
    return len(feed_ids)


@shared_task(name="sources.tasks.feed_poll")
def feed_poll(feed_id: int) -> dict:
    """Poll one feed and import its new entries."""
    result = polling.feed_poll(feed_id=feed_id)
    return {
        "not_modified": result.not_modified,
        "new_entries": result.new_entries,
        "job_id": result.job_id,
        "error": result.error,
    }
