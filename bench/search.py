"""Search quality and speed (issue 6).

Quality (real embeddings): health_qa.jsonl records of BENCH_SEARCH_TOPICS topics (focus) with
at least 3 records each become discussions; each record's question, rephrased around its topic,
is a query; recall@5 = share of the top 5 (or of all same-topic records, if fewer) that share
its topic, for embeddings vs the full-text baseline (BM25 on the key words).
Speed: BENCH_SEARCH_SIZES (default 20000; e.g. "100000,1000000") documents drawn from the corpus,
bulk-indexed into a fresh database (SQLite in a temp dir, or DATABASE_URL: give it a database of
its own, the bench empties the search tables); indexing posts/s, search p50/p95 for typical
queries, similar-stories p50/p95 (vectors derived from 200 real corpus embeddings with small
perturbations, as the report says) with a cold list cache (first pass over 50 queries) and a
warm one (same queries again), IVF recall@5 against brute force for stored vectors as queries
and for 50 real query embeddings, peak memory (ru_maxrss), and the labelled queries of
search_queries.json: is the right record among the top 10 distinct titles.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from bench.table import Table

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "health_qa.jsonl"
QUERIES = [
    "neutropenia",
    "iron deficiency anemia",
    "leukemia treatment",
    '"bone marrow"',
    "fever child",
    "treatment",  # one common word: matches ~30% of the documents
]
REPHRASE = {
    "information": "Can someone explain {f} to me? I was just told about it.",
    "symptoms": "What signs did you notice with {f}?",
    "treatment": "How was {f} treated for you or your family?",
}


def _setup() -> None:
    os.environ.setdefault("CARECOMMONS_DATA_DIR", tempfile.mkdtemp(prefix="bench-search-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carecommons.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _records() -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(0.95 * (len(ordered) - 1))] * 1000


def run() -> list[Table]:
    _setup()
    import numpy as np
    from django.db import transaction

    from carecommons.search import embedding, selectors, services
    from carecommons.search.backends import COUNT_CAP, Filters, backend
    from carecommons.search.models import Embedding, SearchDocument
    from carecommons.search.query import Parsed, key_words, parse

    records = _records()
    rng = random.Random(6)
    by_topic: dict[str, list[dict[str, str]]] = {}
    for r in records:
        by_topic.setdefault(r["focus"], []).append(r)
    topics = [t for t, rs in by_topic.items() if len(rs) >= 3]
    rng.shuffle(topics)
    chosen = [
        r for t in topics[: int(os.environ.get("BENCH_SEARCH_TOPICS", "60"))] for r in by_topic[t]
    ]
    SearchDocument.objects.all().delete()
    docs = [
        services.index_document(
            kind="discussion",
            object_id=i + 1,
            title=r["question"],
            body=r["answer"],
            url=f"/d/{i + 1}/",
            embed=False,
        )
        for i, r in enumerate(chosen)
    ]
    services.embed_documents([d.pk for d in docs])
    topic_of = {d.pk: r["focus"] for d, r in zip(docs, chosen, strict=True)}
    hits = {"embeddings": [], "full-text": []}
    for d, r in zip(docs, chosen, strict=True):
        query = REPHRASE.get(r["qtype"], "Does anyone know about {f}?").format(f=r["focus"])
        same = sum(1 for v in topic_of.values() if v == r["focus"]) - 1
        want = min(5, same)
        vec = embedding.embed([query])[0]
        e_ids = selectors.nearest(vec, public_only=True, exclude=d.pk, limit=5)
        _, f_ids = backend().search(
            Parsed(tuple(key_words(query, ""))),
            Filters(exclude_id=d.pk),
            by_date=False,
            offset=0,
            limit=5,
            any_word=True,
        )
        for name, ids in (("embeddings", e_ids), ("full-text", f_ids)):
            hits[name].append(sum(1 for i in ids if topic_of.get(i) == r["focus"]) / want)
    quality = Table(
        "Similar stories quality (recall@5, same-topic neighbours)",
        ["method", "queries", "recall@5"],
        [],
    )
    for name, values in hits.items():
        quality.rows.append([name, len(values), f"{statistics.mean(values):.3f}"])
    base = embedding.embed([f"{r['question']} {r['answer'][:500]}" for r in chosen[:200]])
    from django.db import connection

    real_queries = embedding.embed(
        [
            REPHRASE.get(r["qtype"], "Does anyone know about {f}?").format(f=r["focus"])
            for r in chosen[:50]
        ]
    )
    speed = Table(
        f"Search speed ({connection.vendor})",
        [
            "documents",
            "index posts/s",
            "search p50 ms",
            "search p95 ms",
            "similar p50/p95 ms cold",
            "similar p50/p95 ms warm",
            "IVF recall@5 stored/real",
            "lists",
            "peak MB",
            "labelled top-10 distinct",
        ],
        [],
    )
    for size in [int(s) for s in os.environ.get("BENCH_SEARCH_SIZES", "20000").split(",")]:
        SearchDocument.objects.all().delete()
        began = time.perf_counter()
        batch = []
        for i in range(size):
            r = records[i % len(records)]
            batch.append(
                SearchDocument(
                    kind="discussion",
                    object_id=i + 1,
                    title=r["question"],
                    body=r["answer"][:1500],
                    url=f"/d/{i + 1}/",
                    public=True,
                    facets="_kdiscussion",
                )
            )
            if len(batch) == 2000:
                SearchDocument.objects.bulk_create(batch)
                batch = []
        SearchDocument.objects.bulk_create(batch)
        rate = size / (time.perf_counter() - began)
        # The vocabulary (which words are whole words, "did you mean") as indexing builds it.
        with transaction.atomic():
            for r in records[:size]:
                services.add_words(f"{r['question']} {r['answer'][:1500]}")
        ids = list(SearchDocument.objects.values_list("pk", flat=True))
        noise = (
            np.random.default_rng(1)
            .normal(0, 0.02, (len(ids), embedding.DIMENSIONS))
            .astype(np.float32)
        )
        vectors = base[np.arange(len(ids)) % len(base)] + noise
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        # One transaction per batch, as the worker stores them: each insert renews its list's
        # version (a trigger), and on PostgreSQL a million updates of one row inside a single
        # transaction grow a version chain that every next update walks (hours).
        for start in range(0, len(ids), 2000):
            Embedding.objects.bulk_create(
                [
                    Embedding(
                        document_id=i,
                        vector=v.tobytes(),
                        model=embedding.MODEL_NAME,
                        text_hash="",
                        public=True,
                    )
                    for i, v in zip(
                        ids[start : start + 2000], vectors[start : start + 2000], strict=True
                    )
                ]
            )
        services.maybe_train_index()
        services.pack_lists()  # as the worker does after training
        search_times = []
        for _ in range(20):
            for q in QUERIES:
                t = time.perf_counter()
                backend().search(parse(q), Filters(), by_date=False, offset=0, limit=10)
                search_times.append(time.perf_counter() - t)
        selectors._lists.clear()
        rounds: list[list[float]] = [[], []]
        recall = []
        for times in rounds:
            for k in range(50):
                v = vectors[k * 7 % len(ids)]
                t = time.perf_counter()
                got = selectors.nearest(v, public_only=True, exclude=None, limit=5)
                times.append(time.perf_counter() - t)
                if times is rounds[0]:
                    exact = [ids[i] for i in np.argsort(-(vectors @ v))[:5]]
                    recall.append(len(set(got) & set(exact)) / 5)
        real_recall = []
        for v in real_queries:
            got = selectors.nearest(v, public_only=True, exclude=None, limit=5)
            exact = [ids[i] for i in np.argsort(-(vectors @ v))[:5]]
            real_recall.append(len(set(got) & set(exact)) / 5)
        from carecommons.search.models import VectorIndex

        lists = VectorIndex.objects.values_list("lists", flat=True).first() or 0
        labelled = json.loads(
            (Path(__file__).parent / "search_queries.json").read_text(encoding="utf-8")
        )
        found = 0
        for item in labelled:
            # Each corpus record is indexed size/16,359 times over: the top 10 *distinct*
            # titles (out of every result a reader can page to) is what a reader would see
            # were each record there once.
            _, hit_ids = backend().search(
                parse(item["query"]), Filters(), by_date=False, offset=0, limit=COUNT_CAP
            )
            by_id = dict(SearchDocument.objects.filter(pk__in=hit_ids).values_list("pk", "title"))
            distinct = list(dict.fromkeys(by_id[i] for i in hit_ids))
            found += item["title"] in distinct[:10]
        s50, s95 = _ms(search_times)
        c50, c95 = _ms(rounds[0])
        w50, w95 = _ms(rounds[1])
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        speed.rows.append(
            [
                size,
                f"{rate:.0f}",
                f"{s50:.1f}",
                f"{s95:.1f}",
                f"{c50:.1f} / {c95:.1f}",
                f"{w50:.1f} / {w95:.1f}",
                f"{statistics.mean(recall):.3f} / {statistics.mean(real_recall):.3f}",
                lists,
                f"{peak:.0f}",
                f"{found}/{len(labelled)}",
            ]
        )
    return [quality, speed]
