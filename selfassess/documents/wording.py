"""Telling two phrasings of the same thing apart from two different things: the words that
carry the meaning, without case, punctuation or the little words."""

from __future__ import annotations

import re

LITTLE_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "the",
        "their",
        "this",
        "to",
        "we",
        "will",
        "with",
        "council",
        "councils",
        "member",
        "members",
        "are",
        "be",
        "been",
        "has",
        "have",
        "not",
        "how",
        "know",
        "knows",
        "what",
        "whether",
        "lies",
        "behind",
        "does",
        "do",
    ]
)


STEM = 6  # letters: enough to tell words apart, few enough to meet "scrutiny" and "scrutinise"


def key_words(text: str) -> frozenset[str]:
    """``"Leader and Cabinet members"`` and ``"the leader of the council and cabinet"`` give the
    same words; a plural counts as its singular."""
    words = re.findall(r"[a-z0-9£%]+", text.lower().replace("'", ""))
    return frozenset(_stem(w) for w in words if w not in LITTLE_WORDS)


def _stem(word: str) -> str:
    """Near enough the word's root: "prudent" and "prudence", "leaders" and "leader"."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:STEM]


def near(one: str, other: str, threshold: float = 0.6) -> bool:
    """Whether two sentences say much the same: most of the shorter one's words are in the
    other's."""
    a, b = key_words(one), key_words(other)
    if not a or not b:
        return a == b
    return len(a & b) / min(len(a), len(b)) >= threshold
