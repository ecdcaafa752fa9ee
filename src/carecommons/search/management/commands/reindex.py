"""`carecommons reindex`: rebuild the search index (and missing embeddings) with a progress bar."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from carecommons.search import embedding, services


def progress_bar(label: str, stream: Any) -> Any:
    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        percent = 100 * done / total if total else 100
        stream.write(
            f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {percent:5.1f}% {done}/{total}"
        )
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show


class Command(BaseCommand):
    help = "Rebuild the full-text search index, then compute missing embeddings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--skip-embeddings", action="store_true", help="Only rebuild the full-text index."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stream = sys.stderr if options.get("verbosity", 1) else open("/dev/null", "w")  # noqa: SIM115
        total = services.rebuild(progress=progress_bar("Text index ", stream))
        self.stdout.write(f"Indexed {total} discussions.")
        if options["skip_embeddings"]:
            return
        if not embedding.available():
            self.stdout.write(
                "Similar stories use full-text similarity: the optional model package is not "
                f"installed (missing: {embedding.unavailable_reason()})."
            )
            return
        missing = services.missing_embeddings()
        show = progress_bar("Embeddings ", stream)
        show(0, len(missing))
        for start in range(0, len(missing), 64):
            services.embed_documents(missing[start : start + 64])
            show(min(start + 64, len(missing)), len(missing))
        lists = services.maybe_train_index()
        packed = services.pack_lists(progress=progress_bar("Lists      ", stream))
        self.stdout.write(
            f"Embedded {len(missing)} documents."
            + (f" Approximate index: {lists} lists." if lists else "")
            + (f" Packed {packed} lists for fast reading." if packed else "")
        )
