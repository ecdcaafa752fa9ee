"""Data migrations of the search index, run forward and back on a real database."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from carecommons.search.backends import Filters, backend
from carecommons.search.query import parse

BEFORE = [("search", "0003_vector_list_versions")]
AFTER = [("search", "0004_private_facet")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_facets_mark_private_documents_with_words_no_search_can_match():
    old = _migrate(BEFORE).get_model("search", "SearchDocument")
    shared = {"kind": "discussion", "body": "Counts rose after the hydroxyurea pause.", "url": "/"}
    old.objects.create(
        object_id=1, title="Open story", public=True, facets="xkdiscussion xpublic", **shared
    )
    old.objects.create(
        object_id=2,
        title="Members story",
        public=False,
        group_id=5,
        author_id=7,
        has_expert_answer=True,
        facets="xkdiscussion xg5 xa7 xexpert",
        **shared,
    )

    new = _migrate(AFTER).get_model("search", "SearchDocument")
    assert dict(new.objects.values_list("object_id", "facets")) == {
        1: "_kdiscussion",
        2: "_kdiscussion _private _g5 _a7 _expert",
    }
    visitor_total, visitor_ids = backend().search(
        parse("hydroxyurea"), Filters(public_only=True), by_date=False, offset=0, limit=10
    )
    member_total, _ = backend().search(
        parse("hydroxyurea"), Filters(public_only=False), by_date=False, offset=0, limit=10
    )
    assert (visitor_total, member_total) == (1, 2)
    assert new.objects.get(pk=visitor_ids[0]).object_id == 1
    in_group, _ = backend().search(
        parse("hydroxyurea"),
        Filters(public_only=False, group_id=5),
        by_date=False,
        offset=0,
        limit=10,
    )
    assert in_group == 1
    for facet_word in ("private", "_private", "expert", "g5", "xg5"):
        assert backend().search(
            parse(facet_word), Filters(public_only=False), by_date=False, offset=0, limit=10
        ) == (0, []), facet_word

    old = _migrate(BEFORE).get_model("search", "SearchDocument")
    assert dict(old.objects.values_list("object_id", "facets")) == {
        1: "xkdiscussion xpublic",
        2: "xkdiscussion xg5 xa7 xexpert",
    }
