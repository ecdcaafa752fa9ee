"""Where a mention sits in a post, and whether it describes something happening now.

Every detector finds a phrase first ("fever", "chest pain", "ANC 300") and then asks this
module whether the phrase is *current*: not negated ("no chest pain"), not over ("my fever
broke"), not historical ("years ago"), not hypothetical ("what if he gets a fever?") and not
somebody else's story or a general question ("has anyone had chest pain on Neulasta?").
Clinical reference §5.3: past or resolved events, hypotheticals and other people's stories
are not emergencies.

The unit of context is the clause: sentences are split on strong boundaries ("but",
"however", ";") and on commas that separate two real clauses, so that "no chest pain, but I
can't breathe" keeps the negation on the first half only.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache


class Status(Enum):
    CURRENT = "current"
    NEGATED = "negated"
    HYPOTHETICAL = "hypothetical"
    OTHERS = "others"
    PAST = "past"


class Timing(Enum):
    """How a phrase's own meaning treats a recent past like "last week"."""

    # A symptom from last week is over unless the text says it is still going on.
    SYMPTOM = "symptom"
    # Chemotherapy last week or a count from a few weeks ago still describes today's risk:
    # the neutrophil nadir falls 5-18 days after treatment (clinical reference §6).
    ONGOING_STATE = "ongoing_state"


@dataclass(frozen=True)
class Span:
    start: int
    end: int


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")
_STRONG_BREAK = re.compile(
    r";|\s(?:but|however|although|though|whereas|except that|yet)\b|,?\s+and\s+(?:now|then|"
    r"today)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w']+")

_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|never|without|nor|neither|denies|denied|zero|none|free of|"
    r"haven't|hasn't|hadn't|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|won't|"
    r"no more|no longer|nothing like|instead of)\b"
    r"(?:\W+\w+){0,3}\W*$",
    re.IGNORECASE,
)
_NEGATION_AFTER = re.compile(
    r"^\W*(?:-?\s*free|(?:is|are|was|were|has|have|had)?\s*(?:all\s+)?(?:gone|over)\b"
    r"|(?:\w+\s+){0,2}(?:went away|never came|disappeared))",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"\b(?:if|unless|in case|suppose|supposing|whether|hypothetically|what happens when|"
    r"what to do when|what should (?:i|we|you) do when|would|wouldn't|ever)\b",
    re.IGNORECASE,
)
_RESOLVED = re.compile(
    r"\b(?:broke|went away|gone away|resolved|cleared up|cleared|subsided|came down|went down|"
    r"has passed|have passed|is down|are down|back to normal|normal again|no longer|"
    r"recovered|better now|fine now|finally over|all over now|got over)\b",
    re.IGNORECASE,
)
_HISTORICAL = re.compile(
    r"\b(?:years? ago|months? ago|decades? ago|a long time ago|long ago|years back|"
    r"last (?:year|month|spring|summer|autumn|fall|winter)|back in|"
    r"(?:in|during|of|until|till|bout|from) (?:19|20)\d\d\b|"
    r"as a (?:child|kid|teen|teenager|baby|young (?:man|woman))|when (?:i|he|she|"
    r"my \w+) was (?:young|"
    r"little|a)|"
    r"used to|history of|previously|in the past|once had|first bout|second bout|in my (?:teens|"
    r"twenties|youth))",
    re.IGNORECASE,
)
_RECENT_PAST = re.compile(
    r"\b(?:last week|last weekend|weeks? ago|(?:a few|few|several|two|three|four|five|six|"
    r"\d+) days ago|"
    r"the other day|a while ago|a while back|earlier this (?:month|year))\b",
    re.IGNORECASE,
)
_STILL_GOING = re.compile(
    r"\b(?:still|since|started|starting|began|ongoing|again|keeps?|keeping|won't (?:go|break|come)|"
    r"for the (?:past|last)|now|currently|right now|today|tonight|this (?:morning|evening|"
    r"afternoon)|"
    r"lately|these days|recently|getting worse|is back|are back|came back|coming back|returned)\b",
    re.IGNORECASE,
)
_STORY = re.compile(
    r"\b(?:read (?:about|that|a story|an article|online)|heard (?:about|of|that)|an article|"
    r"a story|"
    r"the story|on the news|on tv|a video|a documentary|in a book|the book|"
    r"explained (?:how|that|what|why)|taught us|warned us)\b",
    re.IGNORECASE,
)
_GENERIC_PEOPLE = re.compile(
    r"\b(?:anyone|anybody|people|others|everyone|those with|someone with|somebody with|"
    r"patients with|a patient with|kids with|children with|adults with|"
    r"your (?:child|kid|son|daughter|husband|wife|partner))\b",
    re.IGNORECASE,
)
_THIRD_PARTY = re.compile(
    r"\b(?:friend|friend's|neighbou?r|co-?worker|colleague|cousin|acquaintance|"
    r"someone i know|a (?:woman|man|lady|guy|girl|boy|patient|member))\b",
    re.IGNORECASE,
)
_PAST_VERB = re.compile(
    r"\b(?:had|got|went through|experienced|ended up|was|were|died|survived|passed away)\b",
    re.IGNORECASE,
)
_NOW = re.compile(
    r"\b(?:right now|at the moment|currently|as we speak|is having|are having|tonight|today|"
    r"this (?:morning|evening|afternoon))\b",
    re.IGNORECASE,
)
_QUESTION_START = re.compile(
    r"^\W*(?:is|are|can|could|does|do|should|how|what|why|when|will|would|has|have|at what)\b",
    re.IGNORECASE,
)
_GENERIC_STATEMENT = re.compile(
    r"\b(?:is a (?:common |known |typical |rare )?(?:sign|symptom|side effect|cause|reason)|"
    r"can cause|may cause|can be a sign|can mean|usually means|are at risk|in general|"
    r"is considered|is defined|counts as|means that|the threshold)\b",
    re.IGNORECASE,
)
_PERSONAL_ANCHOR = re.compile(
    r"\b(?:i|i'm|im|i've|i'd|i'll|me|my|mine|myself|we|we're|our|us|he|he's|she|she's|his|her|"
    r"him|hers|son|daughter|husband|wife|baby|toddler|mom|mum|dad|partner|grandson|"
    r"granddaughter)\b",
    re.IGNORECASE,
)


def sentence_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        if match.start() > start:
            spans.append(Span(start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append(Span(start, len(text)))
    return spans


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def clause_spans(text: str, sentence: Span) -> list[Span]:
    """Split a sentence into clauses.

    A comma only splits when both sides have a few words: "Years ago, I had chest pain" stays
    one clause so that "years ago" still governs the mention after it.
    """
    cuts: list[int] = []
    body = text[sentence.start : sentence.end]
    for match in _STRONG_BREAK.finditer(body):
        cuts.append(sentence.start + match.start())
    cuts.sort()
    clauses: list[Span] = []
    start = sentence.start
    for cut in [*cuts, sentence.end]:
        clauses.extend(_split_on_commas(text, Span(start, cut)))
        start = cut
    return [clause for clause in clauses if clause.end > clause.start]


def _split_on_commas(text: str, piece: Span) -> list[Span]:
    pieces: list[Span] = []
    start = piece.start
    for offset, char in enumerate(text[piece.start : piece.end]):
        position = piece.start + offset
        if char != ",":
            continue
        # A comma between digits is a thousands separator or a decimal comma, not a break.
        if (
            0 < position < len(text) - 1
            and text[position - 1].isdigit()
            and text[position + 1].isdigit()
        ):
            continue
        left = text[start:position]
        right = text[position + 1 : piece.end]
        if _word_count(left) >= 4 and _word_count(right) >= 3:
            pieces.append(Span(start, position))
            start = position
    pieces.append(Span(start, piece.end))
    return pieces


@dataclass(frozen=True)
class Located:
    """A mention together with the clause and sentence it belongs to."""

    clause: Span
    sentence: Span


@dataclass(frozen=True)
class _Segments:
    sentence_starts: tuple[int, ...]
    sentences: tuple[tuple[Span, tuple[Span, ...]], ...]


@lru_cache(maxsize=16)
def _segments(text: str) -> _Segments:
    """Sentences with their clauses, computed once per text: detectors ask for many mentions."""
    sentences = tuple(
        (sentence, tuple(clause_spans(text, sentence))) for sentence in sentence_spans(text)
    )
    return _Segments(tuple(sentence.start for sentence, _ in sentences), sentences)


def locate(text: str, position: int) -> Located:
    segments = _segments(text)
    index = bisect_right(segments.sentence_starts, position) - 1
    if index >= 0:
        sentence, clauses = segments.sentences[index]
        if position < sentence.end:
            for clause in clauses:
                if clause.start <= position < clause.end:
                    return Located(clause, sentence)
            return Located(sentence, sentence)
    whole = Span(0, len(text))
    return Located(whole, whole)


# Cues further away than this inside one run-on clause are about something else, and the
# limit keeps a long post linear in the number of mentions.
_CONTEXT_REACH = 200


def status_of(text: str, mention: Span, timing: Timing = Timing.SYMPTOM) -> Status:
    """Classify a mention; the first rule that applies wins, most specific first."""
    where = locate(text, mention.start)
    clause_start = max(where.clause.start, mention.start - _CONTEXT_REACH)
    clause_end = min(where.clause.end, mention.end + _CONTEXT_REACH)
    clause_text = text[clause_start:clause_end]
    sentence_text = text[
        max(where.sentence.start, mention.start - _CONTEXT_REACH) : min(
            where.sentence.end, mention.end + _CONTEXT_REACH
        )
    ]
    before = text[clause_start : mention.start]
    after = text[mention.end : clause_end]

    if _NEGATION_BEFORE.search(before) or _NEGATION_AFTER.search(after):
        return Status.NEGATED
    if _HYPOTHETICAL.search(before):
        return Status.HYPOTHETICAL
    if _is_others(clause_text, sentence_text):
        return Status.OTHERS
    if _is_past(clause_text, timing):
        return Status.PAST
    return Status.CURRENT


def _is_others(clause_text: str, sentence_text: str) -> bool:
    if _STORY.search(clause_text) or _GENERIC_PEOPLE.search(clause_text):
        return True
    if _THIRD_PARTY.search(clause_text) and _PAST_VERB.search(clause_text):
        return not _NOW.search(clause_text)
    has_anchor = _PERSONAL_ANCHOR.search(sentence_text) is not None
    if has_anchor:
        return False
    return bool(_QUESTION_START.search(sentence_text) or _GENERIC_STATEMENT.search(sentence_text))


def _is_past(clause_text: str, timing: Timing) -> bool:
    # "ANC back to 2,000" or "counts recovered" is today's state, not a finished episode, so
    # resolution words only end symptoms.
    if timing is Timing.SYMPTOM and _RESOLVED.search(clause_text):
        return True
    still_going = _STILL_GOING.search(clause_text) is not None
    if _HISTORICAL.search(clause_text):
        return not still_going
    if timing is Timing.SYMPTOM and _RECENT_PAST.search(clause_text):
        return not still_going
    return False
