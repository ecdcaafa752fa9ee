"""The search index: one row per searchable document, its vocabulary and its embedding.

Only what every reader of that document may see is stored here: a discussion is indexed while
it is published and not deleted (its text includes its published replies); it is removed when
it is hidden, held or deleted. `public` says whether visitors (not signed in) may see it.
Private messages and health records are never indexed: no code path writes them here.

The full-text structures live next to these tables and are kept in step by the database itself
(migration 0002): on SQLite an FTS5 external-content table fed by triggers, on PostgreSQL a
generated `tsvector` column with a GIN index; the vocabulary gets an FTS5 trigram table on
SQLite and a pg_trgm GIN index on PostgreSQL.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    DISCUSSION = "discussion", "Discussion"
    ARTICLE = "article", "Article"


class SearchDocument(models.Model):
    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(help_text="Plain text: the post and its published replies.")
    url = models.CharField(max_length=500)
    public = models.BooleanField(default=True, help_text="Visitors may see it.")
    group_id = models.PositiveBigIntegerField(null=True, blank=True)
    group_name = models.CharField(max_length=100, blank=True)
    author_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Empty for anonymous posts: never searchable by author."
    )
    has_expert_answer = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    facets = models.TextField(
        blank=True, help_text="Filter tokens (kind, group, author, public) for the FTS5 index."
    )
    indexed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint("kind", "object_id", name="search_document_unique"),
        ]
        indexes = [models.Index(fields=["-created_at"], name="search_document_created")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


class SearchTerm(models.Model):
    """Words seen in indexed text, for "did you mean" (trigram similarity).

    Insert-only between rebuilds; a suggestion is offered only when it finds something the
    reader may see, so a word from removed or private text never leaks through it.
    """

    word = models.CharField(max_length=40, unique=True)

    def __str__(self) -> str:
        return self.word


class Embedding(models.Model):
    """A document's sentence embedding (float32 bytes), computed by the worker."""

    document = models.OneToOneField(
        SearchDocument, primary_key=True, on_delete=models.CASCADE, related_name="embedding"
    )
    vector = models.BinaryField()
    model = models.CharField(max_length=60)
    text_hash = models.CharField(max_length=64)
    bucket = models.IntegerField(
        null=True, blank=True, db_index=True, help_text="Nearest centroid (approximate index)."
    )
    public = models.BooleanField(default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"embedding of {self.document_id}"


class VectorIndex(models.Model):
    """The approximate (IVF) index: k-means centroids over all embeddings."""

    model = models.CharField(max_length=60, unique=True)
    centroids = models.BinaryField()
    lists = models.PositiveIntegerField()
    trained_on = models.PositiveIntegerField(help_text="How many vectors it was trained on.")
    trained_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "vector indexes"

    def __str__(self) -> str:
        return f"{self.model}: {self.lists} lists"


class VectorList(models.Model):
    """A version counter per list of the approximate index, for the per-process vector cache.

    Database triggers (migration 0003) give a list a new random version whenever one of its
    embeddings is inserted, updated (vector, public flag, list) or deleted — by any code path,
    cascades and bulk writes included — so a cached copy of the list is re-read once it changed.
    List -1 holds the vectors in no list (all of them before the index is trained).
    """

    number = models.IntegerField(primary_key=True)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"list {self.number} v{self.version}"


class VectorListSnapshot(models.Model):
    """One list of the approximate index packed into a row: a cold read is one row, not ~500.

    Reading a list row by row cost ~5 µs per vector, ~40–80 ms per similar-stories lookup at a
    million documents (docs/search.md). The worker packs lists (services.pack_lists) after it
    stores embeddings or retrains, and whenever a change in a request (a hidden post, a group
    made private) scheduled it. A snapshot is used only while `version` equals its list's
    current version (VectorList, kept by database triggers); a stale one is ignored and the list
    is read row by row. Kept apart from VectorList so the triggers never rewrite these blobs.
    """

    number = models.IntegerField(primary_key=True)
    version = models.BigIntegerField(help_text="The list's version when it was packed.")
    ids = models.BinaryField(help_text="Document ids, int64.")
    public = models.BinaryField(help_text="Visitors may see it, one byte per document.")
    vectors = models.BinaryField(help_text="The embeddings, float32, in the order of `ids`.")

    def __str__(self) -> str:
        return f"snapshot of list {self.number} v{self.version}"
