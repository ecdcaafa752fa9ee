"""Full-text and trigram structures, one path per database (they need raw SQL).

SQLite: FTS5 tables kept in step by triggers inside the writing transaction.
  search_fts      external content over search_searchdocument(title, body, facets),
                  porter stemming + unicode61 (diacritics folded), prefix index for 2-3 letters.
  search_term_tri trigram index over search_searchterm(word) for "did you mean".
PostgreSQL: a generated, weighted tsvector column with a GIN index, and pg_trgm's GIN index on
the vocabulary. pg_trgm must be installable (Debian: it ships with postgresql-contrib, which the
postgresql package pulls in); the migration stops with a clear message when it is not.
"""

from typing import Any

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, facets,
        content='search_searchdocument', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2', prefix='2 3'
    )""",
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
    """CREATE VIRTUAL TABLE search_term_tri USING fts5(
        word, content='search_searchterm', content_rowid='id', tokenize='trigram'
    )""",
    """CREATE TRIGGER search_term_tri_ai AFTER INSERT ON search_searchterm BEGIN
        INSERT INTO search_term_tri(rowid, word) VALUES (new.id, new.word);
    END""",
    """CREATE TRIGGER search_term_tri_ad AFTER DELETE ON search_searchterm BEGIN
        INSERT INTO search_term_tri(search_term_tri, rowid, word) VALUES ('delete', old.id, old.word);
    END""",
    # Rows that exist already (none on a fresh install) go into the new indexes.
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    "INSERT INTO search_term_tri(search_term_tri) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_term_tri_ad",
    "DROP TRIGGER IF EXISTS search_term_tri_ai",
    "DROP TABLE IF EXISTS search_term_tri",
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_FORWARD = [
    """ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('english', coalesce(title, '')), 'A')
            || setweight(to_tsvector('english', coalesce(body, '')), 'B')
        ) STORED""",
    "CREATE INDEX search_document_vector ON search_searchdocument USING GIN (search_vector)",
    "CREATE INDEX search_term_trgm ON search_searchterm USING GIN (word gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_term_trgm",
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
]
PG_TRGM_MISSING = (
    "carecommons search needs the PostgreSQL extension pg_trgm (typo suggestions). "
    "Install it on the database server (Debian: apt-get install postgresql-contrib, part of the "
    "postgresql package) and make sure the migrating role may run CREATE EXTENSION pg_trgm "
    "(or ask a superuser to run it once in this database), then run migrate again. "
    "Database said: {error}"
)


def _run(schema_editor: Any, statements: list[str]) -> None:
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _create_pg_trgm(schema_editor: Any) -> None:
    from django.db import DatabaseError, transaction

    try:
        with (
            transaction.atomic(using=schema_editor.connection.alias),
            schema_editor.connection.cursor() as cursor,
        ):
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        raise RuntimeError(PG_TRGM_MISSING.format(error=error)) from error


def forward(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARD)
    elif vendor == "postgresql":
        _create_pg_trgm(schema_editor)
        _run(schema_editor, POSTGRES_FORWARD)
    else:
        raise RuntimeError(f"carecommons search supports SQLite and PostgreSQL, not {vendor}.")


def backward(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_BACKWARD)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
