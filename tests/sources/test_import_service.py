"""The one import service: clean-up, dedupe, near-duplicates, revisions, bad input."""

from __future__ import annotations

import gzip
import json
import unicodedata
from pathlib import Path

import pytest
from django.db import connection

from claims.models import Claim, ClaimSuggestion
from claims.services import claim_create
from sources.importing.decode import decode_bytes
from sources.importing.fingerprint import body_fingerprint, simhash64
from sources.importing.html import extract_html
from sources.models import Article, ArticleRevision
from sources.preparing import canonical_url
from sources.services import ImportFailed, article_import
from tests.concurrency import at_once
from tests.sources.conftest import ARTICLE_SENTENCES, PDF_BYTES, PNG_BYTES, article_page

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
EXTRACTION_DEV = REPO / "tests" / "fixtures" / "extraction-dev"

WIRE_STORY = [
    "The military leaders of Mali, Burkina Faso and Niger have signed a mutual defence pact, "
    "ministerial delegations from the three Sahel countries announced in Bamako on Saturday.",
    "The Liptako-Gourma Charter establishes the Alliance of Sahel States, the Malian junta "
    "leader Assimi Goita wrote on social media after the signing ceremony.",
    "Its aim is to establish an architecture of collective defence and mutual assistance for "
    "the benefit of the populations of the three countries, he wrote.",
    "The Liptako-Gourma region, where the borders of Mali, Burkina Faso and Niger meet, has "
    "been ravaged by jihadist violence in recent years.",
    "This alliance will be a combination of military and economic efforts between the three "
    "countries, the Malian foreign minister Abdoulaye Diop told journalists.",
    "A jihadist insurgency that erupted in northern Mali in 2012 spread to Niger and Burkina "
    "Faso in 2015 and has killed thousands of civilians and soldiers since then.",
    "All three countries have undergone coups since 2020, most recently Niger, where soldiers "
    "in July overthrew the elected president Mohamed Bazoum.",
    "The West African regional bloc ECOWAS has threatened to intervene militarily in Niger "
    "over the coup, a move the two other juntas called a declaration of war.",
    "The charter binds the signatories to assist one another, including militarily, in the "
    "event of an attack on any one of them, according to the text released on Saturday.",
    "It also binds the three countries to work together to prevent or settle armed "
    "rebellions on their territories, the text says.",
]


def seed(prefix: str) -> str:
    path = next(SEEDS.glob(f"{prefix}_*.txt"), None)
    if path is None:
        pytest.fail(f"The seed articles are missing: expected {SEEDS}/{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- clean-up


def test_plain_text_drops_page_chrome_and_keeps_every_article_sentence():
    raw = seed("001")
    article = article_import(method="text", text=raw, title="Sahel pact").article
    body = article.body
    for chrome in (
        "Advertisement",
        "We need your help now",
        "Support from readers like you",
        "please contribute what you can",
        "Readers Comments",
        "Leave a Comment",
        "comments community",
        "Your feedback has been sent",
    ):
        assert chrome not in body, chrome
    start = raw.index("THE MILITARY LEADERS")
    end = raw.index("agreements with France.") + len("agreements with France.")
    folded = " ".join(body.split())  # non-breaking spaces become plain ones
    for line in raw[start:end].splitlines():
        if line.strip():
            assert " ".join(line.split()) in folded, line
    assert article.raw_input == raw  # the input as received, for provenance


def test_normalisation_restores_a_glued_quote_and_changes_no_word():
    raw = seed("000")
    assert "partnership”indicated" in raw
    decomposed = raw.replace("Goïta", unicodedata.normalize("NFD", "Goïta"))
    assert decomposed != raw
    text = decomposed.replace(". ", ".  \t", 3)
    article = article_import(method="text", text=text, title="Juntas").article
    body = article.body

    assert "partnership” indicated" in body
    assert "Goïta" in body and unicodedata.is_normalized("NFC", body)
    assert "  " not in body and "\t" not in body
    # Never a changed word: the same words in the same order, only spacing differs.
    words = " ".join(unicodedata.normalize("NFC", text).split()).replace(
        "”indicated", "” indicated"
    )
    assert " ".join(body.split()) == words
    assert article.raw_input == text
    assert article.language == "en"


def test_html_import_keeps_metadata_and_the_raw_page():
    html = article_page("Juntas strengthen partnership", ARTICLE_SENTENCES)
    article = article_import(
        method="html", html=html, url="https://Sahel.example/story?utm_source=x#top"
    ).article
    assert article.title == "Juntas strengthen partnership"
    assert article.url == "https://sahel.example/story"  # canonical: tracking and fragment gone
    assert article.published_at.isoformat() == "2022-09-04T10:00:00+00:00"
    assert article.outlet.domain == "sahel.example"
    for sentence in ARTICLE_SENTENCES:
        assert sentence in article.body
    assert "We use cookies" not in article.body
    assert "All rights reserved" not in article.body
    assert article.raw_input == html
    assert article.raw_content_type == "text/html"
    assert article.import_method == "html"


def test_the_raw_page_is_stored_compressed_and_read_back_exactly():
    html = article_page("Juntas strengthen partnership", ARTICLE_SENTENCES * 40)
    article = article_import(method="html", html=html, url="https://sahel.example/a").article
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT octet_length(raw_input) FROM sources_article WHERE id = %s", [article.pk]
        )
        (stored,) = cursor.fetchone()
    assert stored < len(html.encode()) / 4  # zlib, not the page as is
    assert Article.objects.get(pk=article.pk).raw_input == html


def test_given_title_published_at_and_outlet_win(editor):
    from tests.factories import OutletFactory

    outlet = OutletFactory(domain="herald.example", name="Sahel Herald")
    article = article_import(
        method="text",
        text="\n\n".join(ARTICLE_SENTENCES),
        title="Border talks",
        published_at="2022-09-05",
        outlet="herald.example",
        user=editor,
    ).article
    assert (article.title, article.outlet, article.imported_by) == ("Border talks", outlet, editor)
    assert article.published_at.date().isoformat() == "2022-09-05"


def test_an_unknown_outlet_is_a_clear_error():
    with pytest.raises(ImportFailed, match=r"no outlet 'nowhere\.example'"):
        article_import(method="text", text="\n\n".join(ARTICLE_SENTENCES), outlet="nowhere.example")
    assert Article.objects.count() == 0


def test_an_article_joins_the_outlet_of_its_domain():
    from sources.models import Outlet
    from tests.factories import OutletFactory

    herald = OutletFactory(domain="herald.example", name="Sahel Herald")
    first = article_import(
        method="html",
        html=article_page("Juntas strengthen partnership", ARTICLE_SENTENCES),
        url="https://www.herald.example/one",
    ).article
    second = article_import(
        method="html",
        html=article_page("Border talks", WIRE_STORY),
        url="https://news.example/two",
    ).article
    third = article_import(
        method="text", text="\n\n".join(WIRE_STORY[:5]), url="https://news.example/three"
    ).article
    pasted = article_import(method="text", text="\n\n".join(WIRE_STORY[5:])).article

    assert first.outlet == herald  # the existing outlet, www. or not
    assert second.outlet.domain == "news.example" and third.outlet == second.outlet
    assert pasted.outlet is None  # no address, no outlet
    assert Outlet.objects.count() == 2


def test_an_outlet_given_by_id_wins_and_an_unknown_id_is_a_clear_error():
    from tests.factories import OutletFactory

    herald = OutletFactory(domain="herald.example", name="Sahel Herald")
    article = article_import(
        method="html",
        html=article_page("Border talks", WIRE_STORY),
        url="https://news.example/two",
        outlet=herald.pk,
    ).article
    assert article.outlet == herald
    with pytest.raises(ImportFailed, match=rf"no outlet #{herald.pk + 1}\."):
        article_import(method="text", text="\n\n".join(ARTICLE_SENTENCES), outlet=herald.pk + 1)
    assert Article.objects.count() == 1


# --------------------------------------------------------------------------- dedupe


def test_the_same_text_twice_is_one_article():
    text = "\n\n".join(ARTICLE_SENTENCES)
    first = article_import(method="text", text=text, title="Borders")
    again = article_import(method="text", text=text.replace("\n\n", "\n") + "\n", title="Other")
    assert (first.outcome, again.outcome) == ("imported", "existing")
    assert again.article.pk == first.article.pk
    assert Article.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_text_imported_at_once_by_eight_editors_is_one_article():
    text = "\n\n".join(ARTICLE_SENTENCES)

    def import_it() -> tuple[int, str]:
        result = article_import(method="text", text=text, title="Sahel")
        return result.article.pk, result.outcome

    results = at_once(import_it, [()] * 8)

    assert Article.objects.count() == 1
    assert {pk for pk, _ in results} == {Article.objects.get().pk}
    assert sorted(outcome for _, outcome in results) == ["existing"] * 7 + ["imported"]


def test_the_same_url_with_the_same_text_is_one_article():
    html = article_page("Juntas strengthen partnership", ARTICLE_SENTENCES)
    first = article_import(method="html", html=html, url="https://sahel.example/a")
    again = article_import(method="html", html=html, url="https://sahel.example/a#comments")
    assert again.outcome == "existing" and again.article.pk == first.article.pk
    assert Article.objects.count() == 1


def test_a_wire_story_with_another_footer_is_linked_as_a_near_duplicate():
    herald = [*WIRE_STORY, "This report was filed by the Sahel Herald correspondent in Niamey."]
    courier = [*WIRE_STORY, "Additional reporting by the Bamako Courier newsroom in Mali."]
    unrelated = [
        "The national football team won its qualifying match against Ghana on Sunday evening "
        "in front of a capacity crowd at the stadium in the capital.",
        "The coach praised the defence and said the squad would travel to Morocco next week "
        "for the final round of the tournament, which starts in January.",
        "Supporters celebrated late into the night in the streets of the city centre, where "
        "traffic was blocked for several hours after the final whistle.",
    ]
    original = article_import(method="text", text="\n\n".join(herald), title="Pact").article
    other = article_import(method="text", text="\n\n".join(unrelated), title="Football").article
    copy = article_import(method="text", text="\n\n".join(courier), title="Pact (Courier)")

    assert copy.outcome == "imported"  # a different text: its own article ...
    assert copy.article.near_duplicate_of_id == original.pk  # ... linked to the original
    assert original.near_duplicates.get() == copy.article
    assert other.near_duplicate_of_id is None


def test_a_changed_text_at_the_same_url_is_a_revision_and_its_claims_are_reanchored(
    editor, django_capture_on_commit_callbacks
):
    url = "https://sahel.example/pact"
    kept = "More than 40% of Burkina's territory is outside state control"
    removed = "Aid agencies say that nearly two million people have fled their homes"
    with django_capture_on_commit_callbacks(execute=True):
        first = article_import(
            method="text", text="\n\n".join(ARTICLE_SENTENCES), title="Pact", url=url
        ).article
    claim_kept = claim_create(article_id=first.pk, author=editor, quote=kept)
    claim_gone = claim_create(article_id=first.pk, author=editor, quote=removed)
    old_body, old_start = first.body, claim_kept.start

    new_sentences = [
        "Update: the presidency issued a new statement on Tuesday evening about the visit.",
        *ARTICLE_SENTENCES[:3],
        "The two delegations agreed to meet again before the end of the year in Ouagadougou.",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        result = article_import(
            method="text", text="\n\n".join(new_sentences), title="Pact (updated)", url=url
        )

    assert result.outcome == "updated" and result.article.pk == first.pk
    article = Article.objects.get(pk=first.pk)
    assert article.revision == 2 and article.title == "Pact (updated)"
    assert removed not in article.body
    revision = ArticleRevision.objects.get(article=article)
    assert (revision.revision, revision.body, revision.title) == (1, old_body, "Pact")
    assert Article.objects.count() == 1

    claim_kept.refresh_from_db()
    claim_gone.refresh_from_db()
    assert claim_kept.anchor_state == Claim.Anchor.REANCHORED
    assert claim_kept.start != old_start
    assert article.body[claim_kept.start : claim_kept.end] == kept
    assert claim_gone.anchor_state == Claim.Anchor.ORPHANED  # listed for editors, not moved
    assert claim_gone.exact == removed
    orphans = Claim.objects.filter(article=article, anchor_state=Claim.Anchor.ORPHANED)
    assert list(orphans) == [claim_gone]


def test_an_import_enqueues_claim_suggestions_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article = article_import(
            method="text", text="\n\n".join(ARTICLE_SENTENCES), title="Borders"
        ).article
    assert callbacks, "nothing is announced before the commit"
    assert not ClaimSuggestion.objects.filter(article=article).exists()
    for callback in callbacks:
        callback()
    suggestions = ClaimSuggestion.objects.filter(article=article)
    assert suggestions.exists()
    assert any("40%" in s.sentence for s in suggestions)


# --------------------------------------------------------------------------- bad input


def _refused(**kwargs) -> str:
    with pytest.raises(ImportFailed) as caught:
        article_import(**kwargs)
    assert Article.objects.count() == 0
    return caught.value.message


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"method": "text", "text": ""}, "empty"),
        ({"method": "text", "text": " \n\t "}, "empty"),
        ({"method": "html", "html": ""}, "empty"),
        ({"method": "file", "data": b""}, "empty"),
        ({"method": "file", "data": PDF_BYTES, "filename": "a.html"}, "binary file (PDF)"),
        ({"method": "file", "data": PNG_BYTES, "filename": "a.txt"}, "binary file (PNG"),
        ({"method": "text", "text": PNG_BYTES.decode("latin-1")}, "binary file"),
        ({"method": "html", "html": "<html><head><title>Cut off</ti"}, "No article text"),
        ({"method": "text", "text": "Advertisement\n\nSubscribe now"}, "empty once page"),
        ({"method": "text", "text": "Some words.", "published_at": "yesterday"}, "not an ISO"),
        ({"method": "html", "html": "<p>Hello there.</p>", "url": "ftp://x.example/"}, "http"),
        ({"method": "text", "text": "Hello", "html": "<p>Hello</p>"}, "not several"),
        ({"method": "fax", "text": "Hello"}, "Unknown import method"),
        ({"method": "file", "data": b"<rss version='2.0'><channel></channel></rss>"}, "feed"),
    ],
)
def test_bad_input_is_a_clear_error_and_writes_nothing(kwargs, expected):
    assert expected in _refused(**kwargs)


def test_a_50_mb_file_or_string_is_refused_by_size():
    big = b"<p>" + b"a" * (50 * 1024 * 1024) + b"</p>"
    assert "50.0 MB; the limit is 10 MB" in _refused(method="file", data=big)
    assert "50.0 MB; the limit is 10 MB" in _refused(method="html", html=big.decode())


def test_a_windows_1252_page_is_decoded_not_garbled():
    html = article_page(
        "Café talks",
        [
            "Le président a rencontré son homologue à Bamako pour une visite d’amitié de "
            "quelques heures, selon la présidence du Burkina Faso.",
            "Plus de 40 % du territoire échappe au contrôle de l’État, selon les chiffres "
            "officiels publiés lundi par le gouvernement à Ouagadougou.",
        ],
    ).replace('<meta charset="utf-8">', "")
    article = article_import(method="file", data=html.encode("cp1252"), filename="p.html").article
    assert "Le président a rencontré son homologue" in article.body
    assert "d’amitié" in article.body and "Ã" not in article.body


def test_truncated_html_keeps_the_text_that_arrived():
    html = article_page("Juntas strengthen partnership", ARTICLE_SENTENCES)
    cut = html[: html.index(ARTICLE_SENTENCES[3]) + 40]  # stops inside the last paragraph
    article = article_import(method="html", html=cut).article
    for sentence in ARTICLE_SENTENCES[:3]:
        assert sentence in article.body


# --------------------------------------------------------------------------- building blocks


def test_the_fast_fingerprint_is_simhash64_bit_for_bit():
    bodies = [seed("000"), seed("001"), "", "one", "one two", "one two three", "Ça va? Ça va."]
    bodies.append("the same words again and " * 40 + "then something else")  # repeats
    index = EXTRACTION_DEV / "evaldata.subset.json"
    for url, case in list(json.loads(index.read_text(encoding="utf-8")).items())[:8]:
        raw = (EXTRACTION_DEV / "html" / case["file"]).read_bytes()
        bodies.append(extract_html(decode_bytes(gzip.decompress(raw)), url=url).body)
    for body in bodies:
        assert body_fingerprint(body) == simhash64(body)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.COM:443/a?b=1&utm_medium=x#frag", "https://example.com/a?b=1"),
        ("http://example.com", "http://example.com/"),
        ("http://example.com:8080/x?fbclid=1", "http://example.com:8080/x"),
        ("", ""),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    ("given", "canonical", "expected"),
    [
        ("", "https://sahel.example/2022/pact", "https://sahel.example/2022/pact"),
        ("https://mirror.example/p", "https://sahel.example/2022/pact", "https://mirror.example/p"),
        ("", "javascript:alert(1)", ""),
    ],
)
def test_the_address_of_a_given_page(given, canonical, expected):
    html = article_page("Juntas strengthen partnership", ARTICLE_SENTENCES).replace(
        "</head>", f'<link rel="canonical" href="{canonical}"></head>'
    )
    assert article_import(method="html", html=html, url=given).article.url == expected


# --------------------------------------------------------------------------- corrections


def test_article_edit_saves_details_only():
    from newsdesk.common.errors import InvalidInput
    from sources.services import article_edit

    article = article_import(method="text", text="\n\n".join(ARTICLE_SENTENCES)).article
    article.url = "HTTPS://Sahel.example/story?fbclid=1"
    article.title = "Border talks"
    article_edit(article=article, fields=["url", "title"])
    stored = Article.objects.get(pk=article.pk)
    assert (stored.url, stored.title) == ("https://sahel.example/story", "Border talks")

    stored.body = "Another text"
    with pytest.raises(InvalidInput, match="not edited by hand: body"):
        article_edit(article=stored, fields=["body"])
    stored.title = "  "
    with pytest.raises(InvalidInput, match="needs a title"):
        article_edit(article=stored, fields=["title"])
    stored.url = "ftp://sahel.example/story"
    with pytest.raises(ImportFailed, match="not an http or https link"):
        article_edit(article=stored, fields=["url"])
    assert Article.objects.get(pk=article.pk).body == article.body
    assert Article.objects.get(pk=article.pk).title == "Border talks"
