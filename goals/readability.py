"""LIX, the Danish and Swedish readability index (Björnsson 1968): words per sentence plus the share of long words.

    LIX = words / sentences + 100 × long words / words

A long word has more than six letters. A sentence ends at a full stop, a colon, a question or exclamation mark; a
number alone is no word.
Scale: under 25 very easy (children's books), 25–34 easy, 35–44 medium (newspapers), 45–54 hard, 55 and over very
hard (academic and legal texts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word is a run of letters, digits inside it allowed ("A4"); a number alone ("13", "7,5") is not a word.
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.:!?]+(?=\s|$)")
LONG_WORD = 6


@dataclass(frozen=True, slots=True)
class Lix:
    words: int
    sentences: int
    long_words: int

    @property
    def index(self) -> float:
        if not self.words:
            return 0.0
        return self.words / max(self.sentences, 1) + 100 * self.long_words / self.words

    def longest(self, text: str, count: int = 10) -> list[str]:
        """The long words of a text, most frequent first: where to start when the index is too high."""
        found: dict[str, int] = {}
        for word in _words(text):
            if _letters(word) > LONG_WORD:
                found[word.lower()] = found.get(word.lower(), 0) + 1
        return sorted(found, key=lambda w: (-found[w], w))[:count]


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _letters(word: str) -> int:
    return sum(1 for char in word if char.isalpha())


def lix(text: str) -> Lix:
    """The LIX of a text as pdftotext extracts it; only a full stop, colon, question or exclamation mark ends a
    sentence, so a heading or a table cell without one counts into the sentence beside it (the strict reading)."""
    found = _words(text)
    return Lix(
        words=len(found),
        sentences=len(_SENTENCE_END.findall(text)),
        long_words=sum(1 for word in found if _letters(word) > LONG_WORD),
    )
