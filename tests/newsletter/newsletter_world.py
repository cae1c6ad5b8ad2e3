"""Readers of the newsletter and the people who write it.

Readers consented and verified their address unless told otherwise; `reader()` gives each one a region, a
country, skills, interests, a language and lab memberships.
"""

import pytest
from django.test import Client
from django.utils import timezone

from innovation_platform.accounts.models import User
from innovation_platform.labs.models import LabMembership, LabRole
from newsletter.models import Newsletter, NewsletterVersion
from tests.conftest import make_lab, make_user

BODY = "## Novedades\n\nSe abrió la convocatoria **Agua para todos**: [postula](https://example.org/reto)."


def reader(
    name: str,
    *,
    consent: bool = True,
    region: str = "PE-CUS",
    country: str = "PE",
    skills=(),
    interests=(),
    language: str = "es",
    labs=(),
    **fields,
) -> User:
    fields.setdefault("full_name", name.title())
    user = make_user(f"{name}@example.org", language=language, **fields)
    profile = user.profile
    profile.region, profile.country = region, country
    profile.newsletter_consent = consent
    profile.newsletter_consent_at = timezone.now() if consent else None
    profile.save()
    profile.skills.set(list(skills))
    profile.interests.set(list(interests))
    for lab in labs:
        LabMembership.objects.create(lab=lab, user=user, role=LabRole.MEMBER)
    return user


def make_newsletter(author, *, lab=None, segment=None, versions=None, **fields) -> Newsletter:
    defaults = {"subject": "Boletín de diciembre", "body": BODY, "language": "es"}
    newsletter = Newsletter.objects.create(author=author, lab=lab, segment=segment or {}, **{**defaults, **fields})
    for language, (subject, body) in (versions or {}).items():
        NewsletterVersion.objects.create(newsletter=newsletter, language=language, subject=subject, body=body)
    return newsletter


@pytest.fixture
def world(db):
    """Two labs, the administrator of each, staff, a citizen, and readers of every kind."""
    cusco = make_lab("lab-cusco")
    lima = make_lab("lab-lima", region="PE-LIM")
    admin = make_user("admin@example.org", full_name="Admin Cusco")
    LabMembership.objects.create(lab=cusco, user=admin, role=LabRole.ADMIN)
    other_admin = make_user("other-admin@example.org", full_name="Admin Lima")
    LabMembership.objects.create(lab=lima, user=other_admin, role=LabRole.ADMIN)
    return {
        "cusco": cusco,
        "lima": lima,
        "admin": admin,
        "other_admin": other_admin,
        "staff": make_user("staff@example.org", full_name="Staff", is_staff=True),
        "citizen": make_user("citizen@example.org", full_name="Citizen"),
    }


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
