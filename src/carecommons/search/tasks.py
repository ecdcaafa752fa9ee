"""Background work for search: embeddings. Tasks take IDs, reload and re-check."""

from __future__ import annotations

from django.tasks import task

from carecommons.search import services


@task()
def embed_documents(*, document_ids: list[int]) -> int:
    """Embed documents whose text changed; removed documents are skipped (re-checked)."""
    done = services.embed_documents(document_ids)
    if done:
        services.maybe_train_index()
    return done
