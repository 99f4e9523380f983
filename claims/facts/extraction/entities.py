"""Entity mentions found through an alias index."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from .numbers import wordlist
from .records import EntityMention

_ASCII_PUNCT = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "\u0060": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
    }
)


def _normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` and return, for each output character, its source index."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for part in unicodedata.normalize("NFKD", ch.translate(_ASCII_PUNCT)):
            if unicodedata.combining(part):
                continue
            for folded in unicodedata.normalize("NFKD", part.casefold()):
                if unicodedata.combining(folded):
                    continue
                folded = folded.translate(_ASCII_PUNCT)
                if folded.isspace():
                    if out and out[-1] == " ":
                        continue
                    folded = " "
                out.append(folded)
                index.append(i)
    return "".join(out), index


# Aliases that are also everyday words: matched only when written as in the alias
# ("Shell" the company, not "shell"), as acronyms are ("US", not "us"; "WHO", not "who").
_EVERYDAY_WORDS = frozenset(
    wordlist(
        """total shell orange pioneer reliance meta oracle apple amazon intel uber wagner ford
    citi eni aes orange sony tata merck paramount comcast disney pepsi roche bayer hamas
    taliban"""
    )
)


def _strict(alias: str) -> bool:
    """Whether ``alias`` must match with its own case (acronyms, everyday words)."""
    letters = [ch for ch in alias if ch.isalpha()]
    acronym = 0 < len(letters) <= 5 and all(ch.isupper() for ch in letters)
    return acronym or alias.strip().casefold() in _EVERYDAY_WORDS


def _fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII_PUNCT))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _first_key(text: str, pos: int = 0) -> str:
    """The lookup key at ``pos``: the word starting there (or the single character)."""
    if not text[pos].isalnum():
        return text[pos]
    end = pos + 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[pos:end]


class AliasIndex:
    """Finds entity mentions by alias: case- and accent-insensitive, whole words,
    leftmost-longest ("Burkina Faso" wins over "Burkina").

    When the same alias is given for several entities, the first pair wins. Acronyms and
    aliases that are everyday words match only as written ("US" is not "us").
    """

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._by_key: dict[str, list[tuple[str, str]]] = {}
        self._strict: dict[str, str] = {}
        seen: set[str] = set()
        for alias, canonical in pairs:
            norm = self.normalise(alias)
            if not norm or norm in seen:
                continue
            seen.add(norm)
            if _strict(alias):
                self._strict[norm] = _fold_accents(alias.strip())
            self._by_key.setdefault(_first_key(norm), []).append((norm, canonical))
        for candidates in self._by_key.values():
            candidates.sort(key=lambda pair: -len(pair[0]))

    def __len__(self) -> int:
        return sum(len(c) for c in self._by_key.values())

    @staticmethod
    def normalise(alias: str) -> str:
        """Return the matching form of ``alias``: NFKD without combining marks,
        casefolded, curly quotes and dashes made ASCII, whitespace folded."""
        return _normalise_with_map(alias)[0].strip()

    def find(self, text: str) -> list[EntityMention]:
        """Return the alias mentions in ``text``, left to right, not overlapping."""
        norm, index = _normalise_with_map(text)
        mentions: list[EntityMention] = []
        pos = 0
        n = len(norm)
        while pos < n:
            ch = norm[pos]
            if ch == " " or (ch.isalnum() and pos and norm[pos - 1].isalnum()):
                pos += 1
                continue
            key = _first_key(norm, pos)
            match = None
            for alias, canonical in self._by_key.get(key, ()):
                end = pos + len(alias)
                if norm.startswith(alias, pos) and (
                    end >= n or not (norm[end].isalnum() and alias[-1].isalnum())
                ):
                    written = self._strict.get(alias)
                    if written is not None and (
                        _fold_accents(text[index[pos] : index[end - 1] + 1]) != written
                    ):
                        continue
                    match = (end, canonical)
                    break
            if match is None:
                pos += len(key)
                continue
            end, canonical = match
            start_src, end_src = index[pos], index[end - 1] + 1
            mentions.append(EntityMention(text[start_src:end_src], start_src, end_src, canonical))
            pos = end
        return mentions
