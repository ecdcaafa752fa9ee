"""The write side of search: keep the index in step with what readers may see.

The registration API other apps use (documented in docs/search.md):

    from carecommons.search import services as search
    search.index_document(kind="article", object_id=a.pk, title=…, body=…, url=…, public=True,
                          author_id=…, created_at=…, has_expert_answer=True)
    search.remove_document(kind="article", object_id=a.pk)

Call them inside the transaction that publishes, edits or withdraws the content: the index row
commits or rolls back with it. When the index is rebuilt, the `search.rebuild` hook asks those
apps to register their documents again. Discussions are indexed through the community hooks
registered in apps.py. Embeddings are computed afterwards by the worker (tasks.embed_documents).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from carecommons.accounts.roles import Role
from carecommons.community.models import Discussion, PostStatus, Reply
from carecommons.core import hooks
from carecommons.core.markdown import plain_excerpt
from carecommons.search import embedding
from carecommons.search.backends import facet_tokens
from carecommons.search.models import (
    Embedding,
    Kind,
    SearchDocument,
    SearchTerm,
    VectorIndex,
    VectorList,
    VectorListSnapshot,
)
from carecommons.search.query import clean_text, vocabulary

logger = logging.getLogger(__name__)

MAX_BODY = 200_000  # characters of text indexed per document
EMBED_CHARS = 2_000  # the model reads 128 tokens; this is plenty of text for that
IVF_THRESHOLD = 5_000  # below this many vectors, similar stories compare against all of them


def plain(markdown_text: str) -> str:
    return clean_text(plain_excerpt(markdown_text, length=MAX_BODY))


# ------------------------------------------------------------------- the registration API


def index_document(
    *,
    kind: str,
    object_id: int,
    title: str,
    body: str,
    url: str,
    public: bool = True,
    group_id: int | None = None,
    group_name: str = "",
    author_id: int | None = None,
    created_at: datetime | None = None,
    has_expert_answer: bool = False,
    embed: bool = True,
) -> SearchDocument:
    """Add or replace a document. `body` is plain text; pass only what every reader may see."""
    title = clean_text(title)[:300]
    body = clean_text(body)[:MAX_BODY]
    document, _ = SearchDocument.objects.update_or_create(
        kind=kind,
        object_id=object_id,
        defaults={
            "title": title,
            "body": body,
            "url": url,
            "public": public,
            "group_id": group_id,
            "group_name": group_name[:100],
            "author_id": author_id,
            "created_at": created_at or timezone.now(),
            "has_expert_answer": has_expert_answer,
            "facets": facet_tokens(
                kind=kind,
                public=public,
                group_id=group_id,
                author_id=author_id,
                expert=has_expert_answer,
            ),
            "indexed_at": timezone.now(),
        },
    )
    if Embedding.objects.filter(document=document).exclude(public=public).update(public=public):
        schedule_packing()
    add_words(f"{title} {body}")
    if embed:
        schedule_embedding([document.pk])
    return document


def remove_document(*, kind: str, object_id: int) -> None:
    """Take a document out of search and similar stories (its embedding goes with it)."""
    _, deleted = SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()
    if deleted.get(Embedding._meta.label):
        schedule_packing()


def add_words(text: str) -> None:
    words = vocabulary(text)
    if words:
        SearchTerm.objects.bulk_create(
            [SearchTerm(word=w) for w in sorted(words)], ignore_conflicts=True
        )


def schedule_embedding(document_ids: list[int]) -> None:
    """The worker embeds the documents once this transaction has committed."""
    if not embedding.available():
        return
    from carecommons.search.tasks import embed_documents

    transaction.on_commit(lambda: embed_documents.enqueue(document_ids=document_ids))


def schedule_packing() -> None:
    """The worker re-packs the lists this transaction changed, once it has committed."""
    if not embedding.available():
        return
    from carecommons.search.tasks import pack_vector_lists

    transaction.on_commit(pack_vector_lists.enqueue)


# ------------------------------------------------------------------------- discussions


def _expert_ids(replies: Iterable[Reply]) -> bool:
    return any(reply.author.has_role(Role.EXPERT) for reply in replies)


def index_discussion(discussion_id: int, *, embed: bool = True) -> SearchDocument | None:
    """Index a discussion with its published replies, or remove it if readers may not see it."""
    discussion = Discussion.objects.select_related("group").filter(pk=discussion_id).first()
    if discussion is None or not discussion.is_published:
        remove_document(kind=Kind.DISCUSSION, object_id=discussion_id)
        return None
    replies = list(
        Reply.objects.filter(
            discussion=discussion, status=PostStatus.PUBLISHED, deleted_at__isnull=True
        )
        .select_related("author")
        .prefetch_related("author__role_grants")
        .order_by("number")
    )
    body = "\n\n".join([plain(discussion.body), *(plain(reply.body) for reply in replies)])
    return index_document(
        kind=Kind.DISCUSSION,
        object_id=discussion.pk,
        title=discussion.title,
        body=body,
        url=discussion.get_absolute_url(),
        public=discussion.group.is_public and not discussion.members_only,
        group_id=discussion.group_id,
        group_name=discussion.group.name,
        author_id=None if discussion.is_anonymous else discussion.author_id,
        created_at=discussion.created_at,
        has_expert_answer=_expert_ids(replies),
        embed=embed,
    )


def on_post_written(post: Discussion | Reply, **_: Any) -> None:
    """Hook for community.post_created / post_edited / post_visibility_changed."""
    discussion_id = post.pk if isinstance(post, Discussion) else post.discussion_id
    index_discussion(discussion_id)


# --------------------------------------------------------------------------- rebuilding


def rebuild(progress: Callable[[int, int], None] | None = None, chunk: int = 500) -> int:
    """Re-create the whole text index from the community (and keep registered articles).

    Runs in one transaction: searches keep seeing the old index until it commits.
    """
    ids = list(Discussion.objects.order_by("pk").values_list("pk", flat=True))
    total = len(ids)
    done = 0
    with transaction.atomic():
        SearchTerm.objects.all().delete()
        # Documents of other kinds (articles) are re-registered by their apps' own code;
        # their words go back into the vocabulary here.
        for title, body in (
            SearchDocument.objects.exclude(kind=Kind.DISCUSSION)
            .values_list("title", "body")
            .iterator()
        ):
            add_words(f"{title} {body}")
        for start in range(0, total, chunk):
            for discussion_id in ids[start : start + chunk]:
                index_discussion(discussion_id, embed=False)
            done = min(start + chunk, total)
            if progress:
                progress(done, total)
        SearchDocument.objects.filter(kind=Kind.DISCUSSION).exclude(object_id__in=ids).delete()
        hooks.fire("search.rebuild")
    if progress and not total:
        progress(0, 0)
    return total


# --------------------------------------------------------------------------- embeddings


def embedding_text(document: SearchDocument) -> str:
    return f"{document.title}. {document.body[:EMBED_CHARS]}"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def store_embeddings(documents: list[SearchDocument], vectors: Any, texts: list[str]) -> None:
    import numpy as np

    index = VectorIndex.objects.filter(model=embedding.MODEL_NAME).first()
    buckets: list[int | None] = [None] * len(documents)
    if index is not None:
        centroids = np.frombuffer(bytes(index.centroids), dtype=np.float32).reshape(index.lists, -1)
        buckets = [int(b) for b in (vectors @ centroids.T).argmax(axis=1)]
    now = timezone.now()
    for document, vector, text, bucket in zip(documents, vectors, texts, buckets, strict=True):
        Embedding.objects.update_or_create(
            document=document,
            defaults={
                "vector": np.asarray(vector, dtype=np.float32).tobytes(),
                "model": embedding.MODEL_NAME,
                "text_hash": text_hash(text),
                "bucket": bucket,
                "public": document.public,
                "updated_at": now,
            },
        )


def embed_documents(document_ids: list[int]) -> int:
    """Embed the documents whose text changed since their last embedding. Returns how many."""
    if not embedding.available():
        return 0
    documents = list(SearchDocument.objects.filter(pk__in=document_ids).order_by("pk"))
    known = dict(
        Embedding.objects.filter(document__in=documents, model=embedding.MODEL_NAME).values_list(
            "document_id", "text_hash"
        )
    )
    todo = []
    for document in documents:
        text = embedding_text(document)
        if known.get(document.pk) != text_hash(text):
            todo.append((document, text))
    if not todo:
        return 0
    vectors = embedding.embed([text for _, text in todo])
    with transaction.atomic():
        # Re-check: a document removed meanwhile must not come back through its embedding.
        alive = set(
            SearchDocument.objects.filter(pk__in=[d.pk for d, _ in todo]).values_list(
                "pk", flat=True
            )
        )
        keep = [i for i, (d, _) in enumerate(todo) if d.pk in alive]
        store_embeddings([todo[i][0] for i in keep], vectors[keep], [todo[i][1] for i in keep])
    return len(keep)


def missing_embeddings() -> list[int]:
    return list(
        SearchDocument.objects.exclude(embedding__model=embedding.MODEL_NAME).values_list(
            "pk", flat=True
        )
    )


def train_vector_index(*, lists: int | None = None, sample: int = 30_000, seed: int = 7) -> int:
    """Build the approximate index (k-means over the embeddings) and file every vector.

    Returns the number of lists; 0 when there are too few vectors to need one.
    """
    import numpy as np

    ids, matrix = load_vectors()
    count = len(ids)
    if count < IVF_THRESHOLD and lists is None:
        with transaction.atomic():
            VectorIndex.objects.filter(model=embedding.MODEL_NAME).delete()
            VectorList.objects.exclude(number=-1).delete()
            VectorListSnapshot.objects.all().delete()
            Embedding.objects.exclude(bucket=None).update(bucket=None)
        return 0
    lists = lists or int(min(2048, max(16, round(2 * count**0.5))))
    rng = np.random.default_rng(seed)
    picked = matrix[rng.choice(count, size=min(sample, count), replace=False)]
    centroids = picked[rng.choice(len(picked), size=lists, replace=False)].copy()
    for _ in range(12):
        assign = (picked @ centroids.T).argmax(axis=1)
        for j in range(lists):
            members = picked[assign == j]
            if len(members):
                mean = members.mean(axis=0)
                centroids[j] = mean / max(float(np.linalg.norm(mean)), 1e-12)
    buckets = np.empty(count, dtype=np.int64)
    for start in range(0, count, 50_000):
        buckets[start : start + 50_000] = (matrix[start : start + 50_000] @ centroids.T).argmax(
            axis=1
        )
    with transaction.atomic():
        # The lists' version rows go first (the triggers then skip a row per vector) and come
        # back at version 0; readers see a new trained_at and drop every cached list anyway.
        VectorList.objects.all().delete()
        VectorListSnapshot.objects.all().delete()
        VectorIndex.objects.update_or_create(
            model=embedding.MODEL_NAME,
            defaults={
                "centroids": centroids.astype(np.float32).tobytes(),
                "lists": lists,
                "trained_on": count,
                "trained_at": timezone.now(),
            },
        )
        by_bucket: dict[int, list[int]] = {}
        for document_id, bucket in zip(ids, buckets.tolist(), strict=True):
            by_bucket.setdefault(bucket, []).append(document_id)
        for bucket, members in by_bucket.items():
            for start in range(0, len(members), 900):
                Embedding.objects.filter(document_id__in=members[start : start + 900]).update(
                    bucket=bucket
                )
        VectorList.objects.bulk_create([VectorList(number=n) for n in range(-1, lists)])
    return lists


def pack_lists(chunk: int = 16, progress: Callable[[int, int], None] | None = None) -> int:
    """Pack every list whose snapshot is missing or stale (list -1 too: vectors in no list).

    Returns how many were packed. Each list's version is read before its rows, in the same
    transaction: a change racing the read can only leave a snapshot that looks older than its
    content (ignored, packed again next time), never one that looks newer.
    """
    from carecommons.search.selectors import list_contents

    current = dict(VectorList.objects.values_list("number", "version"))
    packed = dict(VectorListSnapshot.objects.values_list("number", "version"))
    stale = sorted(n for n, version in current.items() if packed.get(n) != version)
    for start in range(0, len(stale), chunk):
        numbers = stale[start : start + chunk]
        with transaction.atomic():
            versions = dict(
                VectorList.objects.filter(number__in=numbers).values_list("number", "version")
            )
            contents = list_contents(list(versions))
            VectorListSnapshot.objects.bulk_create(
                [
                    VectorListSnapshot(
                        number=number,
                        version=version,
                        ids=contents[number][0].tobytes(),
                        public=contents[number][1].tobytes(),
                        vectors=contents[number][2].tobytes(),
                    )
                    for number, version in versions.items()
                ],
                update_conflicts=True,
                unique_fields=["number"],
                update_fields=["version", "ids", "public", "vectors"],
            )
        if progress:
            progress(min(start + chunk, len(stale)), len(stale))
    return len(stale)


def maybe_train_index() -> int:
    """Train the approximate index when the site crossed the threshold or doubled since."""
    count = Embedding.objects.filter(model=embedding.MODEL_NAME).count()
    index = VectorIndex.objects.filter(model=embedding.MODEL_NAME).first()
    if (index is None and count >= IVF_THRESHOLD) or (
        index is not None and count >= 2 * index.trained_on
    ):
        return train_vector_index()
    return 0


def load_vectors() -> tuple[list[int], Any]:
    import numpy as np

    rows = list(
        Embedding.objects.filter(model=embedding.MODEL_NAME)
        .order_by("document_id")
        .values_list("document_id", "vector")
    )
    if not rows:
        return [], np.zeros((0, embedding.DIMENSIONS), dtype=np.float32)
    matrix = np.frombuffer(b"".join(bytes(v) for _, v in rows), dtype=np.float32).reshape(
        len(rows), -1
    )
    return [document_id for document_id, _ in rows], matrix
