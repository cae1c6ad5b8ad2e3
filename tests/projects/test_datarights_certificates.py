"""A person's certificates in their copy of their data, and after they delete their account: revoked, and the public
verification page names no one."""

import pytest
from django.urls import reverse

from innovation_platform.accounts.services import account_delete
from projects.data_rights import lab
from projects.models import Certificate
from projects.selectors.certificates import CertificateRule
from projects.services.certificates import certificates_issue
from tests.projects.certificates_world import client, english, world  # noqa: F401


@pytest.fixture
def certified(world):  # noqa: F811
    cata = world["cata"]
    certificates_issue(
        challenge=world["challenge"],
        rule=CertificateRule("participant", min_days=1),
        actor=world["organizer"],
        user_ids=[cata.pk],
    )
    return {**world, "cata": cata, "certificate": Certificate.objects.get(user=cata)}


def test_the_copy_of_ones_data_lists_ones_certificates(certified):
    (entry,) = lab(certified["cata"])["certificates"]

    assert (entry["call"], entry["kind"], entry["name"]) == ("Hackatón del agua", "participant", "Cata Colabora")
    assert (entry["code"], entry["revoked"]) == (certified["certificate"].code, None)


def test_a_deleted_account_leaves_revoked_certificates_that_name_no_one(certified, client):  # noqa: F811
    page = reverse("certificates:verify", kwargs={"code": certified["certificate"].code})
    assert "Cata Colabora" in client.get(page).content.decode()  # a check that can fail

    account_delete(user=certified["cata"])

    certificate = Certificate.objects.get(pk=certified["certificate"].pk)
    assert certificate.revoked_at is not None and certificate.revoke_reason
    text = client.get(page).content.decode()
    assert "Cata Colabora" not in text and "Cata" not in certificate.name
