"""Batch imports as ImportJobs run by the Celery task; editors watch them in the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sources import tasks
from sources.batch_items import items_from_records
from sources.batches import articles_import_batch, import_job_create, import_job_run
from sources.models import Article, ImportJob, ImportJobItem
from tests.sources.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db


def story(number: int) -> str:
    return (
        f"Aid convoys reached {number * 3 + 11} villages in the north of the country this week, "
        f"the relief agency said in its report number {number}.\n\n"
        f"Officials in region {number} said that the roads had been closed for more than "
        f"{number + 2} months because of attacks by armed groups."
    )


def records() -> list[dict]:
    """20 inputs: 17 good stories and 3 broken ones (one caught when parsed, two on import)."""
    good = [{"text": story(n), "title": f"Convoys {n}"} for n in range(17)]
    broken = [
        {"texte": "a misspelt field"},  # refused when the batch is read
        {"html": PDF_BYTES.decode("latin-1")},  # a PDF sent as a page
        {"url": "http://127.0.0.1:9/story"},  # a local address, not allow-listed
    ]
    return good[:5] + broken[:1] + good[5:11] + broken[1:2] + good[11:] + broken[2:]


def test_a_job_of_20_items_with_3_broken_imports_17_and_reports_3(
    editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(items=items_from_records(records()), user=editor, description="t")

    job.refresh_from_db()
    assert (job.status, job.total, job.processed) == ("done", 20, 20)
    assert job.finished_at is not None
    items = job.items.order_by("position")
    assert items.filter(outcome="imported").count() == 17
    failed = {item.ref: item.error for item in items.filter(outcome="failed")}
    assert set(failed) == {"api:6", "api:13", "api:20"}
    assert "Unknown field(s) 'texte'" in failed["api:6"]
    assert "binary file" in failed["api:13"]
    assert "The link was refused" in failed["api:20"]
    assert Article.objects.count() == 17
    assert set(Article.objects.values_list("imported_by", flat=True)) == {editor.pk}
    assert all(item.article_id for item in items.filter(outcome="imported"))


def test_the_admin_job_page_shows_progress_and_counts(client, editor):
    job = import_job_create(items=items_from_records(records()), user=editor, description="Batch")
    tasks.import_job_run.delay(job.pk)  # eager in tests: runs here

    client.force_login(editor)
    response = client.get(reverse("admin:sources_importjob_change", args=[job.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<strong>20 / 20</strong>" in page
    assert "<li>Imported: 17</li>" in page
    assert "<li>Failed: 3</li>" in page
    assert "Unknown field(s) &#x27;texte&#x27;" in page
    assert 'http-equiv="refresh"' not in page  # done: no more refreshing


def test_a_running_job_page_refreshes_itself(client, editor):
    job = import_job_create(
        items=items_from_records(records()[:4]), user=editor, description="Batch", start=False
    )
    client.force_login(editor)
    page = client.get(reverse("admin:sources_importjob_change", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' in page
    assert "<strong>0 / 4</strong>" in page


def test_a_job_resumes_where_it_stopped_and_never_counts_twice(editor):
    job = import_job_create(
        items=items_from_records(records()[:6]), user=editor, description="t", start=False
    )
    import_job_run(job_id=job.pk)
    # A worker lost mid-job: two items look unprocessed again and the job still running.
    job.items.filter(position__in=[2, 3]).update(outcome="pending", article=None)
    ImportJob.objects.filter(pk=job.pk).update(status="running", processed=4, finished_at=None)

    report = import_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.processed, job.total) == ("done", 6, 6)
    assert (report.imported, report.existing, report.failed) == (3, 2, 1)
    assert Article.objects.count() == 5
    assert import_job_run(job_id=job.pk).total == 6  # a done job is left alone


def test_the_batch_runner_reports_every_item(editor):
    seen: list[tuple[str, str]] = []
    report = articles_import_batch(
        items_from_records(records()),
        user=editor,
        progress=lambda ref, outcome: seen.append((ref, outcome)),
    )
    assert (report.imported, report.failed, report.total) == (17, 3, 20)
    assert [ref for ref, _reason in report.failures] == ["api:6", "api:13", "api:20"]
    assert len(seen) == 20 and len(report.article_ids) == 17
    assert ImportJobItem.objects.count() == 0  # no job: nothing recorded
    assert report.summary() == "17 imported, 0 already present, 0 updated, 3 failed"


def test_a_big_job_page_shows_a_bounded_part_and_pages_through_every_item(client, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    many = [{"text": story(n % 17), "title": f"Item {n}"} for n in range(230)]
    job = import_job_create(
        items=items_from_records(many), user=editor, description="Big", start=False
    )
    client.force_login(editor)
    url = reverse("admin:sources_importjob_change", args=[job.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert page.count('<li value="') == 50  # the first 50 items, not all 230
    assert "api:50</code>" in page and "api:51</code>" not in page
    every = reverse("admin:sources_importjobitem_changelist") + f"?job__id__exact={job.pk}"
    assert f'href="{every}"' in page
    items = client.get(every)
    assert items.status_code == 200
    assert len(items.context["cl"].result_list) == 100
    last = client.get(every + "&p=3")
    assert len(last.context["cl"].result_list) == 30
    small = import_job_create(
        items=items_from_records(many[:60]), user=editor, description="Small", start=False
    )
    small_url = reverse("admin:sources_importjob_change", args=[small.pk])
    client.get(small_url)
    with CaptureQueriesContext(connection) as small_queries:
        client.get(small_url)
    assert len(queries) == len(small_queries)  # bounded by the page, not the job
