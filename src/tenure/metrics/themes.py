"""Recurring themes in free-text comments: keywords and short phrases, stop words removed,
counted once per comment, ranked, each with example comments (engine-free).

A phrase is 2–4 consecutive words inside one clause whose first and last words are not stop
words ("reports could be easier"). A keyword or phrase found only inside a longer theme
with as many mentions adds nothing, so it is left out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_STOP_TEXT = """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves us get got bit lot lots really quite much many well still even ever
    though although however yet one ones thing things way us im ive dont doesnt isnt wasnt
    cant wont would've could've it's i'm i've don't doesn't isn't wasn't can't won't"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CLAUSE = re.compile(r"[.,;:!?()\[\]\"“”/\n]+|\s[-–—]\s")
MAX_WORDS = 4


@dataclass(frozen=True)
class Theme:
    """One recurring theme: its words, how many comments mention it, and examples."""

    theme: str
    words: int
    mentions: int
    share: float
    examples: tuple[str, ...]


def clauses(text: str) -> list[list[str]]:
    """The words of each clause of `text`, lower-cased."""
    parts = _CLAUSE.split(text.lower().replace("’", "'"))
    return [words for part in parts if (words := _WORD.findall(part))]


def terms(text: str) -> set[tuple[str, ...]]:
    """Keywords and phrases of one comment (each once)."""
    found: set[tuple[str, ...]] = set()
    for words in clauses(text):
        for size in range(1, MAX_WORDS + 1):
            for start in range(len(words) - size + 1):
                gram = tuple(words[start : start + size])
                if gram[0] not in STOP_WORDS and gram[-1] not in STOP_WORDS:
                    found.add(gram)
    return {gram for gram in found if len(gram) > 1 or len(gram[0]) > 1}


def _inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    size = len(short)
    return any(long[i : i + size] == short for i in range(len(long) - size + 1))


def _redundant(gram: tuple[str, ...], counts: Counter[tuple[str, ...]]) -> bool:
    """Whether a longer theme holds `gram` with as many mentions."""
    return any(
        len(other) > len(gram) and count >= counts[gram] and _inside(gram, other)
        for other, count in counts.items()
    )


def themes(
    comments: Sequence[str], top: int = 10, min_mentions: int = 2, examples: int = 3
) -> list[Theme]:
    """The `top` recurring themes of `comments`, most mentioned first."""
    found = [terms(text) for text in comments]
    counts = Counter(gram for grams in found for gram in grams)
    kept = Counter({g: n for g, n in counts.items() if n >= min_mentions})
    ranked = sorted(
        (g for g in kept if not _redundant(g, kept)),
        key=lambda g: (-kept[g], -len(g), " ".join(g)),
    )[:top]
    return [
        Theme(
            " ".join(gram),
            len(gram),
            kept[gram],
            kept[gram] / len(comments),
            tuple(_examples(gram, comments, found, examples)),
        )
        for gram in ranked
    ]


def _examples(
    gram: tuple[str, ...], comments: Sequence[str], found: Sequence[set[tuple[str, ...]]], n: int
) -> Iterable[str]:
    seen: set[str] = set()
    for text, grams in zip(comments, found, strict=True):
        if gram in grams and text not in seen:
            seen.add(text)
            yield text
            if len(seen) == n:
                return
