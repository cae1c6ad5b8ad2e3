"""Certificates' pages: who may download, verify, issue and revoke (a matrix), the console's issuing (crafted posts
refused, double clicks harmless), the holder's list, and query counts that do not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Certificate
from projects.selectors.certificates import CertificateRule
from projects.services.certificates import certificate_revoke, certificates_issue
from tests.conftest import make_user
from tests.projects import certificates_world
from tests.projects.certificates_world import check_in

english = certificates_world.english
client = certificates_world.client
world = certificates_world.world

RULE = {"kind": "participant", "min_days": "2"}


@pytest.fixture
def certificate(world):
    certificates_issue(challenge=world["challenge"], rule=CertificateRule("participant", 2), actor=world["organizer"])
    return Certificate.objects.get(user=world["nusta"])


def as_(client, user):
    if user is not None:
        client.force_login(user)
    return client


WHO = ["owner", "citizen", "organizer", "other_lab_organizer", "juror", "staff", "anonymous"]


def person(world, who):
    return {
        "owner": world["nusta"],
        "citizen": world["rosa"],
        "organizer": world["organizer"],
        "other_lab_organizer": world["outsider"],
        "juror": world["julia"],
        "staff": make_user("staff@example.org", is_staff=True) if who == "staff" else None,
        "anonymous": None,
    }[who]


# (download, verify, issue page, issue post, revoke post): 200/302 allowed, 403/404 refused, "login" to sign in.
MATRIX = {
    "owner": (200, 200, 403, 403, 403),
    "citizen": (403, 200, 403, 403, 403),
    "organizer": (200, 200, 200, 302, 302),
    "other_lab_organizer": (403, 200, 403, 403, 403),
    "juror": (403, 200, 403, 403, 403),
    "staff": (200, 200, 200, 302, 302),
    "anonymous": ("login", 200, "login", "login", "login"),
}


@pytest.mark.parametrize("who", WHO)
def test_who_may_download_verify_issue_and_revoke(world, certificate, client, who):
    client = as_(client, person(world, who))
    slug = world["challenge"].slug
    responses = (
        client.get(reverse("certificates:download", args=[certificate.code])),
        client.get(certificate.get_absolute_url()),
        client.get(reverse("console_certificates:list", args=[slug])),
        client.post(reverse("console_certificates:issue", args=[slug]), {**RULE, "scope": "all"}),
        client.post(
            reverse("console_certificates:revoke", args=[slug, certificate.code]), {"reason": "Registro erróneo"}
        ),
    )
    observed = tuple(
        "login"
        if response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        else response.status_code
        for response in responses
    )
    assert observed == MATRIX[who]
    certificate.refresh_from_db()
    assert certificate.is_revoked == (MATRIX[who][4] == 302)


def test_the_download_is_a_pdf_attachment_named_after_its_code(world, certificate, client):
    response = as_(client, world["nusta"]).get(reverse("certificates:download", args=[certificate.code]))

    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "application/pdf",
        f'attachment; filename="certificate-{certificate.code}.pdf"',
    )
    assert response.content.startswith(b"%PDF-")


def test_a_revoked_certificate_is_not_downloaded_but_sends_to_its_verification_page(world, certificate, client):
    certificate_revoke(certificate=certificate, actor=world["organizer"], reason="Error")

    response = as_(client, world["nusta"]).get(reverse("certificates:download", args=[certificate.code]))

    assert (response.status_code, response["Location"]) == (302, certificate.get_absolute_url())


def test_the_console_issues_to_everyone_and_a_double_click_issues_nothing_twice(world, client):
    url = reverse("console_certificates:issue", args=[world["challenge"].slug])
    as_(client, world["organizer"])

    first = client.post(url, {**RULE, "scope": "all"}, follow=True)
    second = client.post(url, {**RULE, "scope": "all"}, follow=True)

    assert "2 certificates issued." in first.content.decode()
    assert "nothing was issued twice" in second.content.decode()
    assert Certificate.objects.count() == 2


def test_a_crafted_post_for_someone_who_does_not_qualify_is_refused_clearly(world, client):
    url = reverse("console_certificates:issue", args=[world["challenge"].slug])

    response = as_(client, world["organizer"]).post(
        url, {**RULE, "scope": "chosen", "person": [world["nusta"].pk, world["rosa"].pk]}, follow=True
    )

    assert "Rosa Nadie does not meet the rule of this certificate, so none was issued." in response.content.decode()
    assert Certificate.objects.count() == 0


def test_the_console_issues_to_the_ticked_people_only(world, client):
    url = reverse("console_certificates:issue", args=[world["challenge"].slug])

    as_(client, world["organizer"]).post(url, {**RULE, "scope": "chosen", "person": [world["carlos"].pk]})

    assert list(Certificate.objects.values_list("name", flat=True)) == ["Carlos Smith"]


def test_a_rule_that_cannot_apply_is_explained_on_the_page(world, client):
    url = reverse("console_certificates:list", args=[world["challenge"].slug])

    response = as_(client, world["organizer"]).get(url, {"kind": "participant", "min_days": "0"})

    assert response.status_code == 200
    assert "Say on how many days participants must have attended." in response.content.decode()


def test_revoking_without_a_reason_is_refused_and_keeps_the_certificate(world, certificate, client):
    url = reverse("console_certificates:revoke", args=[world["challenge"].slug, certificate.code])

    response = as_(client, world["organizer"]).post(url, {"reason": ""})

    assert response.status_code == 400
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_my_certificates_lists_mine_with_downloads_and_revoked_ones_without(world, client):
    certificates_issue(challenge=world["challenge"], rule=CertificateRule("participant", 1), actor=world["organizer"])
    certificates_issue(challenge=world["challenge"], rule=CertificateRule("team_member"), actor=world["organizer"])
    revoked = Certificate.objects.get(user=world["nusta"], kind="team_member")
    certificate_revoke(certificate=revoked, actor=world["organizer"], reason="Error")
    valid = Certificate.objects.get(user=world["nusta"], kind="participant")

    page = as_(client, world["nusta"]).get(reverse("certificates:mine")).content.decode()

    assert reverse("certificates:download", args=[valid.code]) in page
    assert reverse("certificates:download", args=[revoked.code]) not in page
    assert "Revoked" in page
    assert Certificate.objects.get(user=world["carlos"], kind="participant").code not in page


def add_rows(world, count):
    """`count` more rows on each list: people who qualify (and are issued), and revoked certificates of Ñusta's."""
    for number in range(count):
        extra = make_user(f"p{number}-{Certificate.objects.count()}@example.org", full_name=f"Participant {number}")
        check_in(world["challenge"], extra, 2)
    certificates_issue(challenge=world["challenge"], rule=CertificateRule("participant", 2), actor=world["organizer"])
    Certificate.objects.bulk_create(
        [
            Certificate(
                challenge=world["challenge"],
                user=world["nusta"],
                kind="mentor",
                name="Ñ",
                language="es",
                revoked_at=world["challenge"].created_at,
            )
            for _number in range(count)
        ]
    )


@pytest.mark.parametrize(
    ("page", "viewer"),
    [
        ("console_certificates:list", "organizer"),
        ("console_certificates:issued", "organizer"),
        ("certificates:mine", "nusta"),
    ],
)
def test_the_lists_cost_the_same_queries_for_3_and_30_rows(world, client, page, viewer):
    url = reverse(page) if page == "certificates:mine" else reverse(page, args=[world["challenge"].slug])
    query = {"kind": "participant", "min_days": "1"} if page == "console_certificates:list" else {}
    as_(client, world[viewer])
    add_rows(world, 1)  # with Ñusta and Carlos: 3 qualifying, 3 issued
    client.get(url, query)  # the session's first use
    with CaptureQueriesContext(connection) as few:
        response = client.get(url, query)
    add_rows(world, 27)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, query).status_code == 200
    assert response.status_code == 200
    assert len(many) == len(few)
