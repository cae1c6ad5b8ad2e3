"""The demo's newsletter: two past issues in the archive, in Spanish, from the staff and the LABIC organizer, sent
to the demo readers who asked for it, and a draft; loading again adds nothing and re-subscribes nobody."""

import random

import pytest
from django.test import Client
from django.urls import reverse

from innovation_platform.accounts.demo import seed_accounts
from innovation_platform.labs.demo import seed_labs
from newsletter.demo import seed_newsletters
from newsletter.models import Newsletter, NewsletterDelivery
from newsletter.unsubscribe import unsubscribe_token

pytestmark = pytest.mark.django_db


def test_the_demo_archive_holds_two_issues_and_loading_again_adds_nothing():
    accounts = seed_accounts()
    seed_labs(2, random.Random(1), accounts)

    created = seed_newsletters(accounts)
    Client().post(reverse("newsletter:unsubscribe", args=[unsubscribe_token(accounts["citizen"])]))
    again = seed_newsletters(accounts)

    assert (created, again) == (3, 0)
    archive = Client().get(reverse("newsletter:archive"))
    assert [subject for _, subject in archive.context["issues"]] == [
        "LABIC Perú: resultados del hackatón de Arequipa",
        "Boletín de la red · Octubre",
    ]
    authors = dict(Newsletter.objects.values_list("subject", "author__email"))
    assert authors["Boletín de la red · Octubre"] == "staff@demo.cocrea.pe"
    assert authors["LABIC Perú: resultados del hackatón de Arequipa"] == "organizadora@demo.cocrea.pe"
    assert Newsletter.objects.filter(status="draft").count() == 1
    assert sorted(NewsletterDelivery.objects.values_list("user__email", flat=True).distinct()) == [
        "ciudadana@demo.cocrea.pe",
        "lider@demo.cocrea.pe",
        "mentora@demo.cocrea.pe",
    ]
    accounts["citizen"].profile.refresh_from_db()
    assert accounts["citizen"].profile.newsletter_consent is False  # her unsubscribe stands
