"""Turn uploaded or fetched bytes into text, refusing binary files."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from sources.importing import ImportInputError

__all__ = ["decode_bytes", "sniff_declared_charset"]

# (magic prefix, human name) — checked before anything else.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive or Word/Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old-style Word/Office document"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"\x7fELF", "program"),
    (b"OggS", "audio file"),
    (b"\x00\x00\x00\x18ftyp", "video file"),
    (b"\x00\x00\x00\x20ftyp", "video file"),
    (b"wOFF", "font file"),
    (b"wOF2", "font file"),
)
_RIFF_KINDS = {b"WEBP": "WebP image", b"WAVE": "audio file", b"AVI ": "video file"}

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.+-]+)""", re.I)
_SNIFF_BYTES = 4096
# Labels that browsers treat as windows-1252 (WHATWG Encoding Standard).
_AS_WINDOWS_1252 = {"latin1", "iso8859-1", "ascii", "cp819", "l1", "iso-ir-100"}
# Codecs that are not real document charsets (and UTF-7, a known XSS vector).
_REFUSED_CODECS = {"idna", "punycode", "raw_unicode_escape", "unicode_escape", "utf-7"}
_TEXT_CONTROLS = {0x09, 0x0A, 0x0C, 0x0D, 0x1B}
_MAX_CONTROL_RATIO = 0.02


def _binary_error(kind: str) -> ImportInputError:
    return ImportInputError(
        f"This looks like a binary file ({kind}), not an article: "
        "upload the article as a web page (.html) or plain text, or paste its text."
    )


def _check_magic(data: bytes) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise _binary_error(kind)
    if data.startswith(b"RIFF") and data[8:12] in _RIFF_KINDS:
        raise _binary_error(_RIFF_KINDS[data[8:12]])


def _codec_name(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    if name in _REFUSED_CODECS:
        return None
    if name in _AS_WINDOWS_1252:
        return "cp1252"
    return name


def sniff_declared_charset(data: bytes) -> str | None:
    """The charset named by an XML declaration or ``<meta>`` in the first 4 KiB."""
    head = data[:_SNIFF_BYTES]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(head)
        if match:
            return match.group(1).decode("ascii", "replace")
    return None


# What charset-normalizer may decide when UTF-8 fails: the multi-byte East Asian charsets,
# which windows-1252 would turn into gibberish. Its guesses among single-byte charsets are
# unreliable on short texts, so those keep the windows-1252 fallback.
_MULTIBYTE_GUESSES = {
    "cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213", "euc_jp", "euc_jis_2004",
    "euc_jisx0213", "iso2022_jp", "gb2312", "gbk", "cp936", "gb18030", "big5", "big5hkscs",
    "cp950", "euc_kr", "cp949", "johab",
}  # fmt: skip


def _utf16_without_bom(data: bytes) -> str | None:
    """Text in UTF-16 without a byte-order mark, told by where its NUL bytes fall (the
    high byte of every Latin character); None when it does not look like that."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > half * 0.3 and even <= half * 0.02:
        encoding = "utf-16-le"
    elif even > half * 0.3 and odd <= half * 0.02:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if _looks_binary_text(text) else text


def _multibyte_guess(data: bytes) -> str | None:
    best = from_bytes(data).best()
    if best is None or best.encoding not in _MULTIBYTE_GUESSES:
        return None
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return controls > max(2, len(sample) * _MAX_CONTROL_RATIO)


def _looks_binary_text(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 0x20 and ord(ch) not in _TEXT_CONTROLS)
    return "\x00" in sample or controls > max(2, len(sample) * _MAX_CONTROL_RATIO)


def decode_bytes(data: bytes, *, declared_charset: str | None = None) -> str:
    """Decode ``data`` to text.

    Order: byte-order mark, then the declared charset (``declared_charset`` from
    the HTTP header, else ``<meta charset>`` / ``http-equiv`` / XML declaration),
    then strict UTF-8, then a multi-byte East Asian charset if charset-normalizer finds
    one, then windows-1252. UTF-16 without a byte-order mark is recognised by its NULs.
    Raises :class:`ImportInputError` for empty input and for binary files (PDF, images,
    archives, Office files...).
    """
    if not data or not data.strip():
        raise ImportInputError("The file is empty.")
    _check_magic(data)

    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                break  # a stray BOM-like prefix: fall back to the usual order
            if _looks_binary_text(text):
                raise _binary_error("unknown type")
            return text

    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if _looks_binary(data):
        raise _binary_error("unknown type")

    candidates: list[str] = []
    for label in (declared_charset, sniff_declared_charset(data)):
        name = _codec_name(label)
        if name and name.startswith(("utf-16", "utf-32")):
            name = "utf-8"  # a byte-oriented document cannot really be UTF-16
        if name and name not in candidates:
            candidates.append(name)
    for name in (*candidates, "utf-8"):
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    # Mislabelled or unlabelled: a Shift_JIS page that says UTF-8 is common.
    guessed = _multibyte_guess(data)
    if guessed is not None:
        return guessed
    return data.decode("cp1252", errors="replace")
