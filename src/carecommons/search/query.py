"""What a search box string means, and how results are highlighted. Plain Python, no Django.

Anything a person types is reduced to words (Unicode letters and digits) and quoted phrases;
every other character, FTS5 and tsquery operators included, is dropped. The engine expressions
are then built from those words only, so no input can break the query syntax of either backend.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

MAX_INPUT = 1_000  # characters of the query we read; the rest is ignored
MAX_WORDS = 16
MAX_WORD_LENGTH = 40
# Letters and digits, with "_" only inside a word (member_mo): words never start with "_", the
# mark of the index's filter words (backends.facet_tokens).
_WORD = re.compile(r"[^\W_]+(?:_+[^\W_]+)*", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "for",
        "from",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "anyone",
        "someone",
        "everyone",
        "get",
        "got",
        "know",
        "like",
        "one",
        "really",
        "still",
        "thank",
        "thanks",
    ]
)


@dataclass(frozen=True)
class Parsed:
    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not self.terms and not self.phrases

    def words(self) -> list[str]:
        return [*self.terms, *(word for phrase in self.phrases for word in phrase)]

    def text(self) -> str:
        """The query as a person would type it again (for links and the search box)."""
        parts = [*self.terms, *(f'"{" ".join(phrase)}"' for phrase in self.phrases)]
        return " ".join(parts)


def words(text: str) -> list[str]:
    return [w[:MAX_WORD_LENGTH] for w in _WORD.findall(text.casefold())]


def parse(raw: str) -> Parsed:
    """Words and "quoted phrases" from whatever was typed. Unbalanced quotes are plain text."""
    raw = (raw or "")[:MAX_INPUT]
    phrases: list[tuple[str, ...]] = []
    budget = MAX_WORDS
    for match in _PHRASE.finditer(raw):
        phrase = tuple(words(match.group(1))[:budget])
        budget -= len(phrase)
        if len(phrase) > 1:
            phrases.append(phrase)
        elif phrase:
            raw += " " + phrase[0]  # a one-word "phrase" is just a word
    rest = _PHRASE.sub(" ", raw)
    terms: list[str] = []
    for word in words(rest):
        if len(terms) >= max(budget, 0):
            break
        if word not in terms:
            terms.append(word)
    return Parsed(tuple(terms), tuple(dict.fromkeys(phrases)))


def replace_words(parsed: Parsed, corrections: dict[str, str]) -> Parsed:
    return Parsed(
        tuple(corrections.get(t, t) for t in parsed.terms),
        tuple(tuple(corrections.get(w, w) for w in phrase) for phrase in parsed.phrases),
    )


# ----------------------------------------------------------------------- engine expressions


def fts5_expression(
    parsed: Parsed, *, any_word: bool = False, whole: frozenset[str] = frozenset()
) -> str:
    """An FTS5 MATCH expression: partial words as prefixes ("neutro"*), phrases exact.

    Words in `whole` (complete words the index has seen) are matched as words, which the
    stemmer extends to their inflections (fevers, treatments). A prefix query makes FTS5 merge
    the doclists of every word starting with it before it can skip anything, so a common
    complete word as a prefix cost ~35 ms per query at a million documents (docs/search.md).
    """
    parts = [
        f'"{term}"*' if len(term) > 1 and term not in whole else f'"{term}"'
        for term in parsed.terms
    ]
    parts += ['"' + " ".join(phrase) + '"' for phrase in parsed.phrases]
    joiner = " OR " if any_word else " AND "
    return "(" + joiner.join(parts) + ")" if parts else ""


def tsquery_expression(
    parsed: Parsed, *, any_word: bool = False, whole: frozenset[str] = frozenset()
) -> str:
    """A to_tsquery('english', …) expression: the same words, prefixes and phrases as FTS5."""
    parts = [f"'{term}'" if term in whole else f"'{term}':*" for term in parsed.terms]
    parts += ["(" + " <-> ".join(f"'{w}'" for w in phrase) + ")" for phrase in parsed.phrases]
    return (" | " if any_word else " & ").join(parts)


# ------------------------------------------------------------------------------ snippets


def _stemish(word: str) -> str:
    """Enough of a word to find its other forms in text (the engines stem; we only mark)."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def highlight(text: str, parsed: Parsed, *, width: int = 260) -> str:
    """An HTML snippet of `text` around the first match, every match in <mark>.

    Everything that comes from the text is escaped: the only markup is our <mark>.
    """
    text = " ".join(_CONTROL.sub(" ", text).split())
    stems = sorted({_stemish(w) for w in parsed.words() if w}, key=len, reverse=True)
    if not stems:
        return html.escape(_clip(text, 0, width))
    pattern = re.compile(
        r"(?<![^\W_])(?:" + "|".join(re.escape(s) for s in stems) + r")[^\W_]*", re.IGNORECASE
    )
    first = pattern.search(text)
    start = 0
    if first and first.start() > width // 3:
        start = first.start() - width // 3
        space = text.rfind(" ", 0, start)
        start = space + 1 if space > start - 30 else start
    window = _clip(text, start, width)
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(window):
        pieces.append(html.escape(window[position : match.start()]))
        pieces.append("<mark>" + html.escape(match.group(0)) + "</mark>")
        position = match.end()
    pieces.append(html.escape(window[position:]))
    return "".join(pieces)


def _clip(text: str, start: int, width: int) -> str:
    window = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return prefix + window + suffix


# ---------------------------------------------------------------------- vocabulary, trigrams


def vocabulary(text: str) -> set[str]:
    """Words worth suggesting: 3–30 letters, not numbers."""
    return {w for w in words(text) if 3 <= len(w) <= 30 and w.isalpha()}


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams: the word padded with two spaces in front and one behind."""
    padded = f"  {word.casefold()} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all trigrams of both words."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def key_words(title: str, body: str, limit: int = 12) -> list[str]:
    """The most telling words of a text, for full-text similarity (title words count more)."""
    counts: Counter[str] = Counter()
    for weight, text in ((3, title), (1, body[:5_000])):
        for word in words(text):
            if len(word) >= 3 and word not in STOPWORDS and not word.isdigit():
                counts[word] += weight
    return [word for word, _ in counts.most_common(limit)]


def clean_text(text: str) -> str:
    return _CONTROL.sub(" ", text)
