"""`manage.py import_articles`: folders, files, JSON Lines, feeds and URLs; bad items listed."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from sources.models import Article
from tests.sources.conftest import ARTICLE_SENTENCES, PDF_BYTES, article_page

pytestmark = pytest.mark.django_db

OTHER_SENTENCES = [
    "The national assembly adopted the new budget on Thursday after a debate that lasted "
    "late into the night in the capital.",
    "The finance minister said spending on security would rise by nearly a fifth next year, "
    "to more than 500 billion CFA francs.",
    "Opposition members walked out of the chamber before the vote, saying the text had been "
    "rushed through without consultation.",
]
THIRD_SENTENCES = [
    "Heavy rains have flooded several districts of Niamey, forcing hundreds of families to "
    "leave their homes over the weekend.",
    "The civil protection agency said at least twelve people had died and that the river was "
    "still rising on Monday morning.",
]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_articles", *args, "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "inbox"
    (root / "more").mkdir(parents=True)
    (root / "story.html").write_text(article_page("Juntas meet", ARTICLE_SENTENCES))
    (root / "more" / "budget.txt").write_text("\n\n".join(OTHER_SENTENCES))
    (root / "report.html").write_bytes(PDF_BYTES)  # a PDF under an .html name
    (root / "empty.txt").write_text("")
    (root / "huge.html").write_bytes(b"<p>" + b"x" * (50 * 1024 * 1024))
    lines = [
        json.dumps({"text": "\n\n".join(THIRD_SENTENCES), "title": "Floods"}),
        '{"text": "an unterminated line',
        json.dumps({"html": article_page("Juntas meet", ARTICLE_SENTENCES)}),  # duplicate
    ]
    (root / "batch.jsonl").write_text("\n".join(lines) + "\n")
    return root


def test_a_folder_imports_every_good_item_and_lists_each_failure(folder):
    output = run(str(folder))

    assert "Done: 3 imported, 1 already present, 0 updated, 4 failed." in output
    assert "report.html: This looks like a binary file (PDF)" in output
    assert "empty.txt: The file is empty." in output
    assert "huge.html: The file is larger than" in output
    assert "batch.jsonl:2: This line is not valid JSON" in output
    # Files are read in name order: the JSON Lines copy of the story comes first.
    methods = dict(Article.objects.values_list("title", "import_method"))
    assert methods == {"Floods": "text", "Juntas meet": "html", OTHER_SENTENCES[0]: "file"}

    again = run(str(folder))
    assert "Done: 0 imported, 4 already present, 0 updated, 4 failed." in again
    assert Article.objects.count() == 3


def test_single_files_and_missing_paths(tmp_path, editor):
    story = tmp_path / "story.txt"
    story.write_text("\n\n".join(OTHER_SENTENCES))
    output = run(str(story), str(tmp_path / "nowhere.html"), "--user", editor.username)
    assert "Done: 1 imported, 0 already present, 0 updated, 1 failed." in output
    assert "nowhere.html: There is no such file or folder." in output
    assert Article.objects.get().imported_by == editor


def test_a_progress_bar_is_drawn_on_stderr(tmp_path):
    for number, sentences in enumerate([OTHER_SENTENCES, THIRD_SENTENCES]):
        (tmp_path / f"{number}.txt").write_text("\n\n".join(sentences))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", str(tmp_path), stdout=out, stderr=err)
    assert "Importing" in err.getvalue() and "2/2" in err.getvalue()
    assert "Done: 2 imported" in out.getvalue()


def test_fail_on_error_exits_non_zero(tmp_path):
    (tmp_path / "bad.txt").write_bytes(PDF_BYTES)
    with pytest.raises(CommandError) as caught:
        run(str(tmp_path), "--fail-on-error")
    assert caught.value.returncode == 1


def test_url_arguments_import_a_page_and_a_feeds_entries(local_site, allow_local):
    local_site.page("/story", article_page("Juntas meet", ARTICLE_SENTENCES))
    local_site.page("/budget", article_page("Budget adopted", OTHER_SENTENCES))
    local_site.page("/floods", article_page("Floods in Niamey", THIRD_SENTENCES))
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Sahel Daily</title>
<link>{local_site.base}/</link>
<item><title>Budget adopted</title><link>{local_site.url("/budget")}</link></item>
<item><title>Floods</title><link>{local_site.url("/floods")}</link></item>
<item><title>Gone</title><link>{local_site.url("/gone")}</link></item>
</channel></rss>"""
    local_site.page("/feed.xml", feed, "application/rss+xml")

    output = run(local_site.url("/story"), local_site.url("/feed.xml"))

    assert "Done: 3 imported, 0 already present, 0 updated, 1 failed." in output
    assert f"{local_site.url('/gone')}: The page could not be fetched" in output
    methods = dict(Article.objects.values_list("title", "import_method"))
    assert methods == {"Juntas meet": "url", "Budget adopted": "feed", "Floods in Niamey": "feed"}
    assert local_site.hits("/story") == 1  # fetched once, for both detection and import


def test_a_refused_url_is_listed_not_fatal(local_site):
    local_site.page("/story", article_page("Juntas meet", ARTICLE_SENTENCES))
    output = run(local_site.url("/story"))
    assert "Done: 0 imported, 0 already present, 0 updated, 1 failed." in output
    assert "The link was refused" in output


def test_each_item_records_how_it_came_in(tmp_path):
    """Files, JSON Lines lines and feed entries keep their import method, in a folder or an
    upload alike."""
    from sources.batch_items import ImportItem, items_from_path, items_from_upload

    feed = (
        '<rss version="2.0"><channel><title>t</title>'
        "<item><title>One</title><link>https://news.example/1</link></item>"
        "<item><title>Two</title>"
        "<content:encoded xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
        "&lt;p&gt;Body&lt;/p&gt;</content:encoded></item>"
        "</channel></rss>"
    )
    lines = '{"url": "https://news.example/u"}\n{"text": "Pasted text.", "title": "T"}\n'
    (tmp_path / "feed.xml").write_text(feed, encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text(lines, encoding="utf-8")
    (tmp_path / "page.html").write_text("<html><body><p>Text.</p></body></html>", "utf-8")
    expected = {
        "https://news.example/1": "feed",
        "feed.xml:2": "feed",
        "lines.jsonl:1": "url",
        "lines.jsonl:2": "text",
        "page.html": "file",
    }
    folder = {item.ref: item.method for item in items_from_path(tmp_path)}
    assert folder == expected
    uploads = {
        item.ref: item.method
        for name in ("feed.xml", "lines.jsonl", "page.html")
        for item in items_from_upload(name, (tmp_path / name).read_bytes())
        if isinstance(item, ImportItem)
    }
    assert uploads == expected
