"""The demo's certificates: the citizen account holds one, one team certificate is revoked with its reason, and
seeding again adds nothing (the revoked one is not issued anew)."""

from projects.demo.certificates import REVOKE_REASON, seed_certificates
from projects.models import Certificate, CheckIn
from proposals.demo.hackathon import FINISHED_SLUG
from tests.projects import certificates_world

english = certificates_world.english
world = certificates_world.world


def test_the_demo_issues_certificates_once_with_one_revoked(world):
    world["challenge"].slug = FINISHED_SLUG
    world["challenge"].save()
    CheckIn.objects.all().delete()  # as on a branch without the lab programme's demo
    accounts = {"organizer": world["organizer"], "citizen": world["rosa"]}

    first = seed_certificates(accounts)
    second = seed_certificates(accounts)

    assert (first, second) == (Certificate.objects.count(), 0)
    assert list(Certificate.objects.filter(user=world["rosa"]).values_list("kind", "facts__days_attended")) == [
        ("participant", 2)
    ]
    revoked = Certificate.objects.get(revoked_at__isnull=False)
    assert (revoked.kind, revoked.revoke_reason) == ("team_member", REVOKE_REASON)
    assert set(Certificate.objects.values_list("kind", flat=True)) == {
        "participant",
        "team_member",
        "collaborator",
        "juror",
        "mentor",
        "organizer",
    }
