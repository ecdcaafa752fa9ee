"""The read side of search: results pages, suggestions and similar stories.

Privacy is enforced twice. The index holds only published, undeleted content, flagged
`public` when visitors may read it; and every hit that names a discussion is checked again
against `community.selectors.visible_discussions(user)` before it is shown, so a stale index
can never show a reader something the community would not.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils.safestring import SafeString, mark_safe

from carecommons.community.selectors import visible_discussions
from carecommons.search import embedding
from carecommons.search.backends import COUNT_CAP, Filters, backend, known_words
from carecommons.search.models import (
    Embedding,
    Kind,
    SearchDocument,
    VectorIndex,
    VectorList,
    VectorListSnapshot,
)
from carecommons.search.query import Parsed, highlight, key_words, parse, replace_words

PER_PAGE = 10
MAX_PAGE = COUNT_CAP // PER_PAGE
SIMILAR = 5
PROBES = 12  # lists of the approximate index read per similar-stories lookup
VECTOR_CACHE_MB = 512  # decoded lists kept per process (settings.SEARCH_VECTOR_CACHE_MB)


@dataclass(frozen=True)
class Result:
    document_id: int
    kind: str
    title: str
    url: str
    snippet: SafeString
    group_name: str
    created_at: datetime
    has_expert_answer: bool


@dataclass
class ResultsPage:
    parsed: Parsed
    results: list[Result] = field(default_factory=list)
    total: int = 0
    number: int = 1
    any_word: bool = False
    suggestion: str = ""

    @property
    def capped(self) -> bool:
        return self.total > COUNT_CAP

    @property
    def pages(self) -> int:
        return max(1, min(MAX_PAGE, (min(self.total, COUNT_CAP) + PER_PAGE - 1) // PER_PAGE))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def first(self) -> int:
        return (self.number - 1) * PER_PAGE + 1

    @property
    def last(self) -> int:
        return self.first + len(self.results) - 1


def _signed_in(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def readable(user: Any, documents: list[SearchDocument]) -> list[SearchDocument]:
    """Keep the documents this reader may see, in order (one query for the discussions)."""
    discussion_ids = [d.object_id for d in documents if d.kind == Kind.DISCUSSION]
    allowed: set[int] = set()
    if discussion_ids:
        allowed = set(
            visible_discussions(user).filter(pk__in=discussion_ids).values_list("pk", flat=True)
        )
    public_only = not _signed_in(user)
    kept = []
    for document in documents:
        if public_only and not document.public:
            continue
        if document.kind == Kind.DISCUSSION and document.object_id not in allowed:
            continue
        kept.append(document)
    return kept


def _documents(ids: list[int]) -> list[SearchDocument]:
    by_id = SearchDocument.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def search(
    user: Any, raw: str, filters: Filters, *, by_date: bool = False, page: int = 1
) -> ResultsPage:
    parsed = parse(raw)
    page = min(max(page, 1), MAX_PAGE)
    results = ResultsPage(parsed=parsed, number=page)
    if parsed.empty:
        return results
    engine = backend()
    offset = (page - 1) * PER_PAGE
    total, ids = engine.search(parsed, filters, by_date=by_date, offset=offset, limit=PER_PAGE)
    if total == 0 and len(parsed.words()) > 1:
        total, ids = engine.search(
            parsed, filters, by_date=by_date, offset=offset, limit=PER_PAGE, any_word=True
        )
        results.any_word = total > 0
    results.total = total
    documents = readable(user, _documents(ids))
    results.results = [
        Result(
            document_id=d.pk,
            kind=d.kind,
            title=d.title,
            url=d.url,
            snippet=mark_safe(highlight(d.body, parsed)),  # noqa: S308 - highlight() escapes all text
            group_name=d.group_name,
            created_at=d.created_at,
            has_expert_answer=d.has_expert_answer,
        )
        for d in documents
    ]
    if total < 3 or results.any_word:
        results.suggestion = suggest(parsed, filters)
    return results


def suggest(parsed: Parsed, filters: Filters) -> str:
    """ "Did you mean …": unknown words replaced by their nearest known word (trigrams).

    Offered only if the corrected query finds something this reader may see.
    """
    engine = backend()
    candidates = [w for w in parsed.words() if len(w) >= 4 and w.isalpha()][:6]
    known = known_words(candidates)
    corrections = {}
    for word in [w for w in candidates if w not in known][:3]:
        options = engine.suggest(word, limit=1)
        if options:
            corrections[word] = options[0]
    if not corrections:
        return ""
    corrected = replace_words(parsed, corrections)
    found, _ = engine.search(corrected, filters, by_date=False, offset=0, limit=1)
    return corrected.text() if found else ""


# -------------------------------------------------------------------------- similar stories


def method() -> str:
    return "embeddings" if embedding.available() else "full-text"


def similar_to_document(user: Any, document: SearchDocument, limit: int = SIMILAR) -> list[Result]:
    public_only = not _signed_in(user)
    vector = None
    if embedding.available():
        stored = Embedding.objects.filter(document=document, model=embedding.MODEL_NAME).first()
        if stored is not None:
            import numpy as np

            vector = np.frombuffer(bytes(stored.vector), dtype=np.float32)
    if vector is not None:
        ids = nearest(vector, public_only=public_only, exclude=document.pk, limit=limit + 3)
    else:
        ids = _full_text_similar(
            user, document.title, document.body, exclude=document.pk, limit=limit + 3
        )
    return _similar_results(user, ids, limit)


def similar_to_text(user: Any, title: str, body: str, limit: int = SIMILAR) -> list[Result]:
    text = f"{title}. {body[:2_000]}".strip()
    if len(" ".join(text.split())) < 12:
        return []
    if embedding.available():
        vector = embedding.embed([text])[0]
        ids = nearest(vector, public_only=not _signed_in(user), exclude=None, limit=limit + 3)
    else:
        ids = _full_text_similar(user, title, body, exclude=None, limit=limit + 3)
    return _similar_results(user, ids, limit)


def _full_text_similar(
    user: Any, title: str, body: str, *, exclude: int | None, limit: int
) -> list[int]:
    words = key_words(title, body)
    if not words:
        return []
    filters = Filters(public_only=not _signed_in(user), kind=Kind.DISCUSSION, exclude_id=exclude)
    _, ids = backend().search(
        Parsed(tuple(words)), filters, by_date=False, offset=0, limit=limit, any_word=True
    )
    return ids


def _similar_results(user: Any, ids: list[int], limit: int) -> list[Result]:
    documents = readable(user, _documents(ids))[:limit]
    empty = Parsed()
    return [
        Result(
            document_id=d.pk,
            kind=d.kind,
            title=d.title,
            url=d.url,
            snippet=mark_safe(highlight(d.body, empty, width=160)),  # noqa: S308 - escaped by highlight()
            group_name=d.group_name,
            created_at=d.created_at,
            has_expert_answer=d.has_expert_answer,
        )
        for d in documents
    ]


_centroid_cache: dict[str, Any] = {}
_centroid_lock = threading.Lock()


def _centroids() -> tuple[str, Any]:
    """The approximate index's identity and centroids (None before it is trained).

    Cached per process until the index is retrained (a new trained_at).
    """
    import numpy as np

    row = (
        VectorIndex.objects.filter(model=embedding.MODEL_NAME)
        .values_list("pk", "trained_at", "lists")
        .first()
    )
    if row is None:
        return "none", None
    key = f"{row[0]}:{row[1].isoformat()}"
    with _centroid_lock:
        if _centroid_cache.get("key") != key:
            blob = VectorIndex.objects.values_list("centroids", flat=True).get(pk=row[0])
            _centroid_cache["key"] = key
            _centroid_cache["matrix"] = np.frombuffer(bytes(blob), dtype=np.float32).reshape(
                row[2], -1
            )
        return key, _centroid_cache["matrix"]


@dataclass(frozen=True)
class _List:
    """One list of the approximate index, decoded: its discussions' ids, public flags, vectors."""

    index: str
    version: int
    ids: Any
    public: Any
    matrix: Any

    @property
    def size(self) -> int:
        return int(self.matrix.nbytes + self.ids.nbytes + self.public.nbytes)


class _ListCache:
    """Decoded lists, least recently used dropped past a memory budget (per process).

    A list is reused only while its version (renewed by database triggers on every change to
    one of its embeddings, migration 0003) and the index it belongs to are unchanged. Reading
    the versions before the rows means a change racing the read can only make a list look
    older than it is (re-read next time), never newer.
    """

    def __init__(self) -> None:
        self.lists: OrderedDict[int, _List] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, number: int, index: str, version: int) -> _List | None:
        with self.lock:
            found = self.lists.get(number)
            if found is None or found.index != index or found.version != version:
                return None
            self.lists.move_to_end(number)
            return found

    def put(self, number: int, entry: _List, budget: int) -> None:
        with self.lock:
            old = self.lists.pop(number, None)
            if old is not None:
                self.size -= old.size
            if entry.size > budget:
                return
            self.lists[number] = entry
            self.size += entry.size
            while self.size > budget:
                _, dropped = self.lists.popitem(last=False)
                self.size -= dropped.size

    def clear(self) -> None:
        with self.lock:
            self.lists.clear()
            self.size = 0


_lists = _ListCache()


def _cache_budget() -> int:
    return int(getattr(settings, "SEARCH_VECTOR_CACHE_MB", VECTOR_CACHE_MB)) * 1024 * 1024


def nearest(vector: Any, *, public_only: bool, exclude: int | None, limit: int) -> list[int]:
    """Document ids of the nearest discussions by cosine similarity, best first.

    Small sites compare against every vector (list -1: vectors in no list); past
    services.IVF_THRESHOLD vectors the worker trains an approximate index and only the PROBES
    nearest lists (and list -1) are read. Lists come from the per-process cache while their
    version is unchanged, else from the database through the index on `bucket`. Callers
    re-check every id against what the reader may see (readable()).
    """
    import numpy as np

    query = np.asarray(vector, dtype=np.float32)
    index, centroids = _centroids()
    numbers = [-1]
    if centroids is not None:
        numbers += np.argsort(-(centroids @ query))[:PROBES].tolist()
    entries = _read_lists(index, numbers)
    ids_parts, score_parts = [], []
    for entry in entries:
        if not len(entry.ids):
            continue
        scores = entry.matrix @ query
        keep = entry.public if public_only else np.ones(len(entry.ids), dtype=bool)
        if exclude is not None:
            keep = keep & (entry.ids != exclude)
        ids_parts.append(entry.ids[keep])
        score_parts.append(scores[keep])
    if not ids_parts:
        return []
    ids = np.concatenate(ids_parts)
    scores = np.concatenate(score_parts)
    if len(scores) > limit:
        top = np.argpartition(-scores, limit)[:limit]
        top = top[np.argsort(-scores[top], kind="stable")]
    else:
        top = np.argsort(-scores, kind="stable")
    return [int(i) for i in ids[top].tolist()]


def _read_lists(index: str, numbers: list[int]) -> list[_List]:
    """The lists, decoded: from the process cache when current, else from their packed
    snapshot when that is current (one row per list), else row by row."""
    versions = dict(VectorList.objects.filter(number__in=numbers).values_list("number", "version"))
    found: dict[int, _List] = {}
    missing = []
    for number in numbers:
        entry = _lists.get(number, index, versions[number]) if number in versions else None
        if entry is None:
            missing.append(number)
        else:
            found[number] = entry
    if not missing:
        return [found[n] for n in numbers]
    contents = _snapshots(missing, versions)
    contents.update(list_contents([n for n in missing if n not in contents]))
    budget = _cache_budget()
    for number in missing:
        ids, public, matrix = contents[number]
        entry = _List(
            index=index, version=versions.get(number, -1), ids=ids, public=public, matrix=matrix
        )
        found[number] = entry
        if number in versions:  # a list without a version row is never cached
            _lists.put(number, entry, budget)
    return [found[n] for n in numbers]


def _snapshots(numbers: list[int], versions: dict[int, int]) -> dict[int, tuple[Any, Any, Any]]:
    """The packed snapshots (services.pack_lists) of these lists that match their version."""
    import numpy as np

    contents: dict[int, tuple[Any, Any, Any]] = {}
    wanted = [n for n in numbers if n in versions]
    if not wanted:
        return contents
    table = VectorListSnapshot._meta.db_table
    rows = _fetch_bytes(
        f"SELECT number, version, ids, public, vectors FROM {table} "  # noqa: S608 - fixed SQL
        f"WHERE number IN ({', '.join(['%s'] * len(wanted))})",
        wanted,
    )
    for number, version, ids, public, vectors in rows:
        if version == versions[number]:
            contents[number] = (
                np.frombuffer(bytes(ids), dtype=np.int64),
                np.frombuffer(bytes(public), dtype=bool),
                np.frombuffer(bytes(vectors), dtype=np.float32).reshape(-1, embedding.DIMENSIONS),
            )
    return contents


def _fetch_bytes(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Rows with vectors in them (megabytes per lookup): on PostgreSQL, in binary format.

    Django's PostgreSQL cursors receive bytea as hex text; for the 13 packed lists of a lookup
    at a million documents that took 61 ms instead of 11 ms. The query still runs on Django's
    connection (same transaction) and is logged like any other when queries are recorded.
    """
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())
    import psycopg

    connection.ensure_connection()
    began = time.monotonic()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, binary=True)
        rows = list(cursor.fetchall())
    if connection.queries_logged:
        connection.queries_log.append(
            {"sql": sql % tuple(params), "time": f"{time.monotonic() - began:.3f}"}
        )
    return rows


def list_contents(numbers: list[int]) -> dict[int, tuple[Any, Any, Any]]:
    """(ids, public flags, vectors) of the discussions in each list, read row by row."""
    import numpy as np

    rows: dict[int, list[tuple[int, bool, bytes]]] = {n: [] for n in numbers}
    if numbers:
        for bucket, document_id, public, vector in _list_rows(numbers):
            rows[-1 if bucket is None else bucket].append((document_id, public, vector))
    return {
        number: (
            np.array([m[0] for m in members], dtype=np.int64),
            np.array([bool(m[1]) for m in members], dtype=bool),
            np.frombuffer(b"".join(bytes(m[2]) for m in members), dtype=np.float32).reshape(
                len(members), embedding.DIMENSIONS
            ),
        )
        for number, members in rows.items()
    }


def _list_rows(numbers: list[int]) -> list[tuple[int | None, int, bool, Any]]:
    """(list, document id, public, vector bytes) of every discussion's embedding in the lists.

    The same SQL on SQLite and PostgreSQL, reading the embeddings table only: joining each
    row's document (to learn its kind) cost a lookup per vector into the largest table, and at
    a million documents that was most of a cold read. Documents of other kinds are few; their
    ids come from the unique (kind, object_id) index. `bucket IN (…)` and `bucket IS NULL`
    (list -1) are separate branches of a UNION ALL so each uses the index on `bucket` (one
    `IN … OR IS NULL` filter made SQLite walk every embedding).
    """
    base = (
        "SELECT e.bucket, e.document_id, e.public, e.vector FROM search_embedding e "
        "WHERE e.model = %s"
    )
    branches: list[str] = []
    args: list[Any] = []
    listed = [n for n in numbers if n >= 0]
    if listed:
        branches.append(f"{base} AND e.bucket IN ({', '.join(['%s'] * len(listed))})")
        args += [embedding.MODEL_NAME, *listed]
    if -1 in numbers:
        branches.append(f"{base} AND e.bucket IS NULL")
        args.append(embedding.MODEL_NAME)
    others = set(
        SearchDocument.objects.filter(
            kind__in=[k for k in Kind.values if k != Kind.DISCUSSION]
        ).values_list("pk", flat=True)
    )
    rows = _fetch_bytes(" UNION ALL ".join(branches), args)
    return [(row[0], row[1], row[2], row[3]) for row in rows if row[1] not in others]


def document_for_discussion(discussion_id: int) -> SearchDocument | None:
    return SearchDocument.objects.filter(kind=Kind.DISCUSSION, object_id=discussion_id).first()


@dataclass(frozen=True)
class Status:
    backend: str
    method: str
    missing_packages: str
    documents: int
    discussions: int
    articles: int
    words: int
    embeddings: int
    without_embedding: int
    index_lists: int
    index_trained_on: int
    lists_total: int
    lists_packed: int


def status() -> Status:
    documents = SearchDocument.objects.count()
    discussions = SearchDocument.objects.filter(kind=Kind.DISCUSSION).count()
    embeddings = Embedding.objects.filter(model=embedding.MODEL_NAME).count()
    index = VectorIndex.objects.filter(model=embedding.MODEL_NAME).first()
    from carecommons.search.models import SearchTerm

    return Status(
        backend=backend().name,
        method=method(),
        missing_packages="" if embedding.available() else embedding.unavailable_reason(),
        documents=documents,
        discussions=discussions,
        articles=SearchDocument.objects.filter(kind=Kind.ARTICLE).count(),
        words=SearchTerm.objects.count(),
        embeddings=embeddings,
        without_embedding=max(documents - embeddings, 0),
        index_lists=index.lists if index else 0,
        index_trained_on=index.trained_on if index else 0,
        lists_total=VectorList.objects.count(),
        lists_packed=VectorListSnapshot.objects.filter(
            version=Subquery(
                VectorList.objects.filter(number=OuterRef("number")).values("version")[:1]
            )
        ).count(),
    )
