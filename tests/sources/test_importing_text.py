"""Bytes decoding, text normalisation, page-chrome removal, hashes and fingerprints."""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sources.importing import ImportInputError
from sources.importing.decode import decode_bytes
from sources.importing.fingerprint import (
    NEAR_DUPLICATE_THRESHOLD,
    hamming,
    is_near_duplicate,
    simhash64,
)
from sources.importing.text import (
    _PHRASES,
    _has_phrase,
    content_hash,
    detect_language,
    is_chrome_line,
    normalise_text,
    strip_chrome,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


# --------------------------------------------------------------------------- decode


def test_decode_refuses_empty() -> None:
    for data in (b"", b"   \n\t "):
        with pytest.raises(ImportInputError, match=r"^The file is empty\.$"):
            decode_bytes(data)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "ZIP"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (b"some text\x00\x00\x00with NUL bytes", "unknown"),
        (bytes(range(1, 32)) * 20 + b"a few letters", "unknown"),
    ],
)
def test_decode_refuses_binary(data: bytes, kind: str) -> None:
    with pytest.raises(ImportInputError, match=r"^This looks like a binary file \(") as info:
        decode_bytes(data)
    assert kind in str(info.value)
    assert "not an article" in str(info.value)


def test_decode_windows_1252_fallback() -> None:
    data = b"<p>The caf\xe9 owner said \x93we will reopen\x94 \x96 and she\x92s sure.</p>"
    assert decode_bytes(data) == "<p>The café owner said “we will reopen” – and she’s sure.</p>"


def test_decode_utf8_with_bom() -> None:
    text = decode_bytes(codecs.BOM_UTF8 + "Café “quoted”".encode())
    assert text == "Café “quoted”"


def test_decode_utf16_with_bom() -> None:
    assert decode_bytes(codecs.BOM_UTF16_LE + "Zürich news".encode("utf-16-le")) == "Zürich news"


def test_decode_plain_utf8() -> None:
    assert decode_bytes("Ouagadougou et Côte d’Ivoire".encode()) == "Ouagadougou et Côte d’Ivoire"


def test_decode_honours_meta_charset() -> None:
    # Valid UTF-8 bytes, but the page says ISO-8859-1: the declaration wins.
    data = b'<html><head><meta charset="iso-8859-1"></head><body>\xc3\xa9t\xe9</body></html>'
    assert "Ã©té" in decode_bytes(data)


def test_decode_honours_meta_http_equiv() -> None:
    data = (
        b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        b"<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>"
    )
    assert "Привет" in decode_bytes(data)


def test_decode_declared_charset_argument_wins_over_meta() -> None:
    data = '<meta charset="utf-8"><p>Привет</p>'.encode("koi8-r")
    assert "Привет" in decode_bytes(data, declared_charset="koi8-r")


def test_decode_wrong_declaration_falls_back() -> None:
    data = b'<meta charset="utf-8"><p>caf\xe9</p>'  # says UTF-8, is windows-1252
    assert "café" in decode_bytes(data)
    assert "café" in decode_bytes(b"caf\xe9", declared_charset="no-such-charset")


JAPANESE = (
    "政府は、国土の40%以上が国家の管理外にあると発表した。東京の記者が伝えた。"
    "首相は記者会見で、治安の回復には時間がかかると述べた。"
)


@pytest.mark.parametrize("label", ["utf-8", None])
def test_decode_shift_jis_labelled_utf8_or_unlabelled(label) -> None:
    head = f'<meta charset="{label}">' if label else ""
    data = f"<html><head>{head}<title>ニュース</title></head><body><p>{JAPANESE}</p>".encode(
        "shift_jis"
    )
    assert JAPANESE in decode_bytes(data)
    assert JAPANESE in decode_bytes(data, declared_charset=label)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_decode_utf16_without_bom(encoding) -> None:
    text = "Zürich news: the council met on Monday. 東京の記者が伝えた。"
    assert decode_bytes(text.encode(encoding)) == text


def test_nul_bytes_that_are_not_utf16_are_still_binary() -> None:
    with pytest.raises(ImportInputError, match="binary file"):
        decode_bytes(b"\x00\x01\x02\x03" * 200)


# --------------------------------------------------------------------------- normalise


def test_normalise_whitespace_and_invisible_characters() -> None:
    raw = (
        "\r\n\r\n  First\u00a0paragraph  with\t\tspaces.  \r\n"
        "Zero\u200bwidth\u2009thin\u202fspace.\r\r\r\r\n\n\n"
        "Second paragraph.\n\n\n\n"
    )
    assert normalise_text(raw) == (
        "First paragraph with spaces.\nZerowidth thin space.\n\nSecond paragraph."
    )


def test_normalise_keeps_meaningful_joiners() -> None:
    persian = "می\u200cخواهم"  # the ZWNJ is part of the spelling
    assert normalise_text(persian) == persian
    assert normalise_text("stray\u200cjoiner\u200d") == "strayjoiner"


def test_normalise_nfc() -> None:
    assert normalise_text("Burkinabe\u0301") == "Burkinabé"


def test_normalise_restores_space_after_closing_quote() -> None:
    text = normalise_text(seed("000"))
    assert "strengthen their military partnership” indicated, Sunday" in text
    assert "«Bonjour»dit" not in normalise_text("Il a répondu «Bonjour»dit-il.")
    assert normalise_text("Il a répondu «Bonjour»dit-il.") == "Il a répondu «Bonjour» dit-il."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('He said "no"and left.', 'He said "no" and left.'),
        ('"Yes," she said, "we"re sure."', '"Yes," she said, "we"re sure."'),  # odd count
        ('a 5\'10" man"s hat', 'a 5\'10" man"s hat'),  # inches, inside a word
        ('The "fix"ed version', 'The "fix" ed version'),
        ('x"y"z', 'x"y"z'),  # never inside a word
    ],
)
def test_normalise_straight_quotes_only_when_unambiguous(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


def test_normalise_keeps_quotes_and_words() -> None:
    raw = "“Curly” and 'single' and „German“ and ‘nested’ — don’t change 1,000 words."
    assert normalise_text(raw) == raw


def test_normalise_never_changes_letters_on_seeds() -> None:
    for prefix in ("000", "001"):
        raw = seed(prefix)
        letters = re.sub(r"\W", "", raw)
        assert re.sub(r"\W", "", normalise_text(raw)) == letters


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            [*list("ab cé\n\r\t\"“”»«’'.,!?-0"), "\xa0", "\u200b", "\u200c", "\u2009", "ж"]
        ),
        max_size=80,
    )
)
def test_normalise_never_changes_letters_property(raw: str) -> None:
    def letters(text: str) -> list[str]:
        return [ch for ch in unicodedata.normalize("NFC", text) if ch.isalnum()]

    once = normalise_text(raw)
    assert letters(once) == letters(raw)
    assert normalise_text(once) == once
    assert "\n\n\n" not in once
    cleaned = strip_chrome(once)  # never raises, never invents text
    assert set(paragraphs(cleaned)) <= set(paragraphs(once))


def test_normalise_is_idempotent() -> None:
    for prefix in ("000", "001"):
        once = normalise_text(seed(prefix))
        assert normalise_text(once) == once


# --------------------------------------------------------------------------- strip_chrome


def test_strip_chrome_seed_001() -> None:
    raw = seed("001")
    cleaned = strip_chrome(raw)
    for chrome in (
        "Advertisement",
        "We need your help now",
        "Support from readers like you",
        "You are visiting us because",
        "please contribute what you can",
        "signing the common defence pact Twitter",
        "© AFP 2023",
        "Your Voice",
        "Readers Comments",
        "comments community",
        "Leave a Comment",
        "Submit a report",
        "Thank you for the feedback",
        "Leave a commentcancel",
    ):
        assert chrome not in cleaned, chrome
    assert not re.search(r"^17$", cleaned, re.M)

    # Every article paragraph from the lead to the last sentence is kept, verbatim.
    article = normalise_text(raw)
    start = article.index("THE MILITARY LEADERS")
    end = article.index("agreements with France.") + len("agreements with France.")
    for paragraph in paragraphs(article[start:end]):
        assert paragraph in cleaned, paragraph
    assert cleaned.startswith("Mali, Niger, Burkina Faso: Three military regimes")
    assert cleaned.endswith("agreements with France.")


@pytest.mark.parametrize("name", ["000", "001"])
def test_strip_chrome_answers_normalised_text(name: str) -> None:
    cleaned = strip_chrome(seed(name) + "\n\nAdvertisement\n\n\n\nThe end of the story.")
    assert cleaned == normalise_text(cleaned)
    assert "\n\n\n" not in cleaned


def test_strip_chrome_seed_000_drops_nothing() -> None:
    raw = seed("000")
    assert strip_chrome(raw) == normalise_text(raw)


QUOTED_PARAGRAPH = (
    "Councillors said the plan would fund two new libraries. “We need your help to make this "
    "work,” the mayor told residents, urging them to take part in consultations."
)
SYNTHETIC_NEWS = f"""\
Skip to main content
Politics
Share this article
Council approves new budget after late-night session

By Jane Reporter

The city council approved a revised budget on Tuesday after a session that ran past midnight.

Advertisement

{QUOTED_PARAGRAPH}

Story continues below advertisement

Critics said the budget relied on optimistic revenue forecasts.
READ MORE: Council election results in full
Sign up to our newsletter and never miss a story
The budget takes effect in April.
Copyright 2024 Example Media Ltd. All rights reserved.
Follow us on Twitter
Share
12 Comments
Join the conversation
Great news for the city!
"""


def test_strip_chrome_synthetic_news_page() -> None:
    cleaned = strip_chrome(SYNTHETIC_NEWS)
    assert cleaned == (
        "Council approves new budget after late-night session\n\n"
        "By Jane Reporter\n\n"
        "The city council approved a revised budget on Tuesday after a session that ran past "
        "midnight.\n\n"
        f"{QUOTED_PARAGRAPH}\n\n"
        "Critics said the budget relied on optimistic revenue forecasts.\n"
        "The budget takes effect in April."
    )


SYNTHETIC_ARTICLE_ABOUT_CHROME = """\
Publishers rethink the newsletter

Many newspapers now ask readers to subscribe to a newsletter before they can read more.

Few economists subscribe to the theory that paywalls alone can fund local journalism.

The company said it would change its cookie policy in May, after regulators complained.

“Please contribute what you can,” the charity’s director said at a press conference.

Comments

Readers sent comments to the regulator about the policy, the agency said on Friday.

Related measures were announced in France and Germany the same week.
"""


def test_strip_chrome_keeps_article_sentences_about_chrome_topics() -> None:
    cleaned = strip_chrome(SYNTHETIC_ARTICLE_ABOUT_CHROME)
    for paragraph in paragraphs(SYNTHETIC_ARTICLE_ABOUT_CHROME):
        if paragraph != "Comments":
            assert paragraph in cleaned, paragraph


def test_strip_chrome_keeps_a_dateline_and_captions_without_credit() -> None:
    text = (
        "WASHINGTON —\n\nThe Senate passed the bill on Friday by a vote of 68 to 32.\n\n"
        "Why Musk bought Twitter\n\nThe deal closed in October after months of litigation."
    )
    assert strip_chrome(text) == text


def test_strip_chrome_drops_obfuscated_ads_and_credit_lines() -> None:
    text = (
        "The minister resigned on Monday, citing health reasons and family commitments.\n\n"
        "Тhе mіnіstеr's оffісе dіd nоt rеsроnd tо rеquеsts fоr соmmеnt\n\n"
        "Protesters gather outside parliament / Getty Images\n\n"
        "Photo: Jane Doe\n\n"
        "She had held the post since 2019 and was widely expected to stand again."
    )
    assert strip_chrome(text) == (
        "The minister resigned on Monday, citing health reasons and family commitments.\n\n"
        "She had held the post since 2019 and was widely expected to stand again."
    )


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "Sign up for our daily newsletter",
        "We use cookies to improve your experience.",
        "Please help us understand how this comment violates our community guidelines.",
        "Follow us on Facebook",
        "Read more: The full interview",
        "Related articles",
        "© 2023 Example News",
        "42",
    ],
)
def test_is_chrome_line(line: str) -> None:
    assert is_chrome_line(line)


# --------------------------------------------------------------------------- content hash


@pytest.mark.parametrize(
    ("expected", "paragraphs"),
    [
        (
            "fr",
            [
                "Les ministres de la Défense du Mali, du Burkina Faso et du Niger se sont "
                "réunis samedi à Bamako pour signer une charte de défense commune.",
                "Selon le texte, une attaque contre l'un des trois pays sera considérée comme "
                "une agression contre les deux autres, et les armées se prêteront assistance.",
                "Les trois États sont dirigés par des militaires arrivés au pouvoir par des "
                "coups d'État depuis 2020, et ils ont quitté la force régionale du G5 Sahel.",
            ],
        ),
        (
            "de",
            [
                "Die Verteidigungsminister von Mali, Burkina Faso und Niger haben am Samstag "
                "in Bamako ein gemeinsames Verteidigungsabkommen unterzeichnet.",
                "Ein Angriff auf eines der drei Länder gilt demnach als Angriff auf alle, und "
                "die Armeen sollen sich gegenseitig unterstützen, heißt es in dem Text.",
                "In allen drei Staaten regieren Militärs, die seit 2020 durch Putsche an die "
                "Macht gekommen sind und sich von der regionalen Gemeinschaft abwenden.",
            ],
        ),
        (
            "es",
            [
                "Los ministros de Defensa de Malí, Burkina Faso y Níger firmaron el sábado en "
                "Bamako un pacto de defensa mutua entre los tres países del Sahel.",
                "Según el texto, un ataque contra cualquiera de ellos será considerado una "
                "agresión contra los demás, y sus ejércitos se prestarán ayuda.",
                "Los tres estados están gobernados por militares que llegaron al poder mediante "
                "golpes de Estado desde 2020 y que se han alejado de la comunidad regional.",
            ],
        ),
    ],
)
def test_detect_language_from_the_opening_paragraphs(expected: str, paragraphs: list[str]) -> None:
    body = "\n\n".join(["By Staff Reporter", *paragraphs, *(["Sahel Alliance, AES, 2023"] * 80)])
    assert len(body) > 2000  # longer than the sample the language is told from
    assert detect_language(body) == expected


def test_content_hash_ignores_line_breaks_and_case() -> None:
    body = normalise_text(seed("000"))
    rewrapped = body.replace("\n", " ").replace(". ", ".\r\n").replace(" ", "\n", 3)
    assert rewrapped != body
    assert content_hash(body) == content_hash(rewrapped)
    assert content_hash(body) == content_hash(body.upper())
    assert content_hash(body) == content_hash("  " + body.replace(" ", "\u00a0") + "\n\n")
    assert content_hash(body) != content_hash(body.replace("Bamako", "Bamaco"))
    assert re.fullmatch(r"[0-9a-f]{64}", content_hash(body))


# --------------------------------------------------------------------------- fingerprint


def test_simhash_fits_a_signed_bigint_and_is_stable() -> None:
    for prefix in ("000", "001"):
        value = simhash64(seed(prefix))
        assert -(2**63) <= value < 2**63
        assert simhash64(seed(prefix)) == value
    assert simhash64("") == simhash64("   ")


def test_simhash_ignores_layout() -> None:
    body = strip_chrome(seed("001"))
    assert hamming(simhash64(body), simhash64(body.replace("\n\n", " ").upper())) == 0


def test_near_duplicate_wire_story() -> None:
    story = strip_chrome(seed("001"))
    original = simhash64(story)
    other_footer = story + "\n\n© Reuters 2023. Reporting by Jane Doe; editing by John Roe."
    one_sentence = story.replace(
        "It also binds the three countries to work to prevent or settle armed rebellions.",
        "The pact was welcomed by supporters of the juntas in all three capitals.",
    )
    assert one_sentence != story
    for variant in (other_footer, one_sentence):
        distance = hamming(original, simhash64(variant))
        assert distance <= NEAR_DUPLICATE_THRESHOLD, distance
        assert is_near_duplicate(original, simhash64(variant))


def test_different_articles_are_far_apart() -> None:
    distance = hamming(simhash64(seed("000")), simhash64(strip_chrome(seed("001"))))
    assert distance > 2 * NEAR_DUPLICATE_THRESHOLD, distance
    assert not is_near_duplicate(simhash64(seed("000")), simhash64(seed("001")))


def test_hamming_handles_signed_values() -> None:
    assert hamming(-1, 0) == 64
    assert hamming(-(2**63), 2**63 - 1) == 64
    assert hamming(5, 5) == 0
    assert is_near_duplicate(0b1011, 0b0000, threshold=3)
    assert not is_near_duplicate(0b1111, 0b0000, threshold=3)


# Words of the furniture phrases, their cues, look-alike letters and filler: lines that come
# close to a phrase, match one, or only look like they do.
_PHRASE_WORDS = sorted(
    {word for _cues, pattern in _PHRASES for word in re.findall(r"[a-z©@]+", pattern)}
    | {"ſubſcribe", "sıgn", "SİGN", "Kookies", "the", "our", "you", ".", ",", "\u00a0"}
)


_ALL_PHRASES = re.compile("|".join(pattern for _cues, pattern in _PHRASES), re.I)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PHRASE_WORDS), max_size=14).map(" ".join))
def test_phrase_cues_never_skip_a_phrase(line: str) -> None:
    """The cheap cue check in front of the furniture phrases changes no answer: the same as
    searching every phrase in every line."""
    assert _has_phrase(line) == bool(_ALL_PHRASES.search(line))


@pytest.mark.parametrize(
    "line",
    [
        "Sign up for our morning briefing",
        "SİGN UP TO OUR DAILY NEWSLETTER",  # a dotted capital I, which re.IGNORECASE matches
        "Never miss a story: get the latest headlines delivered to your inbox",
        "Please contribute what you can",
        "We use cookies to improve your experience",
        "Log in to comment",
        "© 2024 The Example Journal",
    ],
)
def test_phrase_cues_find_real_furniture(line: str) -> None:
    assert _has_phrase(line)
    assert is_chrome_line(line)
