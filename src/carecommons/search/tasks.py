"""Background work for search: embeddings and packed lists. Tasks take IDs, reload, re-check."""

from __future__ import annotations

from django.tasks import task

from carecommons.search import services


@task()
def embed_documents(*, document_ids: list[int]) -> int:
    """Embed documents whose text changed; removed documents are skipped (re-checked)."""
    done = services.embed_documents(document_ids)
    if done:
        services.maybe_train_index()
        services.pack_lists()
    return done


@task()
def pack_vector_lists() -> int:
    """Re-pack the lists of the approximate index that changed (see VectorListSnapshot)."""
    return services.pack_lists()
