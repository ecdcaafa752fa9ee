"""The index follows the community in the same transaction; private data is never indexed."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from carecommons.community import services as community
from carecommons.community.models import PostStatus
from carecommons.search.models import Kind, SearchDocument, SearchTerm
from tests.factories import DiscussionFactory, ReplyFactory


def doc(discussion):
    return SearchDocument.objects.filter(kind=Kind.DISCUSSION, object_id=discussion.pk).first()


@pytest.mark.django_db
def test_created_edited_replied_hidden_restored_deleted(member, other_member, public_group):
    discussion = DiscussionFactory(author=member, group=public_group, title="Gums bleeding at 20")
    assert doc(discussion).title == "Gums bleeding at 20"
    community.edit_discussion(
        discussion, editor=member, title="Gums bleeding, platelets 20", body="Sore."
    )
    assert doc(discussion).title == "Gums bleeding, platelets 20"
    reply = ReplyFactory(
        author=other_member, discussion=discussion, body="Ask about tranexamic acid."
    )
    assert "tranexamic" in doc(discussion).body
    community.set_status(reply, PostStatus.HIDDEN)
    assert "tranexamic" not in doc(discussion).body
    community.set_status(reply, PostStatus.PUBLISHED)
    community.edit_reply(reply, editor=other_member, body="Ask your team about mouthwash.")
    assert "mouthwash" in doc(discussion).body and "tranexamic" not in doc(discussion).body
    community.set_status(discussion, PostStatus.HIDDEN)
    assert doc(discussion) is None
    community.set_status(discussion, PostStatus.PUBLISHED)
    assert doc(discussion) is not None
    community.delete_discussion(discussion, by=member)
    assert doc(discussion) is None


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_post_leaves_no_index_row_and_a_committed_one_is_searchable(
    member, public_group
):
    def crash() -> None:
        with transaction.atomic():
            DiscussionFactory(author=member, group=public_group, title="Never committed quokka")
            assert SearchDocument.objects.filter(title__contains="quokka").exists()
            raise RuntimeError("crash before commit")

    with pytest.raises(RuntimeError):
        crash()
    assert not SearchDocument.objects.filter(title__contains="quokka").exists()
    DiscussionFactory(author=member, group=public_group, title="Committed quokka story")
    assert SearchDocument.objects.filter(title__contains="quokka").count() == 1


@pytest.mark.django_db
def test_members_only_and_anonymous_are_flagged(member, public_group, members_group):
    closed = DiscussionFactory(author=member, group=members_group, title="In the circle")
    quiet = DiscussionFactory(
        author=member, group=public_group, title="Quiet one", members_only=True
    )
    anonymous = DiscussionFactory(
        author=member, group=public_group, title="Nameless", is_anonymous=True
    )
    assert doc(closed).public is False and doc(quiet).public is False
    assert doc(anonymous).author_id is None


@pytest.mark.django_db
def test_private_messages_and_health_records_are_never_indexed():
    from carecommons.search import services

    source = io.StringIO()
    for module in ("services", "selectors", "tasks", "backends"):
        with open(f"src/carecommons/search/{module}.py", encoding="utf-8") as handle:
            source.write(handle.read())
    text = source.getvalue()
    for private_app in ("messaging", "health", "labs", "care", "registry"):
        assert f"carecommons.{private_app}" not in text
    assert set(SearchDocument.objects.values_list("kind", flat=True)) <= {"discussion", "article"}
    assert services.index_document  # the one entry point; only community and articles call it
    assert apps.get_app_config("search")


@pytest.mark.django_db
def test_reindex_rebuilds_with_a_progress_bar(member, public_group, capsys):
    first = DiscussionFactory(author=member, group=public_group, title="Rebuild me please")
    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()
    out = io.StringIO()
    call_command("reindex", "--skip-embeddings", stdout=out)
    assert "Indexed 1 discussions." in out.getvalue()
    assert "100.0% 1/1" in capsys.readouterr().err
    assert doc(first) is not None
    assert SearchTerm.objects.filter(word="rebuild").exists()
