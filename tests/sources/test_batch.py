"""JSON Lines and folder batches: good items come through, bad ones become errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sources.importing.batch import BatchError, BatchItem, iter_folder, iter_jsonl

PAGE = "<html><body><article><p>Some article text for the batch test.</p></article></body></html>"


def jsonl(*records: object) -> bytes:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records).encode()


def test_jsonl_items_of_each_kind() -> None:
    data = jsonl(
        {"url": "https://news.example/a", "outlet": "news.example"},
        {"html": PAGE, "url": "https://news.example/b", "title": "B"},
        {"text": "Pasted article text.", "title": "C", "published_at": "2023-09-17"},
        {"url": "https://news.example/d", "published_at": "2023-09-17T08:30:00+02:00"},
    )
    items = list(iter_jsonl(data, name="in.jsonl"))
    assert all(isinstance(item, BatchItem) for item in items)
    a, b, c, d = items
    assert (a.ref, a.kind, a.url, a.outlet) == ("in.jsonl:1", "url", "https://news.example/a",
                                                "news.example")  # fmt: skip
    assert (b.ref, b.kind, b.html, b.url, b.title) == (
        "in.jsonl:2", "html", PAGE, "https://news.example/b", "B"
    )  # fmt: skip
    assert (c.kind, c.text, c.title) == ("text", "Pasted article text.", "C")
    assert c.published_at == datetime(2023, 9, 17, tzinfo=UTC)
    assert d.published_at == datetime(2023, 9, 17, 6, 30, tzinfo=UTC)


def test_jsonl_bad_lines_yield_errors_and_iteration_continues() -> None:
    data = (
        jsonl(
            {"url": "https://news.example/1"},
            "{not json",
            "[1, 2]",
            {"title": "no content"},
            {"url": "ftp://news.example/x"},
            {"html": "<p>x</p>", "text": "y"},
            {"text": "t", "published_at": "yesterday"},
            {"text": 42},
            {"text": "t", "titel": "typo"},
            "",
            {"url": "https://news.example/last"},
        )
        + b"\n\xff\xfe broken utf-8\n"
    )
    results = list(iter_jsonl(data, name="b.jsonl"))
    errors = {r.line_no: r.message for r in results if isinstance(r, BatchError)}
    items = [r for r in results if isinstance(r, BatchItem)]
    assert [i.ref for i in items] == ["b.jsonl:1", "b.jsonl:11"]
    assert "not valid JSON" in errors[2]
    assert "JSON object" in errors[3]
    assert "'url', 'html' or 'text'" in errors[4]
    assert "not an http or https link" in errors[5]
    assert "not both" in errors[6]
    assert "not an ISO 8601" in errors[7]
    assert "must be a string" in errors[8]
    assert "Unknown field(s) 'titel'" in errors[9]
    assert "UTF-8" in errors[12]
    assert sorted(errors) == [2, 3, 4, 5, 6, 7, 8, 9, 12]
    assert all(r.ref == f"b.jsonl:{r.line_no}" for r in results if isinstance(r, BatchError))


def test_jsonl_accepts_str_bom_and_crlf() -> None:
    data = (
        "\ufeff" + json.dumps({"text": "Café"}) + "\r\n" + json.dumps({"url": "http://x.example/"})
    )
    results = list(iter_jsonl(data))
    assert [type(r) for r in results] == [BatchItem, BatchItem]
    assert results[0].text == "Café"
    assert results[0].ref == "batch.jsonl:1"


def test_folder(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"Caf\xe9 article text in windows-1252.")
    (tmp_path / "c.jsonl").write_bytes(jsonl({"url": "https://news.example/c"}, "oops"))
    (tmp_path / "d.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / "e.htm").write_bytes(b"%PDF-1.7 renamed")
    (tmp_path / "f.txt").write_bytes(b"")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "feed.xml").write_text(
        '<rss version="2.0"><channel><title>t</title>'
        "<item><title>One</title><link>https://news.example/1</link></item>"
        "<item><title>Two</title><link>https://news.example/2</link>"
        "<content:encoded xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
        "&lt;p&gt;Body&lt;/p&gt;</content:encoded></item>"
        "<item><title>Three</title>"
        "<content:encoded xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
        "&lt;p&gt;Linkless&lt;/p&gt;</content:encoded></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    (tmp_path / "sub" / "bad.xml").write_text("<rss><channel>", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("ignored", encoding="utf-8")

    results = list(iter_folder(tmp_path))
    by_ref = {r.ref: r for r in results}
    assert list(by_ref) == [
        "a.html", "b.txt", "c.jsonl:1", "c.jsonl:2", "d.pdf", "e.htm", "f.txt",
        "sub/bad.xml", "https://news.example/1", "https://news.example/2", "sub/feed.xml:3",
    ]  # fmt: skip
    assert by_ref["a.html"] == BatchItem("a.html", "html", html=PAGE, origin="file")
    assert by_ref["b.txt"] == BatchItem(
        "b.txt", "text", text="Café article text in windows-1252.", origin="file"
    )
    assert isinstance(by_ref["c.jsonl:1"], BatchItem)
    assert isinstance(by_ref["c.jsonl:2"], BatchError)
    assert "unsupported file type" in by_ref["d.pdf"].message.lower()
    assert "binary file (PDF)" in by_ref["e.htm"].message
    assert by_ref["f.txt"].message == "The file is empty."
    assert "not well-formed XML" in by_ref["sub/bad.xml"].message
    # A feed entry is its linked page (fetched on import, with the page's own title), even
    # when it embeds content (often a teaser); the content only when there is no link.
    for link in ("https://news.example/1", "https://news.example/2"):  # known by their link
        assert by_ref[link] == BatchItem(link, "url", url=link, origin="feed")
    three = by_ref["sub/feed.xml:3"]
    assert (three.kind, three.html, three.title) == ("html", "<p>Linkless</p>", "Three")


def test_folder_limits_and_missing(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("x" * 2000, encoding="utf-8")
    (result,) = list(iter_folder(tmp_path, max_file_bytes=1000))
    assert isinstance(result, BatchError) and "larger than" in result.message
    (missing,) = list(iter_folder(tmp_path / "nope"))
    assert isinstance(missing, BatchError) and "not a folder" in missing.message


def test_folder_skips_links_out_of_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "link.txt").symlink_to(outside)
    (folder / "ok.txt").write_text("fine", encoding="utf-8")
    assert [r.ref for r in iter_folder(folder)] == ["ok.txt"]
