"""Filter words that no search term can match, and that mark the few instead of the many.

Facets were "xkdiscussion xpublic xg5 …"; they become "_kdiscussion _g5 … _private" (see
backends.facet_tokens): private documents are marked instead of public ones, and every word
starts with "_", which the SQLite index now keeps inside tokens (`tokenchars _`) while searches
never produce it, so searches need no column filter. On SQLite the FTS5 table is re-created with
that tokenizer and rebuilt from the documents (minutes for a million documents); PostgreSQL does
not read the column.
"""

from typing import Any

from django.db import migrations
from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Cast, Concat

TRIGGERS = [
    """CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title, body, facets)
        VALUES (new.id, new.title, new.body, new.facets);
    END""",
    """CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body, facets)
        VALUES ('delete', old.id, old.title, old.body, old.facets);
    END""",
    """CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body, facets)
        VALUES ('delete', old.id, old.title, old.body, old.facets);
        INSERT INTO search_fts(rowid, title, body, facets)
        VALUES (new.id, new.title, new.body, new.facets);
    END""",
]
DROP = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
TOKENIZER = "porter unicode61 remove_diacritics 2"


def _create(tokenizer: str) -> list[str]:
    return [
        f"""CREATE VIRTUAL TABLE search_fts USING fts5(
            title, body, facets,
            content='search_searchdocument', content_rowid='id',
            tokenize='{tokenizer}', prefix='2 3'
        )""",
        *TRIGGERS,
        "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    ]


def _word(prefix: str, condition: Q, value: Any) -> Case:
    return Case(When(condition, then=Concat(Value(prefix), value)), default=Value(""))


def _facets(mark: str, *, private_marked: bool) -> Concat:
    """The facet words of a document, built in SQL from its own columns (one UPDATE)."""
    visibility = (
        _word(f" {mark}", Q(public=False), Value("private"))
        if private_marked
        else _word(f" {mark}", Q(public=True), Value("public"))
    )
    return Concat(
        Value(f"{mark}k"),
        F("kind"),
        visibility,
        _word(f" {mark}g", Q(group_id__isnull=False), Cast("group_id", CharField())),
        _word(f" {mark}a", Q(author_id__isnull=False), Cast("author_id", CharField())),
        _word(f" {mark}", Q(has_expert_answer=True), Value("expert")),
        output_field=CharField(),
    )


def _rewrite(apps: Any, schema_editor: Any, *, tokenizer: str, facets: Concat) -> None:
    sqlite = schema_editor.connection.vendor == "sqlite"
    with schema_editor.connection.cursor() as cursor:
        if sqlite:  # drop first, so the UPDATE does not rewrite the old index row by row
            for statement in DROP:
                cursor.execute(statement)
        apps.get_model("search", "SearchDocument").objects.update(facets=facets)
        if sqlite:
            for statement in _create(tokenizer):
                cursor.execute(statement)


def forward(apps: Any, schema_editor: Any) -> None:
    _rewrite(
        apps,
        schema_editor,
        tokenizer=f"{TOKENIZER} tokenchars _",
        facets=_facets("_", private_marked=True),
    )


def backward(apps: Any, schema_editor: Any) -> None:
    _rewrite(apps, schema_editor, tokenizer=TOKENIZER, facets=_facets("x", private_marked=False))


class Migration(migrations.Migration):
    dependencies = [("search", "0003_vector_list_versions")]

    operations = [migrations.RunPython(forward, backward)]
