"""The admin "Import articles" page: one article from a URL, a file or pasted text, and
batch uploads run as ImportJobs."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from newsdesk.common.models import OutboxMessage
from sources import batches
from sources.models import Article, ImportJob
from sources.services import article_import
from tests.sources.conftest import ARTICLE_SENTENCES, PNG_BYTES, article_page

pytestmark = pytest.mark.django_db

IMPORT = "admin:sources_article_import"
TEXT = "Advertisement\n\n" + "\n\n".join(ARTICLE_SENTENCES) + "\n\nShare this article"


@pytest.fixture
def desk(client, editor):
    client.force_login(editor)
    return client


def test_the_import_page_opens_for_editors_only(desk, client, reviewer):
    assert desk.get(reverse(IMPORT)).status_code == 200
    client.force_login(reviewer)
    assert client.get(reverse(IMPORT)).status_code == 403
    assert client.post(reverse(IMPORT), {"text": TEXT}).status_code == 403
    assert Article.objects.count() == 0


def test_the_add_button_leads_to_the_import_page(desk):
    changelist = desk.get(reverse("admin:sources_article_changelist")).content.decode()
    assert reverse(IMPORT) in changelist
    response = desk.get(reverse("admin:sources_article_add"))
    assert response.status_code == 302 and response["Location"] == reverse(IMPORT)


def test_pasted_text_creates_an_article_and_opens_it(desk, editor):
    response = desk.post(
        reverse(IMPORT), {"text": TEXT, "title": "Borders", "published_at": "2022-09-04 10:00"}
    )
    article = Article.objects.get()
    assert response.status_code == 302
    # straight to selecting its claims
    assert response["Location"] == reverse("admin:sources_article_annotate", args=[article.pk])
    assert (article.title, article.import_method, article.imported_by) == (
        "Borders",
        "text",
        editor,
    )
    assert "Advertisement" not in article.body and "Share this" not in article.body
    assert ARTICLE_SENTENCES[1] in article.body
    page = desk.get(response["Location"]).content.decode()
    assert "Imported “Borders”." in page

    again = desk.post(reverse(IMPORT), {"text": TEXT, "title": "Borders"}, follow=True)
    assert "was already imported" in again.content.decode()
    assert Article.objects.count() == 1


def test_a_png_upload_shows_the_error_and_creates_nothing(desk):
    upload = SimpleUploadedFile("photo.html", PNG_BYTES, content_type="text/html")
    response = desk.post(reverse(IMPORT), {"file": upload})
    assert response.status_code == 200
    assert "This looks like a binary file (PNG image)" in response.content.decode()
    assert Article.objects.count() == 0


def test_an_empty_form_asks_for_an_input(desk):
    response = desk.post(reverse(IMPORT), {"title": "Nothing"})
    assert "Give a URL, upload a file or paste the text." in response.content.decode()
    assert Article.objects.count() == 0


def test_an_uploaded_page_and_a_fetched_url(desk, local_site, allow_local):
    html = article_page("Juntas strengthen partnership", ARTICLE_SENTENCES)
    upload = SimpleUploadedFile("story.html", html.encode(), content_type="text/html")
    response = desk.post(reverse(IMPORT), {"file": upload, "url": "https://sahel.example/s"})
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.url, article.import_method) == ("https://sahel.example/s", "file")

    budget = [
        "The national assembly adopted the new budget on Thursday after a debate that lasted "
        "late into the night in the capital.",
        "The finance minister said spending on security would rise by nearly a fifth next "
        "year, to more than 500 billion CFA francs.",
    ]
    local_site.page("/other", article_page("Budget adopted", budget))
    response = desk.post(reverse(IMPORT), {"url": local_site.url("/other")})
    assert response.status_code == 302
    assert Article.objects.get(title="Budget adopted").import_method == "url"


def test_a_batch_upload_runs_an_import_job(desk, editor, django_capture_on_commit_callbacks):
    lines = "\n".join(
        [
            json.dumps({"text": "\n\n".join(ARTICLE_SENTENCES[:2]), "title": "One"}),
            "{not json",
            json.dumps({"text": "\n\n".join(ARTICLE_SENTENCES[2:]), "title": "Two"}),
        ]
    )
    files = [
        SimpleUploadedFile("batch.jsonl", lines.encode(), content_type="application/jsonl"),
        SimpleUploadedFile("page.html", article_page("Three", ARTICLE_SENTENCES).encode()),
        SimpleUploadedFile("scan.txt", PNG_BYTES),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(reverse("admin:sources_article_import_batch"), {"files": files})

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:sources_importjob_change", args=[job.pk])
    assert (job.status, job.total, job.processed, job.created_by) == ("done", 5, 5, editor)
    assert set(Article.objects.values_list("title", flat=True)) == {"One", "Two", "Three"}
    failed = dict(job.items.filter(outcome="failed").values_list("ref", "error"))
    assert set(failed) == {"batch.jsonl:2", "scan.txt"}
    page = desk.get(response["Location"]).content.decode()
    assert "<li>Imported: 3</li>" in page and "<li>Failed: 2</li>" in page


# --------------------------------------------------------------------------- corrections


def _change_form(client, article, **changes) -> dict:
    """The article's change form as the browser posts it, with `changes` applied."""
    page = client.get(reverse("admin:sources_article_change", args=[article.pk]))
    data = {
        "title": article.title,
        "outlet": article.outlet_id or "",
        "url": article.url,
        "byline": article.byline,
        "published_at_0": "",
        "published_at_1": "",
        "language": article.language,
    }
    for inline in page.context["inline_admin_formsets"]:  # the inlines' management forms
        management = inline.formset.management_form
        for name, field in management.fields.items():
            data[management.add_prefix(name)] = management.initial.get(name, field.initial)
    return {**data, **changes}


def test_a_corrected_address_is_stored_canonical(desk):
    article = article_import(method="text", text=TEXT).article
    change = reverse("admin:sources_article_change", args=[article.pk])
    response = desk.post(
        change, _change_form(desk, article, url="https://WWW.Sahel.example/story?utm_source=x#top")
    )
    assert response.status_code == 302, response.context["errors"]
    article.refresh_from_db()
    assert article.url == "https://www.sahel.example/story"


@pytest.mark.parametrize("url", ["ftp://sahel.example/story", "javascript:alert(1)"])
def test_a_non_web_address_is_refused_and_nothing_changes(desk, url):
    article = article_import(method="text", text=TEXT, url="https://sahel.example/a").article
    change = reverse("admin:sources_article_change", args=[article.pk])
    response = desk.post(change, _change_form(desk, article, url=url, title="Renamed"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "url" in errors
    article.refresh_from_db()
    assert (article.url, article.title) != (url, "Renamed")
    assert article.url == "https://sahel.example/a"


def test_an_address_another_article_has_is_refused(desk):
    first = article_import(method="text", text=TEXT, url="https://sahel.example/a").article
    other = article_import(method="text", text=TEXT + "\n\nA second story.").article
    change = reverse("admin:sources_article_change", args=[other.pk])
    response = desk.post(
        change, _change_form(desk, other, url="https://sahel.example/a?utm_source=x")
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    other.refresh_from_db()
    assert other.url == "" and first.url == "https://sahel.example/a"


def test_a_batch_over_the_item_limit_is_refused_whole_with_the_reason(
    desk, settings, django_capture_on_commit_callbacks
):
    settings.NEWSDESK_BATCH_MAX_ITEMS = 5
    lines = "\n".join(json.dumps({"text": f"Story {n}.", "title": f"T{n}"}) for n in range(8))
    upload = SimpleUploadedFile("big.jsonl", lines.encode(), content_type="application/jsonl")
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(reverse("admin:sources_article_import_batch"), {"files": [upload]})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert "This batch has more than 5 items (in big.jsonl); a batch may hold 5." in job.error
    assert not Article.objects.exists() and not job.items.exists() and not job.uploads.exists()
    page = desk.get(response["Location"]).content.decode()
    assert "This batch has more than 5 items" in page


def test_the_web_request_only_keeps_an_upload_and_a_worker_reads_it(desk, settings):
    """9,000 lines, most of them broken: the request stores the file and answers; the items
    are read from it by the job's task (here called as the worker would)."""
    good = [json.dumps({"text": f"Story {n} of the upload.", "title": f"T{n}"}) for n in range(3)]
    lines = "\n".join(good + ["{not json"] * 9_000)
    upload = SimpleUploadedFile("mixed.jsonl", lines.encode(), content_type="application/jsonl")
    response = desk.post(reverse("admin:sources_article_import_batch"), {"files": [upload]})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.PENDING
    assert job.uploads.count() == 1 and not job.items.exists()  # nothing parsed in the request
    assert OutboxMessage.objects.filter(task="sources.tasks.import_job_run").exists()

    batches.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and not job.uploads.exists()
    assert job.total == 9_003
    assert job.items.filter(outcome="failed").count() == 9_000
    assert Article.objects.count() == 3


def test_11_mb_of_pasted_text_gets_a_clear_answer_not_a_bare_400(desk, settings):
    text = "Le texte collé est bien trop long. " * (11 * 1024 * 1024 // 35)
    response = desk.post(reverse(IMPORT), {"text": text, "title": "Too long"})
    assert response.status_code == 413
    page = response.content.decode()
    assert "larger than the 11 MB a request may carry" in page
    assert "Nothing was saved or imported" in page and "keeps what you typed" in page
    assert not Article.objects.exists()


@pytest.mark.browser
def test_pasted_text_over_the_limit_stays_in_the_box_with_the_reason(page_as, editor, settings):
    settings.NEWSDESK_IMPORT_MAX_BYTES = 1024 * 1024
    page = page_as(editor)
    page.goto(reverse(IMPORT))
    text = "Un texte collé bien trop long pour l'import. " * 30_000  # about 1.4 MB
    page.fill("#id_text", text)
    page.click("#import-one input[type=submit]")
    note = page.locator("#import-too-big")
    note.wait_for(state="visible")
    assert "the limit is 1 MB" in note.inner_text() and "still here" in note.inner_text()
    assert page.input_value("#id_text") == text
    assert page.url.endswith(reverse(IMPORT))
    assert not Article.objects.exists()
