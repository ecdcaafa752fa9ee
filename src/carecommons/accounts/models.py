from __future__ import annotations

import re
from datetime import date
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from carecommons.accounts.roles import BADGE_ORDER, Role

username_validator = RegexValidator(
    r"^[A-Za-z0-9](?:[A-Za-z0-9_.-]{1,28})[A-Za-z0-9]$",
    "Use 3 to 30 letters, digits, dots, dashes or underscores, starting and ending with a "
    "letter or digit.",
)


class MemberManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(username__iexact=username)


class User(AbstractUser):
    """A member. The username is a public pseudonym; no real name is ever required."""

    class HereAs(models.TextChoices):
        PATIENT = "patient", "a patient"
        CAREGIVER = "caregiver", "a caregiver"
        BOTH = "both", "a patient and a caregiver"
        CLINICIAN = "clinician", "a clinician"
        OTHER = "other", "something else"

    username = models.CharField(
        "username",
        max_length=30,
        unique=True,
        validators=[username_validator],
        help_text="Shown publicly. 3–30 letters, digits, dots, dashes or underscores.",
        error_messages={"unique": "That username is taken. Please choose another."},
    )
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(
        max_length=60, blank=True, help_text="Optional. Shown instead of your username."
    )
    bio = models.TextField(max_length=600, blank=True)
    here_as = models.CharField("I am here as", max_length=12, choices=HereAs.choices, blank=True)
    country = models.CharField(
        max_length=2, blank=True, help_text="Used for emergency numbers and care requests."
    )
    email_verified_at = models.DateTimeField(null=True, blank=True)
    specialty = models.CharField(max_length=120, blank=True)
    institution = models.CharField(max_length=160, blank=True)
    credentials = models.CharField(max_length=80, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]

    objects: ClassVar[MemberManager] = MemberManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("username"), name="unique_username_ci"),
            models.UniqueConstraint(Lower("email"), name="unique_email_ci"),
        ]

    def __str__(self) -> str:
        return self.username

    @property
    def name(self) -> str:
        return self.display_name or self.username

    @property
    def initials(self) -> str:
        # "Kel (Toby's mom)" → "K": a bracketed aside is not part of the name.
        words = re.findall(r"[^\W_]+", re.sub(r"\(.*?\)", " ", self.name))
        letters = "".join(word[0] for word in words[:2]) or self.username[:2]
        return letters.upper()

    @property
    def avatar_hue(self) -> int:
        # A stable colour per member so initials avatars are told apart at a glance.
        return sum(ord(c) for c in self.username) * 37 % 360

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def role_set(self) -> frozenset[str]:
        """Roles held, read from a prefetched `role_grants` when the caller prefetched them."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "role_grants" in cache:
            return frozenset(grant.role for grant in cache["role_grants"])
        if not hasattr(self, "_role_set"):
            self._role_set = frozenset(self.role_grants.values_list("role", flat=True))
        return self._role_set

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set() & set(roles))

    def badges(self) -> list[Role]:
        held = self.role_set()
        return [role for role in BADGE_ORDER if role in held]


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint("user", "role", name="one_grant_per_role")]

    def __str__(self) -> str:
        return f"{self.user} is {self.get_role_display()}"


class CaredPerson(models.Model):
    """Someone a member keeps records for or writes about: themselves or a person they care for.

    One model serves the whole product: "about my son, 1 year old" on a post, the blood count
    companion's records, appointment requests and registry enrolments.
    """

    class Relationship(models.TextChoices):
        SELF = "self", "myself"
        CHILD = "child", "my child"
        SON = "son", "my son"
        DAUGHTER = "daughter", "my daughter"
        PARTNER = "partner", "my partner"
        HUSBAND = "husband", "my husband"
        WIFE = "wife", "my wife"
        PARENT = "parent", "my parent"
        MOTHER = "mother", "my mother"
        FATHER = "father", "my father"
        SIBLING = "sibling", "my brother or sister"
        GRANDCHILD = "grandchild", "my grandchild"
        FRIEND = "friend", "a friend"
        OTHER = "other", "someone else"

    class Duffy(models.TextChoices):
        UNKNOWN = "unknown", "Not known"
        NULL = "null", "Duffy-null (Fy(a−b−))"
        NOT_NULL = "not_null", "Not Duffy-null"

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="cared_people")
    relationship = models.CharField(max_length=12, choices=Relationship.choices)
    nickname = models.CharField(
        max_length=40,
        blank=True,
        help_text="Private. Only you see it, e.g. a first name or “Dad”.",
    )
    date_of_birth = models.DateField(
        null=True,
        blank=True,
        help_text="Private. Used for age-specific reference ranges; others only ever see an age.",
    )
    duffy_status = models.CharField(
        "Duffy blood group status", max_length=10, choices=Duffy.choices, default=Duffy.UNKNOWN
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                "owner",
                condition=models.Q(relationship="self"),
                name="one_self_per_member",
            )
        ]

    def __str__(self) -> str:
        return self.private_label

    @property
    def private_label(self) -> str:
        """How the owner sees this person in their own lists."""
        if self.relationship == self.Relationship.SELF:
            return "Me"
        label = str(self.get_relationship_display())
        label = label[:1].upper() + label[1:]
        return f"{label} ({self.nickname})" if self.nickname else label

    def age_years(self, on: date | None = None) -> float | None:
        if self.date_of_birth is None:
            return None
        on = on or timezone.localdate()
        return (on - self.date_of_birth).days / 365.25

    @property
    def public_label(self) -> str:
        """What others see on a post: a relationship and an age, never a name or birth date."""
        relationship = self.get_relationship_display()
        if self.relationship == self.Relationship.SELF:
            relationship = "me"
        age = self.age_years()
        if age is None:
            return f"About {relationship}"
        return f"About {relationship}, {age_phrase(age)}"


def age_phrase(years: float) -> str:
    """A coarse, non-identifying age: months for babies, years for children, decades for adults."""
    if years < 0:
        return "age not known"
    if years < 2:
        months = int(years * 12)
        return f"{months} month{'s' if months != 1 else ''} old" if months < 24 else "1 year old"
    if years < 18:
        whole = int(years)
        return f"{whole} years old"
    decade = int(years // 10) * 10
    return f"in their {decade}s"


class Block(models.Model):
    """`blocker` no longer hears from `blocked`: no notifications, mentions or messages."""

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_received")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint("blocker", "blocked", name="one_block_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="no_self_block"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} blocks {self.blocked}"
