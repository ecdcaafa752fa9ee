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

    Only what sets a document apart gets a word: private documents are marked (`xprivate`),
    public ones are not. A word that nearly every document carries has a doclist as long as
    the index, and intersecting with it cost visitors ~8 ms per 100,000 documents; excluding
    the few private ones (NOT) costs next to nothing. The same reasoning for kinds is in
    SqliteBackend._match.
    """
    tokens = [f"xk{kind}"]
    if not public:
        tokens.append("xprivate")
    if group_id is not None:
        tokens.append(f"xg{group_id}")
    if author_id is not None:
        tokens.append(f"xa{author_id}")
    if expert:
        tokens.append("xexpert")
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

    def known_words(self, words: list[str]) -> set[str]: ...


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
        expression = "{title body} : " + fts5_expression(parsed, any_word=any_word)
        required, excluded = [], []
        if filters.public_only:
            excluded.append('"xprivate"')
        if filters.kind == Kind.DISCUSSION:
            # Discussions are nearly everything: exclude the other kinds instead of
            # intersecting with a doclist as long as the index (see facet_tokens).
            excluded += [f'"xk{other}"' for other in Kind.values if other != Kind.DISCUSSION]
        elif filters.kind:
            required.append(f'"xk{filters.kind}"')
        if filters.group_id is not None:
            required.append(f'"xg{int(filters.group_id)}"')
        if filters.author_id is not None:
            required.append(f'"xa{int(filters.author_id)}"')
        if filters.expert_answer:
            required.append('"xexpert"')
        if required:
            expression = f"({expression} AND facets : ({' AND '.join(required)}))"
        if excluded:
            expression = f"({expression} NOT facets : ({' OR '.join(excluded)}))"
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
        order = "d.created_at DESC, d.id DESC" if by_date else "search_fts.rank, d.id"
        with connection.cursor() as cursor:
            # Title matches weigh ten times body matches; facets never add to the score.
            cursor.execute(
                f"SELECT d.id {source} AND search_fts.rank MATCH 'bm25(10.0, 1.0, 0.0)' "
                f"ORDER BY {order} LIMIT %s OFFSET %s",
                [match, *params, limit, offset],
            )
            ids = [row[0] for row in cursor.fetchall()]
            if offset == 0 and len(ids) < limit:
                return len(ids), ids
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 {source} LIMIT {COUNT_CAP + 1})",  # noqa: S608 - fixed SQL
                [match, *params],
            )
            total = cursor.fetchone()[0]
        return total, ids

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

    def known_words(self, words: list[str]) -> set[str]:
        if not words:
            return set()
        from carecommons.search.models import SearchTerm

        return set(SearchTerm.objects.filter(word__in=words).values_list("word", flat=True))


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
        expression = tsquery_expression(parsed, any_word=any_word)
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
            cursor.execute(
                f"SELECT d.id {source} ORDER BY {order} LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
            ids = [row[0] for row in cursor.fetchall()]
            if offset == 0 and len(ids) < limit:
                return len(ids), ids
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 {source} LIMIT {COUNT_CAP + 1}) AS hits",  # noqa: S608 - fixed SQL
                params,
            )
            total = cursor.fetchone()[0]
        return total, ids

    def suggest(self, word: str, limit: int = 5) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM search_searchterm WHERE word %% %s AND word <> %s "
                "ORDER BY similarity(word, %s) DESC, abs(length(word) - length(%s)), word "
                "LIMIT %s",
                [word, word, word, word, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def known_words(self, words: list[str]) -> set[str]:
        if not words:
            return set()
        from carecommons.search.models import SearchTerm

        return set(SearchTerm.objects.filter(word__in=words).values_list("word", flat=True))


def backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SqliteBackend()
