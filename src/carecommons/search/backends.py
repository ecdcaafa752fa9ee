"""One search interface, two engines: SQLite FTS5 (BM25) and PostgreSQL (ts_rank_cd).

`backend()` picks the engine from `connection.vendor`. Both take the same `Filters` and a
`Parsed` query and return document ids with a score; both build their engine expression from
the parsed words only (query.py), and pass it and every filter value as SQL parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from django.db import connection

from carecommons.search.models import Kind
from carecommons.search.query import Parsed, fts5_expression, similarity, tsquery_expression

COUNT_CAP = 1_000  # beyond this we say "1,000+": counting every match costs more than it tells
# Relevance is ranked among the newest this-many matches. Ranking costs time per match (BM25 or
# ts_rank_cd reads every match's positions): a common word matches ~30% of a million documents
# and ranking them all took 0.8 s on SQLite; within the window it is bounded (docs/search.md).
# Every page a reader can reach (COUNT_CAP results) is inside it.
RANK_WINDOW = COUNT_CAP


@dataclass(frozen=True)
class Filters:
    public_only: bool = True
    kind: str = ""
    group_id: int | None = None
    author_id: int | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None
    expert_answer: bool = False
    exclude_id: int | None = None


def facet_tokens(
    *, kind: str, public: bool, group_id: int | None, author_id: int | None, expert: bool
) -> str:
    """Filter words stored in the FTS5 `facets` column, so filters are answered by the index.

    They start with "_": the index keeps "_" inside tokens (migration 0004) and a search never
    produces a word starting with one (query.words), so no search term can match a facet and
    searches need no column filter (which cost a third of the ranking time). Only what sets a
    document apart gets a word: private documents are marked, public ones are not — a word
    nearly every document carries has a doclist as long as the index, and intersecting with it
    cost visitors ~8 ms per 100,000 documents. Kinds: see SqliteBackend._match.
    """
    tokens = [f"_k{kind}"]
    if not public:
        tokens.append("_private")
    if group_id is not None:
        tokens.append(f"_g{group_id}")
    if author_id is not None:
        tokens.append(f"_a{author_id}")
    if expert:
        tokens.append("_expert")
    return " ".join(tokens)


class Backend(Protocol):
    name: str

    def search(
        self,
        parsed: Parsed,
        filters: Filters,
        *,
        by_date: bool,
        offset: int,
        limit: int,
        any_word: bool = False,
    ) -> tuple[int, list[int]]: ...

    def suggest(self, word: str, limit: int = 5) -> list[str]: ...


def known_words(words: list[str] | tuple[str, ...]) -> frozenset[str]:
    """The words the index has seen (the vocabulary), among `words`."""
    if not words:
        return frozenset()
    from carecommons.search.models import SearchTerm

    return frozenset(SearchTerm.objects.filter(word__in=words).values_list("word", flat=True))


def _where_sql(filters: Filters, param_marker: str = "%s") -> tuple[str, list[Any]]:
    """Filters on the document table, as SQL with parameters (no value is ever interpolated)."""
    clauses: list[str] = []
    params: list[Any] = []
    if filters.date_from is not None:
        clauses.append(f"d.created_at >= {param_marker}")
        params.append(filters.date_from)
    if filters.date_to is not None:
        clauses.append(f"d.created_at < {param_marker}")
        params.append(filters.date_to)
    if filters.exclude_id is not None:
        clauses.append(f"d.id <> {param_marker}")
        params.append(filters.exclude_id)
    return (" AND " + " AND ".join(clauses)) if clauses else "", params


class SqliteBackend:
    name = "SQLite FTS5 (BM25)"

    def _match(self, parsed: Parsed, filters: Filters, any_word: bool) -> str:
        whole = known_words(parsed.terms)
        expression = fts5_expression(parsed, any_word=any_word, whole=whole)
        required, excluded = [], []
        if filters.public_only:
            excluded.append('"_private"')
        if filters.kind == Kind.DISCUSSION:
            # Discussions are nearly everything: exclude the other kinds instead of
            # intersecting with a doclist as long as the index (see facet_tokens).
            excluded += [f'"_k{other}"' for other in Kind.values if other != Kind.DISCUSSION]
        elif filters.kind:
            required.append(f'"_k{filters.kind}"')
        if filters.group_id is not None:
            required.append(f'"_g{int(filters.group_id)}"')
        if filters.author_id is not None:
            required.append(f'"_a{int(filters.author_id)}"')
        if filters.expert_answer:
            required.append('"_expert"')
        if required:
            expression = f"({expression} AND {' AND '.join(required)})"
        if excluded:
            expression = f"({expression} NOT ({' OR '.join(excluded)}))"
        return expression

    def search(
        self,
        parsed: Parsed,
        filters: Filters,
        *,
        by_date: bool,
        offset: int,
        limit: int,
        any_word: bool = False,
    ) -> tuple[int, list[int]]:
        if parsed.empty:
            return 0, []
        match = self._match(parsed, filters, any_word)
        where, params = _where_sql(filters)
        source = (
            "FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s{where}"
        )
        with connection.cursor() as cursor:
            # FTS5 walks the matches newest first and stops after the window: bounded work,
            # and the count of matches (up to the cap) comes with it.
            cursor.execute(
                f"SELECT search_fts.rowid {source} ORDER BY search_fts.rowid DESC LIMIT %s",
                [match, *params, RANK_WINDOW + 1],
            )
            newest = [row[0] for row in cursor.fetchall()]
            if not newest:
                return 0, []
            window = " AND search_fts.rowid >= %s"
            if by_date:
                order = "d.created_at DESC, d.id DESC"
            else:
                # Title matches weigh ten times body matches; facets never add to the score.
                window += " AND search_fts.rank MATCH 'bm25(10.0, 1.0, 0.0)'"
                order = "search_fts.rank, d.id"
            cursor.execute(
                f"SELECT d.id {source}{window} ORDER BY {order} LIMIT %s OFFSET %s",
                [match, *params, newest[:RANK_WINDOW][-1], limit, offset],
            )
            ids = [row[0] for row in cursor.fetchall()]
        return len(newest), ids

    def suggest(self, word: str, limit: int = 5) -> list[str]:
        grams = sorted({word[i : i + 3] for i in range(len(word) - 2)})
        if not grams:
            return []
        expression = " OR ".join('"' + g.replace('"', '""') + '"' for g in grams)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.word FROM search_term_tri JOIN search_searchterm t "
                "ON t.id = search_term_tri.rowid WHERE search_term_tri MATCH %s "
                "ORDER BY search_term_tri.rank LIMIT 200",
                [expression],
            )
            candidates = [row[0] for row in cursor.fetchall()]
        ranked = sorted(
            ((similarity(word, c), c) for c in candidates if c != word),
            key=lambda pair: (-pair[0], abs(len(pair[1]) - len(word)), pair[1]),
        )
        return [c for score, c in ranked if score >= 0.3][:limit]


class PostgresBackend:
    name = "PostgreSQL full-text search (ts_rank_cd)"

    def search(
        self,
        parsed: Parsed,
        filters: Filters,
        *,
        by_date: bool,
        offset: int,
        limit: int,
        any_word: bool = False,
    ) -> tuple[int, list[int]]:
        if parsed.empty:
            return 0, []
        whole = known_words(parsed.terms)
        expression = tsquery_expression(parsed, any_word=any_word, whole=whole)
        clauses = ["d.search_vector @@ q.query"]
        params: list[Any] = [expression]
        if filters.public_only:
            clauses.append("d.public")
        if filters.kind:
            clauses.append("d.kind = %s")
            params.append(filters.kind)
        if filters.group_id is not None:
            clauses.append("d.group_id = %s")
            params.append(filters.group_id)
        if filters.author_id is not None:
            clauses.append("d.author_id = %s")
            params.append(filters.author_id)
        if filters.expert_answer:
            clauses.append("d.has_expert_answer")
        where, extra = _where_sql(filters)
        params += extra
        source = (
            "FROM search_searchdocument d, to_tsquery('english', %s) AS q(query) "
            "WHERE " + " AND ".join(clauses) + where
        )
        order = (
            "d.created_at DESC, d.id DESC"
            if by_date
            else "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', d.search_vector, q.query, 1) DESC, d.id"
        )
        with connection.cursor() as cursor:
            # The newest matches (and their count up to the cap), then ranking within them:
            # the same window as on SQLite.
            cursor.execute(
                f"SELECT d.id {source} ORDER BY d.id DESC LIMIT %s", [*params, RANK_WINDOW + 1]
            )
            newest = [row[0] for row in cursor.fetchall()]
            if not newest:
                return 0, []
            cursor.execute(
                "SELECT d.id FROM search_searchdocument d, to_tsquery('english', %s) AS q(query) "  # noqa: S608 - fixed SQL
                f"WHERE d.id = ANY(%s) ORDER BY {order} LIMIT %s OFFSET %s",
                [expression, newest[:RANK_WINDOW], limit, offset],
            )
            ids = [row[0] for row in cursor.fetchall()]
        return len(newest), ids

    def suggest(self, word: str, limit: int = 5) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM search_searchterm WHERE word %% %s AND word <> %s "
                "ORDER BY similarity(word, %s) DESC, abs(length(word) - length(%s)), word "
                "LIMIT %s",
                [word, word, word, word, limit],
            )
            return [row[0] for row in cursor.fetchall()]


def backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SqliteBackend()
