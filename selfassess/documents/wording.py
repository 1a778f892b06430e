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


# where an area for development turns from the problem to what the council will do about it
_ACTION = re.compile(r";|\s(?:will|aims|plans|intends)\s", re.IGNORECASE)
# a verb: the problem is said as a clause ("the review is late"), not a noun phrase
_CLAUSE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|does|do|did|can|cannot|rarely|never|lacks?|slips?|"
    r"fell|falls?|remains?)\b",
    re.IGNORECASE,
)


def lower_first(text: str) -> str:
    """``text`` to follow other words: "The plan" becomes "the plan"; "MTFS", "Kestleford"
    stay as they are where the word is capitalised elsewhere in the text too."""
    text = text.strip()
    first = text.split(" ", 1)[0]
    if not first[:1].isupper() or first[1:2].isupper() or first.isupper():
        return text
    if re.search(rf"(?<=\s){re.escape(first)}\b", text):  # a name, capitalised mid-sentence
        return text
    return text[:1].lower() + text[1:]


def topic(area: str, planned: bool = True) -> str:
    """An area for development as a topic for the team to explore: its problem half, not the
    council's fix. "Reserves are low; the S151 officer will ..." gives "Why reserves are low,
    and whether the plan is working" (without ``planned``: "and what the council plans")."""
    text = " ".join(area.split()).rstrip(".")
    found = _ACTION.search(text)
    problem = text[: found.start()].strip(" ,") if found else text
    if found and len(problem.split()) < 3:  # "We will do more to ...": an action only
        return f"How the council will {text[found.end() :].strip()}"
    lead = lower_first(problem)
    if _CLAUSE.search(problem):
        then = "whether the plan is working" if found and planned else "what the council plans"
        return f"Why {lead}, and {then}"
    return (
        f"Whether the plan for {lead} is working" if found else f"What the council plans for {lead}"
    )


NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """ "one focus area", "five core themes", "12 sessions": one to ten in words."""
    said = NUMBERS[count] if 0 <= count < len(NUMBERS) else str(count)
    return f"{said} {noun if count == 1 else (plural or noun + 's')}"
