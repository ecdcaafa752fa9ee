"""Factories that build data through the same services the app uses."""

from __future__ import annotations

import factory
from django.utils import timezone

from carecommons.accounts import services as accounts
from carecommons.accounts.models import User
from carecommons.accounts.roles import Role
from carecommons.community import services as community
from carecommons.community.models import Discussion, Group, Reply

PASSWORD = "a-long-test-password-42"

ROLE_USERNAMES = {
    Role.MENTOR.value: "mentor_mae",
    Role.MODERATOR.value: "moderator_max",
    Role.EXPERT.value: "expert_eve",
    Role.EDITOR.value: "editor_ed",
    Role.COORDINATOR.value: "coordinator_cy",
    Role.REGISTRY_STAFF.value: "registry_rae",
    Role.ADMIN.value: "admin_ada",
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    email_verified_at = factory.LazyFunction(timezone.now)
    here_as = "patient"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        for role in extracted or []:
            accounts.grant_role(obj, Role(role), by=obj, reason="test set-up")
            if role == Role.ADMIN:
                obj.is_staff = True


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"group-{n}")
    name = factory.Sequence(lambda n: f"Group {n}")
    description = "People sharing their experience."
    rules = "Be kind. Share experience, not advice."


class DiscussionFactory(factory.Factory):
    class Meta:
        model = Discussion

    author = factory.SubFactory(UserFactory)
    group = factory.SubFactory(GroupFactory)
    title = factory.Sequence(lambda n: f"A discussion number {n}")
    body = "My son is one year old and his neutrophil count was low at the last check."
    is_anonymous = False
    members_only = False

    @classmethod
    def _create(cls, model_class, **kwargs):
        return community.create_discussion(**kwargs)

    _build = _create


class ReplyFactory(factory.Factory):
    class Meta:
        model = Reply

    author = factory.SubFactory(UserFactory)
    discussion = factory.SubFactory(DiscussionFactory)
    body = "We went through the same thing; keep asking your care team questions."

    @classmethod
    def _create(cls, model_class, **kwargs):
        return community.post_reply(**kwargs)

    _build = _create
