"""A snapshot card under a post: values and an age band, frozen at share time."""

from __future__ import annotations

from django.urls import reverse

from carecommons.community.models import Reply
from carecommons.health.models import LabValue, PostLabNote


def test_share_into_a_discussion_posts_a_reply_with_a_frozen_card(
    client, member, husband, record, discussion
):
    client.force_login(member)
    url = reverse("health:share_record", args=[record.pk]) + f"?discussion={discussion.pk}"
    page = client.get(url).content.decode()
    assert "in their 50s" in page and "Baghdad" not in page and "1968" not in page
    response = client.post(url, {"where": f"d{discussion.pk}", "body": "His counts from today."})
    reply = Reply.objects.get(discussion=discussion)
    assert response.status_code == 302 and response["Location"] == reply.get_absolute_url()
    note = PostLabNote.objects.get(reply=reply)
    assert note.snapshot["age_band"] == "in their 50s"

    LabValue.objects.filter(record=record, key="ANC").update(value_text="9.9")
    record.delete()  # the card stays as it was
    body = client.get(discussion.get_absolute_url()).content.decode()
    assert "Blood count snapshot" in body
    assert "0.6 K/uL" in body and "4.2 K/uL" in body and "in their 50s" in body
    assert "Baghdad" not in body and "Karim" not in body and "1968" not in body


def test_share_by_starting_a_discussion(client, member, record, public_group):
    client.force_login(member)
    url = reverse("health:share_record", args=[record.pk])
    response = client.post(url, {"where": f"g{public_group.pk}", "title": "Short", "body": "Hello"})
    assert response.status_code == 400
    assert "at least 10 characters" in response.content.decode()
    assert 'value="Short"' in response.content.decode()
    response = client.post(
        url,
        {
            "where": f"g{public_group.pk}",
            "title": "My husband's lymphocytes",
            "body": "Here they are.",
        },
    )
    assert response.status_code == 302
    note = PostLabNote.objects.get(reply=None)
    assert note.snapshot is not None and note.discussion.title == "My husband's lymphocytes"
