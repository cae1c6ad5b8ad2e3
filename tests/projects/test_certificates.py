"""Certificates: who qualifies under each rule (in SQL, at a fixed number of queries), bulk issuing (idempotent,
refusing whoever does not qualify, queued when large), revocation, the verification page and the PDF."""

import io

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from challenges.models import ChallengeRole
from innovation_platform.accounts.models import User
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.models import AuditLogEntry
from projects.certificate_document import certificate_pdf
from projects.models import Certificate, CertificateKind
from projects.selectors.certificates import CertificateRule, certificate_candidates
from projects.services import certificates as service
from projects.services.certificates import certificate_revoke, certificates_issue
from tests.conftest import make_user
from tests.images import image_bytes
from tests.projects import certificates_world
from tests.projects.certificates_world import check_in

english = certificates_world.english
client = certificates_world.client
world = certificates_world.world

PARTICIPANTS = CertificateRule(CertificateKind.PARTICIPANT, min_days=2)


def names(challenge, rule) -> list[str]:
    return [person.full_name for person in certificate_candidates(challenge, rule)]


def issue(world, rule=PARTICIPANTS, **kwargs):
    return certificates_issue(challenge=world["challenge"], rule=rule, actor=world["organizer"], **kwargs)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            CertificateRule(CertificateKind.PARTICIPANT, min_days=1),
            ["Carlos Smith", "Cata Colabora", "Ñusta Quispe Huamán"],
        ),
        (CertificateRule(CertificateKind.PARTICIPANT, min_days=2), ["Carlos Smith", "Ñusta Quispe Huamán"]),
        (CertificateRule(CertificateKind.PARTICIPANT, min_days=5), []),
        (CertificateRule(CertificateKind.TEAM_MEMBER), ["Carlos Smith", "Sara Submitted", "Ñusta Quispe Huamán"]),
        (CertificateRule(CertificateKind.TEAM_MEMBER, selected_only=True), ["Carlos Smith", "Ñusta Quispe Huamán"]),
        (CertificateRule(CertificateKind.TEAM_MEMBER, min_days=3), ["Ñusta Quispe Huamán"]),
        (CertificateRule(CertificateKind.COLLABORATOR), ["Cata Colabora"]),
        (CertificateRule(CertificateKind.JUROR), ["Julia Jurado"]),
        (CertificateRule(CertificateKind.MENTOR), ["Mario Mentor"]),
        (CertificateRule(CertificateKind.ORGANIZER), ["Olga Organiza"]),
    ],
)
def test_each_rule_keeps_exactly_the_people_who_meet_it(world, rule, expected):
    assert sorted(names(world["challenge"], rule)) == sorted(expected)


def test_the_candidates_carry_their_own_facts(world):
    team = {p.full_name: p for p in certificate_candidates(world["challenge"], CertificateRule("team_member"))}
    jurors = list(certificate_candidates(world["challenge"], CertificateRule("juror")))

    assert (team["Ñusta Quispe Huamán"].days_attended, team["Ñusta Quispe Huamán"].proposal_title) == (
        4,
        "Agua para todos",
    )
    assert (team["Sara Submitted"].days_attended, jurors[0].reviews_done) == (0, 2)


def test_an_edition_organizer_by_role_qualifies_as_organizer(world):
    ChallengeRole.objects.create(challenge=world["challenge"], user=world["rosa"], role="organizer")

    assert sorted(names(world["challenge"], CertificateRule("organizer"))) == ["Olga Organiza", "Rosa Nadie"]


def test_someone_without_a_name_does_not_qualify_so_no_address_is_ever_printed(world):
    """The verification page is public: a certificate never prints an e-mail address in place of a name."""
    User.objects.filter(pk=world["nusta"].pk).update(full_name="")

    candidates = certificate_candidates(world["challenge"], CertificateRule("participant", min_days=1))

    assert world["nusta"].pk not in {person.pk for person in candidates}


def test_a_lab_organizer_who_mentors_the_call_qualifies_as_its_mentor_only(world):
    """As the rules read it: a lab's organizer with another role in the call holds that role there."""
    ChallengeRole.objects.create(challenge=world["challenge"], user=world["organizer"], role="mentor")

    assert "Olga Organiza" not in names(world["challenge"], CertificateRule("organizer"))
    assert "Olga Organiza" in names(world["challenge"], CertificateRule("mentor"))


@pytest.mark.parametrize("kind", ["participant", "team_member", "juror"])
def test_evaluating_a_rule_costs_the_same_queries_for_3_and_30_people(world, kind, django_assert_num_queries):
    challenge = world["challenge"]
    rule = CertificateRule(kind, min_days=1 if kind == "participant" else 0)
    with django_assert_num_queries(1):
        few = list(certificate_candidates(challenge, rule))
    for number in range(30):
        person = make_user(f"extra{number}@example.org", full_name=f"Extra {number:02}")
        check_in(challenge, person, 1)
        world["selected"].members.create(user=person, role="member")
    with django_assert_num_queries(1):
        many = list(certificate_candidates(challenge, rule))
    assert len(few) < len(many) or kind == "juror"


def test_issuing_in_bulk_issues_each_person_once_and_a_second_time_nothing(world):
    first = issue(world)
    second = issue(world)

    assert (first.issued, first.skipped, second.issued, second.skipped) == (2, 0, 0, 2)
    assert Certificate.objects.count() == 2
    assert AuditLogEntry.objects.filter(action="certificate.issued").count() == 2


def test_issuing_records_a_snapshot_that_later_renames_do_not_change(world):
    issue(world, CertificateRule("team_member", selected_only=True))
    world["challenge"].title = "Otro nombre"
    world["challenge"].save()
    world["nusta"].full_name = "Otra persona"
    world["nusta"].save()

    certificate = Certificate.objects.get(user=world["nusta"])
    assert (certificate.name, certificate.language, certificate.issued_by) == (
        "Ñusta Quispe Huamán",
        "es",
        world["organizer"],
    )
    assert certificate.facts == {
        "edition": "Hackatón del agua",
        "lab": "LABIC Arequipa",
        "starts_on": "2026-03-02",
        "ends_on": "2026-03-06",
        "days_total": 4,
        "days_attended": 4,
        "proposal": "Agua para todos",
    }


def test_issuing_to_someone_who_does_not_meet_the_rule_is_refused_and_issues_nothing(world):
    with pytest.raises(ApplicationError) as refusal:
        issue(world, user_ids=[world["nusta"].pk, world["rosa"].pk])

    assert refusal.value.message == "Rosa Nadie does not meet the rule of this certificate, so none was issued."
    assert Certificate.objects.count() == 0


def test_a_rule_nobody_meets_is_refused(world):
    with pytest.raises(ApplicationError) as refusal:
        issue(world, CertificateRule("participant", min_days=5))

    assert refusal.value.message == "Nobody meets this rule yet, so no certificate was issued."


@pytest.mark.parametrize(
    "rule",
    [CertificateRule("participant", min_days=0), CertificateRule("mentor", min_days=2), CertificateRule("nobody")],
)
def test_a_rule_that_cannot_apply_is_refused(world, rule):
    with pytest.raises(ApplicationError):
        issue(world, rule)


def test_a_large_issue_is_queued_and_the_task_issues_everyone(world, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(service, "INLINE_LIMIT", 1)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = issue(world)

    assert (outcome.issued, outcome.queued) == (0, 2)
    assert sorted(Certificate.objects.values_list("name", flat=True)) == ["Carlos Smith", "Ñusta Quispe Huamán"]


def test_revoking_records_who_and_why_and_allows_a_new_certificate(world):
    issue(world)
    certificate = Certificate.objects.get(user=world["carlos"])
    certificate_revoke(certificate=certificate, actor=world["organizer"], reason="Asistencia mal registrada")

    certificate.refresh_from_db()
    assert (certificate.revoked_by, certificate.revoke_reason) == (world["organizer"], "Asistencia mal registrada")
    assert AuditLogEntry.objects.filter(action="certificate.revoked").count() == 2
    with pytest.raises(ApplicationError):
        certificate_revoke(certificate=certificate, actor=world["organizer"], reason="Otra vez")
    assert issue(world).issued == 0  # issuing to everyone leaves him out
    assert issue(world, user_ids=[world["carlos"].pk]).issued == 1  # chosen by name: a new one, with a new code
    assert Certificate.objects.filter(user=world["carlos"]).count() == 2


def test_revoking_needs_a_reason(world):
    issue(world)
    with pytest.raises(ApplicationError):
        certificate_revoke(certificate=Certificate.objects.first(), actor=world["organizer"], reason="  ")


def test_the_verification_page_states_who_what_and_when_and_nothing_more(world, client):
    issue(world, CertificateRule("team_member", selected_only=True))
    certificate = Certificate.objects.get(user=world["nusta"])

    page = client.get(f"/certificates/{certificate.code}/").content.decode()

    for shown in ("This certificate is valid.", "Ñusta Quispe Huamán", "Team member", "Hackatón del agua"):
        assert shown in page
    for hidden in ("nusta@example.org", "Agua para todos", "Carlos Smith"):
        assert hidden not in page


def test_a_code_typed_as_it_reads_aloud_still_verifies(world, client):
    """Lower case, with spaces or hyphens, as someone copies it from paper."""
    issue(world, CertificateRule("team_member", selected_only=True))
    code = Certificate.objects.get(user=world["nusta"]).code
    typed = f"{code[:8].lower()}-{code[8:]}"

    assert "This certificate is valid." in client.get(f"/certificates/{typed}/").content.decode()


def test_the_verification_page_says_when_a_certificate_was_revoked(world, client):
    issue(world)
    certificate = Certificate.objects.get(user=world["carlos"])
    certificate_revoke(certificate=certificate, actor=world["organizer"], reason="Error de registro")

    page = client.get(certificate.get_absolute_url()).content.decode()

    assert "This certificate was revoked." in page
    assert "This certificate is valid." not in page
    assert "Error de registro" not in page  # the reason is for the organizers


def test_an_unknown_code_is_a_404_that_says_the_code_is_not_valid(world, client):
    response = client.get("/certificates/NOTAREALCODE2345/")

    assert response.status_code == 404
    assert "is not the code of any certificate" in response.content.decode()


def test_the_same_certificate_gives_the_same_pdf_bytes_twice(world):
    issue(world)
    certificate = Certificate.objects.get(user=world["nusta"])

    assert certificate_pdf(certificate) == certificate_pdf(Certificate.objects.get(pk=certificate.pk))


def test_the_pdf_is_in_the_holders_language_with_their_name_and_code(world):
    issue(world)
    spanish = Certificate.objects.get(user=world["nusta"])
    english_one = Certificate.objects.get(user=world["carlos"])

    text_es = pdf_text(certificate_pdf(spanish))
    text_en = pdf_text(certificate_pdf(english_one))

    assert "Ñusta Quispe Huamán" in text_es
    assert spanish.code in text_es and "marzo de 2026" in text_es
    assert "Carlos Smith" in text_en and english_one.code in text_en
    assert "Certificate of participation" in text_en and "attended 2 of its 4 days" in text_en
    assert "from March 2, 2026 to March 6, 2026" in text_en


def test_names_beyond_western_letters_are_kept_with_a_unicode_font(world):
    world["nusta"].full_name = "Łukasz Ωmega"
    world["nusta"].save()
    issue(world)

    assert "Łukasz Ωmega" in pdf_text(certificate_pdf(Certificate.objects.get(user=world["nusta"])))


def images_in(data: bytes) -> int:
    page = PdfReader(io.BytesIO(data)).pages[0]
    return len(page.images)


def test_the_pdf_shows_the_labs_logo_when_it_has_one(world):
    issue(world)
    certificate = Certificate.objects.get(user=world["nusta"])
    without = certificate_pdf(certificate)
    world["lab"].logo.save("logo.png", ContentFile(image_bytes("PNG", size=(200, 100))), save=True)
    certificate = Certificate.objects.get(pk=certificate.pk)

    assert (images_in(without), images_in(certificate_pdf(certificate))) == (0, 1)


def test_a_missing_logo_file_does_not_break_the_pdf(world):
    world["lab"].logo.name = "labs/missing.png"
    world["lab"].save()
    issue(world)

    assert images_in(certificate_pdf(Certificate.objects.get(user=world["nusta"]))) == 0
