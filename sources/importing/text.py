"""Plain-text clean-up: normalisation, page-chrome removal and the content hash.

The rules never change a word's letters: they only touch whitespace, invisible
characters and whole lines of page furniture, so the stored text stays faithful
to what the outlet published.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["content_hash", "detect_language", "is_chrome_line", "normalise_text", "strip_chrome"]

# --------------------------------------------------------------------------- normalise

# Every Unicode space separator except the plain space, plus the ideographic space.
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile(r"[\u200b\u2060\ufeff\u00ad]")
# Zero-width (non-)joiners are spelling in Persian, Urdu, Indic scripts and emoji.
_JOINERS = re.compile(r"[\u200c\u200d]")
_HSPACE_RUN = re.compile(r"[ \t\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# Closing curly double quote or French closing guillemet glued to the next word,
# after a letter, digit or sentence punctuation: ``partnership”indicated``.
_GLUED_CLOSING = re.compile(r"(?<=[\w.,!?;…’'])([”»])(?=[^\W\d_])")
_STRAIGHT_QUOTE = '"'


def _fix_straight_quotes(line: str) -> str:
    """Add a space after a straight closing quote glued to a word, when unambiguous.

    Only when the line has an even number of ``"`` and the quote pairs up
    cleanly: the opening one starts a word (after a space, bracket or the line
    start) and the closing one ends a word. Never splits ``5'10"`` or ``a"b"c``.
    """
    positions = [i for i, ch in enumerate(line) if ch == _STRAIGHT_QUOTE]
    if len(positions) < 2 or len(positions) % 2:
        return line
    inserts: list[int] = []
    for open_at, close_at in zip(positions[0::2], positions[1::2], strict=True):
        before_open = line[open_at - 1] if open_at else " "
        after_open = line[open_at + 1] if open_at + 1 < len(line) else " "
        before_close = line[close_at - 1]
        after_close = line[close_at + 1] if close_at + 1 < len(line) else " "
        opens_cleanly = (before_open.isspace() or before_open in "([{—–-") and not (
            after_open.isspace()
        )
        closes_cleanly = not before_close.isspace() and not before_close.isdigit()
        if not (opens_cleanly and closes_cleanly):
            return line  # ambiguous pairing: leave the whole line alone
        if after_close.isalpha():
            inserts.append(close_at + 1)
    for at in reversed(inserts):
        line = f"{line[:at]} {line[at:]}"
    return line


def _is_joinable(ch: str) -> bool:
    """A non-Latin letter or a symbol (emoji), where a joiner can be meaningful."""
    if ch.isalpha():
        return not unicodedata.name(ch, "LATIN").startswith("LATIN")
    return unicodedata.category(ch) in ("So", "Mn", "Mc")


def _keep_joiner(text: str, at: int) -> str:
    """Keep a ZWJ/ZWNJ between two joinable characters; drop a stray one."""
    before = text[at - 1] if at else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    if before and after and _is_joinable(before) and _is_joinable(after):
        return text[at]
    return ""


def normalise_text(text: str) -> str:
    """Normalise whitespace and invisible characters without changing any word.

    NFC; newlines unified; exotic spaces become plain spaces; zero-width
    characters and soft hyphens removed; space runs folded; trailing spaces
    stripped; paragraphs separated by exactly one blank line; a missing space
    after a closing quote restored. Quote characters are kept as written.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\x85", "\n")
    text = _ZERO_WIDTH.sub("", text)
    if "\u200c" in text or "\u200d" in text:
        text = _JOINERS.sub(lambda m: _keep_joiner(m.string, m.start()), text)
    text = _SPACES.sub(" ", text)
    lines = []
    for raw in _HSPACE_RUN.sub(" ", text).split("\n"):
        line = raw.strip()
        if "”" in line or "»" in line:
            line = _GLUED_CLOSING.sub(r"\1 ", line)
        if _STRAIGHT_QUOTE in line:
            line = _fix_straight_quotes(line)
        lines.append(line)
    text = "\n".join(lines)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip("\n")


# --------------------------------------------------------------------------- language

# py3langid's answer settles within the first few paragraphs (on the eval pages and the seeds
# 1,000 characters give the same answer as 2,500), and its cost grows with the length.
_LANGUAGE_SAMPLE = 1000


def detect_language(body: str) -> str:
    """ISO 639-1 code of the text's language (py3langid), from its opening paragraphs."""
    import py3langid

    language, _score = py3langid.classify(body[:_LANGUAGE_SAMPLE])
    return str(language)


# --------------------------------------------------------------------------- content hash


def content_hash(body: str, *, normalised: bool = False) -> str:
    """SHA-256 (hex) of the normalised body with whitespace folded and case folded.

    Re-pasting the same article with other line breaks gives the same hash. Pass
    `normalised` when `body` already went through :func:`normalise_text`.
    """
    folded = " ".join((body if normalised else normalise_text(body)).split()).casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- chrome

# Cyrillic/Greek letters that spammers swap in for Latin ones; used for matching only.
_CONFUSABLES = str.maketrans(
    "аеорсухіјѕԁɡАВЕКМНОРСТХІЈЅοαΑΒΕΗΙΚΜΝΟΡΤΧΥΖ",
    "aeopcyxijsdgABEKMHOPCTXIJSoaABEHIKMNOPTXYZ",
)
_SENTENCE_END = re.compile(r"[.!?…:;\"”’»)]$")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

# Whole-line furniture: a line matching one of these (case-insensitive, the
# whole stripped line) is chrome wherever it appears.
_WHOLE_LINE = [
    r"(?:advertisement|advertising|sponsored(?: content)?|ad|ads|promoted|paid content)",
    r"(?:story|article) continues (?:below|after)(?: (?:this )?(?:advertisement|ad))?",
    r"skip (?:to|past) (?:main )?(?:content|navigation|ad)",
    r"(?:share|share this(?: article| story| page)?|share on \w+|tweet|e-?mail|print|copy link"
    r"|whatsapp|facebook|twitter|linkedin|reddit|pinterest|save|bookmark|listen|"
    r"listen to (?:this )?article(?: \d+ min(?:ute)?s?)?)",
    r"(?:related|related (?:articles?|stories|content|coverage|topics?|links?)|see also|"
    r"more (?:on this|stories|from \w+(?: \w+)?)|recommended(?: for you)?|"
    r"most (?:read|popular|viewed)|"
    r"trending(?: now)?|topics?|tags?|you may also like|you might also like|don'?t miss|"
    r"latest(?: news)?|top stories|editor'?s picks?)\s*:?",
    r"(?:read|see|watch) (?:more|next|also|the full story)\s*(?::.*)?",
    r"(?:also read|read also|more|next|previous)\s*:.*",
    r"(?:sign in|log ?in|register|sign up|subscribe|subscribe now|menu|search|close|home)",
    r"\d{1,6}",  # a lone number (comment counts, page numbers)
    r"(?:image|photo|picture|video|graphic)s?\s*(?:credit)?\s*:.*",
    r"(?:getty images|reuters|afp|ap|pa|epa|shutterstock|alamy)",
    r"(?:loading|please wait)\W*",
    r"(?:posted|published|updated|last updated)(?: on| at)?\s*:?",
    r"(?:thank you for the feedback|thanks for (?:your|the) feedback)\W*",
    r"(?:reply|replies|report|flag|like|likes|upvote|downvote|newest|oldest|sort by.*)",
    r"(?:\d+|an?) (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago",
    r"(?:terms of (?:use|service)|privacy (?:policy|notice)|cookie (?:policy|settings)|"
    r"contact us|about us)(?:\s*[|·•]\s*.*)?",
]
_WHOLE_LINE_RE = re.compile("^(?:" + "|".join(_WHOLE_LINE) + ")$", re.I)

# Phrases that mark a (shortish) line as furniture wherever they appear in it, each
# with the words one of which any line it matches must contain (casefolded): a line
# with none of them is never searched, which keeps the check cheap on article text.
_PHRASES: list[tuple[tuple[str, ...], str]] = [
    # subscriptions and newsletters
    (("sign",), r"\bsign(?:ing)? up (?:for|to) (?:our|the|my) [\w\s-]{0,40}"
                r"(?:newsletter|alerts|briefing|emails?)"),
    (("subscribe",), r"\bsubscribe (?:now|today|here|to our)\b"),
    (("subscriber", "member", "supporter", "free trial"),
     r"\b(?:already a subscriber|become a (?:member|subscriber|supporter)|"
     r"start your free trial)\b"),
    (("never miss",), r"\bnever miss (?:a|the|another) (?:story|update|thing|latest)"),
    (("newsletter", "briefing"),
     r"\b(?:newsletter|briefing)\b.{0,60}\b(?:inbox|sign up|subscribe)\b"),
    (("deliver", "inbox", "straight to"),
     r"\b(?:get|receive) (?:the|our) (?:latest|best|top) .{0,60}"
     r"\b(?:delivered|inbox|straight to)\b"),
    (("download",), r"\bdownload our (?:free |new )?apps?\b"),
    (("download",), r"\bfor the latest\b.{0,80}\bdownload the\b"),
    (("subscribers",),
     r"\bthis (?:article|content|story) is (?:for|only available to|reserved for) subscribers\b"),
    (("subscribe",), r"\bsubscribe\b.{0,60}\bfor the full story\b"),
    # donations and reader appeals
    (("need your",), r"\bwe need your (?:help|support)\b"),
    (("like you",), r"\breaders like you\b"),
    (("what you can",), r"\b(?:please )?(?:contribute|donate|give) what you can\b"),
    (("support",), r"\bsupport (?:our|independent|quality) (?:journalism|reporting|newsroom)\b"),
    (("donation", "contribution"), r"\b(?:make a|one-off|monthly) (?:donation|contribution)\b"),
    # cookies and consent
    (("cookies",), r"\bwe use cookies\b"),
    (("cookies",), r"\b(?:accept|manage|reject) (?:all )?cookies\b"),
    # comments and community
    (("comment",), r"\bcomments? (?:community|policy|guidelines|section)\b"),
    (("community",), r"\bcommunity (?:guidelines|standards|rules)\b"),
    (("comment", "reply", "report"),
     r"\b(?:leave|post|add|write|submit) a (?:comment|reply|report)\b"),
    (("comment",), r"\breport (?:this|a) comment\b"),
    (("comment",), r"\bcomments? (?:are|is) (?:closed|moderated|disabled|open)\b"),
    (("in to",), r"\b(?:log|sign) in to (?:comment|reply|post)\b"),
    (("feedback",), r"\byour feedback has been sent\b"),
    (("violates",), r"\bviolates our (?:community )?(?:guidelines|rules|policy)\b"),
    # sharing and following
    (("follow",), r"\bfollow (?:us|@\w+) on\b"),
    (("facebook",), r"\b(?:like|find) us on facebook\b"),
    (("share",), r"\bshare (?:this|on) (?:article|story|facebook|twitter|x|whatsapp|linkedin)\b"),
    (("click here",), r"\bclick here to\b"),
    # rights and contact boilerplate
    (("©",), r"©"),
    (("rights reserved",), r"\ball rights reserved\b"),
    (("copyrighted",), r"\bcopyrighted property of\b"),
    (("permission",), r"\b(?:written )?permission must be obtained\b"),
    (("may not be",),
     r"\bmay not be (?:published|reproduced|republished|broadcast|rewritten|redistributed)\b"),
    (("with us",), r"\b(?:advertise|advertising) with us\b"),
    (("contact us",), r"\bcontact us at\b"),
    (("submit your",), r"\bsubmit your (?:letter|story|tip|news)\b"),
]  # fmt: skip
_PHRASE_CHECKS = [(cues, re.compile(pattern, re.I)) for cues, pattern in _PHRASES]
_PHRASE_CUES = tuple(sorted({cue for cues, _pattern in _PHRASES for cue in cues}))
# Letters that re.IGNORECASE matches to an ASCII letter but casefold() leaves alone.
_CASE_ODDITIES = str.maketrans({"ı": "i", "İ": "i"})


def _has_phrase(form: str) -> bool:
    """One of the furniture phrases (`_PHRASES`) is in `form`.

    A phrase is only searched for when one of its cue words is in the line: most lines hold
    none, and a line that holds one (news is full of "support" and "report") is searched
    for the few phrases that cue belongs to, not for all of them.
    """
    folded = form.casefold()
    if "ı" in folded or "\u0307" in folded:  # ı, or İ folded to i + combining dot
        folded = form.translate(_CASE_ODDITIES).casefold()
    if not any(cue in folded for cue in _PHRASE_CUES):
        return False
    return any(
        pattern.search(form) for cues, pattern in _PHRASE_CHECKS if any(c in folded for c in cues)
    )


_PHRASE_MAX_WORDS = 45

# Cues of a reader appeal; two or more in one second-person paragraph mark it.
_APPEAL_CUES = re.compile(
    r"\b(?:advertising revenue|support (?:us|our \w+)|our (?:mission|journalism|reporting)|"
    r"independent(?:,)? (?:\w+ )?(?:news|journalism)|donat\w+|contribut\w+|subscri\w+|"
    r"something you value|visiting us|keeps? [\w\s]{1,30} (?:open|free|going|alive)|"
    r"readers? (?:like you|support)|paywall|membership)\b",
    re.I,
)
_QUOTES = re.compile(r"[\"“”«»„]")
_SECOND_PERSON = re.compile(r"\b(?:you|your|you've|you're)\b", re.I)

# A photo caption ending with a picture credit: "Name, doing something Getty Images".
_CREDIT_TAIL = re.compile(
    r"(?P<sep>\s*[/|(]\s*|\s|^)(?:twitter|facebook|instagram|afp|ap|reuters|getty(?: images)?|"
    r"shutterstock|alamy|pa(?: images| wire| media)?|epa(?:-efe)?|sipa(?: usa)?|"
    r"anadolu(?: agency)?|xinhua|bloomberg|"
    r"(?:file )?(?:photo|image|picture)s?)(?:\s*(?:/|via)\s*[\w. ]{1,30})?\)?$",
    re.I,
)
_CAPTION_CLAUSE = re.compile(r"^[^,]{2,60}, (?:[a-z]\w*)")
_CAPTION_PREFIX = re.compile(
    r"^(?:\(?(?:photo|image|picture|caption|credit|pic)s?(?: credit)?\s*[:/)]|"
    r"\[(?:photo|image|caption))",
    re.I,
)

# Headings that start a comments section.
_COMMENTS_HEADING = re.compile(
    r"^(?:(?:readers?'?|your|user|show|view|load|all|latest|\d+) ?comments?(?: \(\d+\))?|"
    r"comments?(?: \(\d+\))?|your voice|have your say|leave a (?:comment|reply)|"
    r"join the (?:discussion|conversation|debate)|(?:post|add) (?:a )?comment|"
    r"reader reactions?)\s*:?$",
    re.I,
)


def _match_form(line: str) -> str:
    """The line prepared for pattern matching (homoglyphs folded, dashes trimmed)."""
    line = line.translate(_CONFUSABLES)
    return line.strip().strip("-–—•·|*").strip()


def _word_count(line: str) -> int:
    return len(_WORD.findall(line))


_GREEK_OR_CYRILLIC = re.compile("[\u0370-\u03ff\u1f00-\u1fff\u0400-\u052f]")


def _mixes_scripts(line: str) -> bool:
    """True when several words mix Latin and Cyrillic/Greek letters (obfuscated ads)."""
    if not _GREEK_OR_CYRILLIC.search(line):
        return False  # the common case, without a Unicode name lookup per letter
    mixed = 0
    for word in _WORD.findall(line):
        scripts = set()
        for ch in word:
            if ch.isalpha():
                name = unicodedata.name(ch, "")
                scripts.add(name.split(" ", 1)[0])
        if "LATIN" in scripts and scripts & {"CYRILLIC", "GREEK"}:
            mixed += 1
            if mixed >= 3:
                return True
    return False


def _is_caption(line: str, words: int) -> bool:
    """A picture caption: "Credit: ..." or "Name, doing something <credit>" (`words` long)."""
    if _CAPTION_PREFIX.match(line):
        return True
    if words < 3 or words > 25 or _SENTENCE_END.search(line) or line.isupper():
        return False
    credit = _CREDIT_TAIL.search(line)
    if credit is None:
        return False
    # The credit is set off ("... / AFP", "(Reuters)") or follows a descriptive
    # "Name, doing something" clause; a bare headline ending in a name is kept.
    set_off = any(mark in credit.group("sep") for mark in "/|(") or " via " in credit.group(0)
    return set_off or bool(_CAPTION_CLAUSE.search(line[: credit.start()]))


def _is_appeal(line: str) -> bool:
    if not _SECOND_PERSON.search(line):
        return False
    return len({m.group(0).lower() for m in _APPEAL_CUES.finditer(line)}) >= 2


def is_chrome_line(line: str) -> bool:
    """True when a single line (paragraph) is page furniture rather than article text."""
    return _is_chrome(line, _match_form(line))


def _is_chrome(line: str, form: str) -> bool:
    """:func:`is_chrome_line` for a line whose `_match_form` is known."""
    if not form:
        return False
    words = _word_count(form)
    if _WHOLE_LINE_RE.match(form) or _mixes_scripts(line) or _is_caption(form, words):
        return True
    if _QUOTES.search(form):
        return False  # quoted speech is article text even when it sounds like an appeal
    if words <= _PHRASE_MAX_WORDS and _has_phrase(form):
        return True
    return words <= 80 and _is_appeal(form)


def _comments_cut(lines: list[str], forms: list[str]) -> int:
    """Index where a trailing comments section starts, or ``len(lines)``.

    A comments heading ("Readers Comments", "Your Voice", "Leave a Comment"...)
    past the first third of the text starts the section when nothing follows it
    or when one of the next three lines is furniture too (a count, a policy
    notice, another heading); a "Comments" subheading inside an article is kept.
    """
    total = sum(len(line) + 1 for line in lines)
    offset = 0
    for index, line in enumerate(lines):
        if offset >= total / 3 and _COMMENTS_HEADING.match(forms[index]):
            following = [at for at in range(index + 1, len(lines)) if lines[at].strip()][:3]
            if not following or any(
                _COMMENTS_HEADING.match(forms[at]) or _is_chrome(lines[at], forms[at])
                for at in following
            ):
                return index
        offset += len(line) + 1
    return len(lines)


def _is_edge_fragment(line: str) -> bool:
    """A very short line without sentence punctuation (kickers, labels, counters)."""
    stripped = line.strip()
    if stripped.endswith(("—", "–", "-")):  # a dateline: "WASHINGTON —"
        return False
    form = _match_form(line)
    return _word_count(form) <= 3 and not re.search(r"[.!?,;:\"“”’«»]", form)


def _is_body_line(line: str) -> bool:
    return _word_count(line) >= 6


def strip_chrome(text: str, *, edges: bool = True) -> str:
    """Remove page furniture from pasted article text; return normalised text.

    Drops lines that are advertising, subscription/donation appeals, cookie and
    comment-section notices, share/follow prompts, "Read more"/"Related" links,
    copyright and picture-credit lines, and cuts a trailing comments section.
    With ``edges`` (pasted text) it also drops very short label lines (kickers,
    counters) before the first and after the last sentence-length line; datelines
    such as "WASHINGTON —" are kept. Article sentences are kept; nothing inside
    a kept line changes.
    """
    lines = normalise_text(text).split("\n")
    forms = [_match_form(line) for line in lines]
    cut = _comments_cut(lines, forms)
    kept = [
        line for line, form in zip(lines[:cut], forms, strict=False) if not _is_chrome(line, form)
    ]

    content = [i for i, line in enumerate(kept) if line.strip()]
    body = [i for i in content if _is_body_line(kept[i])]
    if edges and body:
        first, last = body[0], body[-1]
        drop = {i for i in content if (i < first or i > last) and _is_edge_fragment(kept[i])}
        kept = [line for i, line in enumerate(kept) if i not in drop]
    # The lines are normalised already: only the blank lines left around dropped ones
    # need folding.
    return _BLANK_LINES.sub("\n\n", "\n".join(kept)).strip("\n")
