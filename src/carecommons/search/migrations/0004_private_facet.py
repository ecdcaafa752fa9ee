"""Facet words mark private documents (`xprivate`) instead of public ones (`xpublic`).

See backends.facet_tokens: a word carried by nearly every document made every visitor's search
intersect with a doclist as long as the index. On SQLite the update triggers rewrite each
document's FTS5 row; PostgreSQL does not read this column.
"""

from typing import Any

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Concat, Replace


def mark_private(apps: Any, schema_editor: Any) -> None:
    documents = apps.get_model("search", "SearchDocument").objects
    documents.filter(public=True, facets__contains="xpublic").update(
        facets=Replace(F("facets"), Value(" xpublic"), Value(""))
    )
    documents.filter(public=False).exclude(facets__contains="xprivate").update(
        facets=Concat(F("facets"), Value(" xprivate"))
    )


def mark_public(apps: Any, schema_editor: Any) -> None:
    documents = apps.get_model("search", "SearchDocument").objects
    documents.filter(public=False).update(
        facets=Replace(F("facets"), Value(" xprivate"), Value(""))
    )
    documents.filter(public=True).exclude(facets__contains="xpublic").update(
        facets=Concat(F("facets"), Value(" xpublic"))
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0003_vector_list_versions")]

    operations = [migrations.RunPython(mark_private, mark_public)]
