"""A version per list of the approximate index, kept by the database itself.

Every insert, update or delete of an embedding gives its list a new random version (old and
new list on an update; list -1 stands for vectors in no list, i.e. all of them before the index
is trained), so the per-process cache of decoded lists (selectors.nearest) notices any change,
whichever code path made it: services, cascaded deletes, bulk writes. Random rather than
counted: a rolled-back change followed by another one can never bring back a version that a
process cached with other content. Only lists with a row have a version: -1 always, and
`services.train_vector_index` creates one row per list.
"""

from typing import Any

from django.db import migrations, models

SQLITE_FORWARD = [
    """CREATE TRIGGER search_embedding_list_ai AFTER INSERT ON search_embedding BEGIN
        UPDATE search_vectorlist SET version = random() WHERE number = coalesce(new.bucket, -1);
    END""",
    """CREATE TRIGGER search_embedding_list_au AFTER UPDATE ON search_embedding
    WHEN old.vector IS NOT new.vector OR old.public IS NOT new.public
        OR old.bucket IS NOT new.bucket OR old.model IS NOT new.model
    BEGIN
        UPDATE search_vectorlist SET version = random()
            WHERE number IN (coalesce(old.bucket, -1), coalesce(new.bucket, -1));
    END""",
    """CREATE TRIGGER search_embedding_list_ad AFTER DELETE ON search_embedding BEGIN
        UPDATE search_vectorlist SET version = random() WHERE number = coalesce(old.bucket, -1);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_embedding_list_ad",
    "DROP TRIGGER IF EXISTS search_embedding_list_au",
    "DROP TRIGGER IF EXISTS search_embedding_list_ai",
]
POSTGRES_FORWARD = [
    """CREATE FUNCTION search_embedding_touch_list() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            UPDATE search_vectorlist SET version = floor(random() * 9e15)::bigint
                WHERE number = coalesce(NEW.bucket, -1);
        ELSIF TG_OP = 'UPDATE' THEN
            IF OLD.vector IS NOT DISTINCT FROM NEW.vector AND OLD.public = NEW.public
                AND OLD.bucket IS NOT DISTINCT FROM NEW.bucket AND OLD.model = NEW.model THEN
                RETURN NULL;
            END IF;
            UPDATE search_vectorlist SET version = floor(random() * 9e15)::bigint
                WHERE number IN (coalesce(OLD.bucket, -1), coalesce(NEW.bucket, -1));
        ELSE
            UPDATE search_vectorlist SET version = floor(random() * 9e15)::bigint
                WHERE number = coalesce(OLD.bucket, -1);
        END IF;
        RETURN NULL;
    END
    $$""",
    """CREATE TRIGGER search_embedding_list AFTER INSERT OR UPDATE OR DELETE
        ON search_embedding FOR EACH ROW EXECUTE FUNCTION search_embedding_touch_list()""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_embedding_list ON search_embedding",
    "DROP FUNCTION IF EXISTS search_embedding_touch_list()",
]


def _run(schema_editor: Any, statements: list[str]) -> None:
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def forward(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARD)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_FORWARD)
    else:
        raise RuntimeError(f"carecommons search supports SQLite and PostgreSQL, not {vendor}.")
    # List -1 (vectors in no list), and the lists of an index trained before this migration.
    vector_index = apps.get_model("search", "VectorIndex")
    vector_list = apps.get_model("search", "VectorList")
    lists = max(vector_index.objects.values_list("lists", flat=True), default=0)
    vector_list.objects.bulk_create([vector_list(number=n) for n in range(-1, lists)])


def backward(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_BACKWARD)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.CreateModel(
            name="VectorList",
            fields=[
                ("number", models.IntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(forward, backward),
    ]
