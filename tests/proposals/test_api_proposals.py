"""The proposals API: the public gallery and pages, the team's writes, who may do what, and the schema."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from challenges.models import Question
from innovation_platform.core.audit import audit_entries
from innovation_platform.labs.models import LabMembership
from proposals.models import Answer, Attachment, GalleryImage, Proposal, ProposalMember, ProposalStatus
from proposals.services.similar import proposal_terms_index
from proposals.services.submission import proposal_start
from tests.conftest import make_challenge, make_lab, make_user
from tests.core.test_documents import docx_bytes, upload
from tests.images import image_bytes

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = timedelta(days=1)
LIST = "/api/v1/proposals/"
COMPLETE = {
    "summary": "Huertos en colegios rurales.",
    "problem": "Anemia infantil.",
    "solution": "Huertos con riego por goteo.",
    "beneficiaries": "300 escolares.",
    "expected_impact": "Menos anemia.",
    "stage": "prototype",
    "licence": "cc-by",
    "country": "PE",
    "region": "PE-PUN",
}


def detail(proposal) -> str:
    return f"{LIST}{proposal.pk}/"


def stored(proposal) -> tuple:
    """What a refused write leaves as it was: the proposal's fields, answers, files and audit trail."""
    fresh = Proposal.objects.get(pk=proposal.pk)
    return (
        Proposal.objects.filter(pk=proposal.pk).values().get(),
        list(fresh.answers.order_by("pk").values_list("question_id", "value")),
        fresh.attachments.count(),
        audit_entries(fresh).count(),
    )


@pytest.fixture
def api():
    """A client in English; one test checks the messages in Spanish, the site's language."""
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def challenge(lab):
    challenge = make_challenge(
        lab,
        code="AGUA26",
        visibility="published",
        phases={"proposals": (NOW - DAY, NOW + 10 * DAY), "results": (NOW + 30 * DAY, NOW + 31 * DAY)},
    )
    Question.objects.create(challenge=challenge, kind="short_text", label="Nombre del equipo", position=0)
    Question.objects.create(challenge=challenge, kind="short_text", label="Presupuesto", is_private=True, position=1)
    return challenge


@pytest.fixture
def people(challenge, lab_admin, citizen, staff):
    """One person per role, the lead's draft being complete enough to submit."""
    other_organizer = make_user("otra@example.org", full_name="Otra Organizadora")
    LabMembership.objects.create(lab=make_lab("lab-otro"), user=other_organizer, role="organizer")
    member = make_user("coautora@example.org", full_name="Beatriz Mamani")
    draft = proposal_start(challenge=challenge, actor=citizen, title="Biohuertos escolares")
    Proposal.objects.filter(pk=draft.pk).update(**COMPLETE)
    ProposalMember.objects.create(proposal=draft, user=member, role="member")
    return {
        "anonymous": None,
        "unverified": make_user("sinverificar@example.org", verified=False),
        "citizen": make_user("vecina@example.org", full_name="Vecina Curiosa"),
        "lead": citizen,
        "member": member,
        "organizer": lab_admin,
        "other_organizer": other_organizer,
        "staff": staff,
        "draft": Proposal.objects.get(pk=draft.pk),
    }


def as_(api, user):
    if user is not None:
        api.force_authenticate(user)
    return api


def make_public(challenge, title, *, number, answers=(), **fields):
    fields.setdefault("status", ProposalStatus.SUBMITTED)
    proposal = Proposal.objects.create(challenge=challenge, title=title, number=number, **fields)
    for question, value in answers:
        Answer.objects.create(proposal=proposal, question=question, value=value)
    proposal_terms_index(proposal=proposal)
    return proposal


class TestGallery:
    def test_lists_only_public_proposals_of_the_challenge(self, api, challenge, people, lab):
        shown = make_public(challenge, "Quinua", number=1, region="PE-CUS")
        make_public(challenge, "Oculta", number=2, hidden_at=NOW)
        make_public(challenge, "Retirada", number=3, status=ProposalStatus.WITHDRAWN)
        make_public(make_challenge(lab, "otro-reto", visibility="published"), "De otro reto", number=1)

        data = api.get(LIST, {"challenge": challenge.slug}).json()

        assert [(row["id"], row["reference"], row["region_display"]) for row in data["results"]] == [
            (shown.pk, "AGUA26-0001", "Cusco")
        ]
        assert data["count"] == 1

    @pytest.mark.parametrize(
        ("filters", "expected"),
        [
            ({"region": "PE-CUS"}, ["Quinua"]),
            ({"country": "co"}, ["Cacao"]),
            ({"stage": "pilot"}, ["Cacao"]),
            ({"status": "selected"}, ["Papa"]),
            ({"category": "agua"}, ["Papa"]),
            ({"q": "quin"}, ["Quinua"]),
        ],
    )
    def test_filters(self, api, challenge, filters, expected):
        make_public(challenge, "Quinua", number=1, region="PE-CUS", stage="idea")
        make_public(challenge, "Cacao", number=2, country="CO", stage="pilot")
        make_public(challenge, "Papa", number=3, region="PE-PUN", status=ProposalStatus.SELECTED).tags.set(["agua"])

        data = api.get(LIST, {"challenge": challenge.slug, **filters}).json()

        assert [row["title"] for row in data["results"]] == expected

    @pytest.mark.parametrize(
        ("filters", "field", "message"),
        [
            ({}, "challenge", "This field is required."),
            ({"challenge": "reto-agua", "status": "draft"}, "status", "Only proposals in the call are listed"),
            ({"challenge": "reto-agua", "region": "PE-XXX"}, "region", "is not a region of Peru"),
            ({"challenge": "reto-agua", "country": "ZZ"}, "country", "ZZ is not a country code"),
        ],
    )
    def test_invalid_filters_are_a_clean_400(self, api, challenge, filters, field, message):
        response = api.get(LIST, filters)

        assert response.status_code == 400
        assert message in response.json()[field][0]

    def test_messages_are_translated(self, challenge):
        response = APIClient(HTTP_ACCEPT_LANGUAGE="es").get(LIST, {"challenge": challenge.slug, "region": "PE-XXX"})

        assert response.status_code == 400
        assert "Perú" in response.json()["region"][0]

    @pytest.mark.parametrize("change", [{"visibility": "draft"}, {"proposals_public": False}])
    def test_a_challenge_without_public_gallery_is_not_found(self, api, challenge, change):
        make_public(challenge, "Quinua", number=1)
        type(challenge).objects.filter(pk=challenge.pk).update(**change)

        assert api.get(LIST, {"challenge": challenge.slug}).status_code == 404

    def test_queries_do_not_grow_with_the_proposals(self, api, challenge, django_assert_num_queries):
        make_public(challenge, "Uno", number=1).tags.set(["agua"])
        with django_assert_num_queries(4):
            assert len(api.get(LIST, {"challenge": challenge.slug}).json()["results"]) == 1
        make_public(challenge, "Dos", number=2).tags.set(["suelo"])
        make_public(challenge, "Tres", number=3).tags.set(["agua", "semillas"])
        with django_assert_num_queries(4):
            assert len(api.get(LIST, {"challenge": challenge.slug}).json()["results"]) == 3


class TestDetail:
    def test_public_page_without_private_answers_nor_emails(self, api, challenge, people):
        team_name, budget = challenge.questions.order_by("position")
        proposal = make_public(
            challenge, "Quinua", number=1, answers=[(team_name, "Los Andinos"), (budget, "S/ 9000 secreto")]
        )
        ProposalMember.objects.create(proposal=proposal, user=people["lead"], role="lead")

        response = api.get(detail(proposal))

        body = response.content.decode()
        assert response.status_code == 200
        assert [(a["question"], a["text"]) for a in response.json()["answers"]] == [
            ("Nombre del equipo", "Los Andinos")
        ]
        assert "secreto" not in body
        assert "@example.org" not in body
        assert response.json()["team"] == [
            {
                "name": "Rosa Quispe",
                "role": "Lead",
                "is_lead": True,
                "profile_url": response.json()["team"][0]["profile_url"],
            }
        ]

    @pytest.mark.parametrize("role", ["lead", "organizer", "staff"])
    def test_private_answers_for_the_team_and_organizers(self, api, challenge, people, role):
        budget = challenge.questions.get(is_private=True)
        Answer.objects.create(proposal=people["draft"], question=budget, value="S/ 9000")

        answers = as_(api, people[role]).get(detail(people["draft"])).json()["answers"]

        assert {a["question"]: a["text"] for a in answers}["Presupuesto"] == "S/ 9000"

    def test_text_is_returned_as_text(self, api, challenge):
        proposal = make_public(challenge, "<script>alert(1)</script>", number=1, summary="<b>hola</b>")

        data = api.get(detail(proposal)).json()

        assert (data["title"], data["summary"]) == ("<script>alert(1)</script>", "<b>hola</b>")

    def test_an_unknown_proposal_is_not_found(self, api):
        assert api.get(f"{LIST}999/").status_code == 404

    def test_a_hidden_proposal_is_not_found_by_the_public(self, api, challenge):
        proposal = make_public(challenge, "Oculta", number=1, hidden_at=NOW)

        assert api.get(detail(proposal)).status_code == 404


# Who may do what on the lead's draft: expected status per role.
MATRIX = {
    "retrieve": {
        "anonymous": 404,
        "unverified": 404,
        "citizen": 404,
        "lead": 200,
        "member": 200,
        "organizer": 200,
        "other_organizer": 404,
        "staff": 200,
    },
    "update": {
        "anonymous": 401,
        "unverified": 404,
        "citizen": 404,
        "lead": 200,
        "member": 200,
        "organizer": 403,
        "other_organizer": 404,
        "staff": 403,
    },
    "submit": {
        "anonymous": 401,
        "unverified": 404,
        "citizen": 404,
        "lead": 200,
        "member": 403,
        "organizer": 403,
        "other_organizer": 404,
        "staff": 403,
    },
    "withdraw": {
        "anonymous": 401,
        "unverified": 404,
        "citizen": 404,
        "lead": 200,
        "member": 403,
        "organizer": 403,
        "other_organizer": 404,
        "staff": 403,
    },
    "attach": {
        "anonymous": 401,
        "unverified": 404,
        "citizen": 404,
        "lead": 201,
        "member": 201,
        "organizer": 403,
        "other_organizer": 404,
        "staff": 403,
    },
}


def call(api, action, proposal):
    url = detail(proposal)
    match action:
        case "retrieve":
            return api.get(url)
        case "update":
            return api.patch(url, {"version": proposal.version, "title": "Otro título"}, format="json")
        case "submit":
            return api.post(f"{url}submit/")
        case "withdraw":
            return api.post(f"{url}withdraw/", {"reason": "Nos unimos a otro equipo."}, format="json")
        case "attach":
            return api.post(f"{url}attachments/", {"file": upload(docx_bytes(), "plan.docx")}, format="multipart")


@pytest.mark.parametrize("role", list(MATRIX["retrieve"]))
@pytest.mark.parametrize("action", list(MATRIX))
def test_permission_matrix(api, people, action, role):
    """Each role gets its answer, and only an allowed write changes the proposal."""
    before = stored(people["draft"])

    response = call(as_(api, people[role]), action, people["draft"])

    assert response.status_code == MATRIX[action][role], response.content
    allowed_write = action != "retrieve" and response.status_code < 400
    assert (stored(people["draft"]) != before) == allowed_write


class TestCreate:
    def test_a_verified_citizen_starts_a_draft_and_leads_it(self, api, challenge, citizen):
        response = as_(api, citizen).post(LIST, {"challenge": challenge.slug, "title": "Quinua"}, format="json")

        proposal = Proposal.objects.get(pk=response.json()["id"])
        assert response.status_code == 201
        assert (proposal.status, proposal.members.get().user, proposal.members.get().role) == ("draft", citizen, "lead")
        assert response.json()["version"] == 1

    def test_anonymous_is_asked_to_authenticate_with_a_token(self, api, challenge):
        response = api.post(LIST, {"challenge": challenge.slug, "title": "Quinua"}, format="json")

        assert (response.status_code, response["WWW-Authenticate"]) == (401, "Token")
        assert Proposal.objects.count() == 0

    def test_a_token_authenticates(self, api, challenge, citizen):
        api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=citizen).key}")

        assert api.post(LIST, {"challenge": challenge.slug, "title": "Quinua"}, format="json").status_code == 201

    @pytest.mark.parametrize("who", ["unverified", "draft-challenge"])
    def test_refused(self, api, challenge, lab, citizen, who):
        user, slug = citizen, challenge.slug
        if who == "unverified":
            user = make_user("nueva@example.org", verified=False)
        else:
            slug = make_challenge(lab, "borrador").slug

        response = as_(api, user).post(LIST, {"challenge": slug, "title": "Quinua"}, format="json")

        assert response.status_code == 403
        assert Proposal.objects.count() == 0

    def test_a_closed_call_is_a_400_with_the_reason(self, api, lab, citizen):
        closed = make_challenge(
            lab, "cerrado", visibility="published", phases={"proposals": (NOW - 9 * DAY, NOW - DAY)}
        )

        response = as_(api, citizen).post(LIST, {"challenge": closed.slug, "title": "Quinua"}, format="json")

        assert response.status_code == 400
        assert response.json()["detail"]
        assert Proposal.objects.count() == 0

    def test_a_title_is_required(self, api, challenge, citizen):
        response = as_(api, citizen).post(LIST, {"challenge": challenge.slug}, format="json")

        assert (response.status_code, response.json()) == (400, {"title": ["This field is required."]})
        assert Proposal.objects.count() == 0


class TestUpdate:
    def test_only_the_fields_sent_change_and_the_version_moves(self, api, people):
        draft = people["draft"]
        draft.tags.set(["agua"])

        response = as_(api, people["member"]).patch(
            detail(draft), {"version": 1, "summary": "Nuevo resumen", "answers": {}}, format="json"
        )

        draft.refresh_from_db()
        assert response.status_code == 200
        assert (draft.title, draft.summary, draft.version, list(draft.tags.names())) == (
            "Biohuertos escolares",
            "Nuevo resumen",
            2,
            ["agua"],
        )
        assert response.json()["version"] == 2

    def test_a_stale_version_is_a_409_and_nothing_is_overwritten(self, api, people):
        lead, draft = people["lead"], people["draft"]
        as_(api, people["member"]).patch(detail(draft), {"version": 1, "title": "Primero"}, format="json")

        other_client = as_(APIClient(HTTP_ACCEPT_LANGUAGE="en"), lead)
        response = other_client.patch(detail(draft), {"version": 1, "title": "Segundo"}, format="json")

        draft.refresh_from_db()
        assert response.status_code == 409
        assert "Someone in your team saved this proposal" in response.json()["detail"]
        assert draft.title == "Primero"

    def test_the_version_is_required(self, api, people):
        before = stored(people["draft"])

        response = as_(api, people["lead"]).patch(detail(people["draft"]), {"title": "x"}, format="json")

        assert response.status_code == 400
        assert "version" in response.json()
        assert stored(people["draft"]) == before

    @pytest.mark.parametrize(
        ("data", "field", "message"),
        [
            ({"region": "PE-XXX"}, "region", "is not a region of Peru"),
            ({"country": "CO", "region": "PE-CUS"}, "region", "Leave the region empty outside Peru."),
            ({"stage": "rocket"}, "stage", "is not a valid choice"),
            ({"title": "x" * 151}, "title", "no more than 150 characters"),
        ],
    )
    def test_validation_errors(self, api, people, data, field, message):
        before = stored(people["draft"])

        response = as_(api, people["lead"]).patch(detail(people["draft"]), {"version": 1, **data}, format="json")

        assert response.status_code == 400
        assert message in str(response.json()[field])
        assert stored(people["draft"]) == before

    def test_answers_are_checked_as_on_the_page(self, api, people, challenge):
        team_name = challenge.questions.get(label="Nombre del equipo")
        file_question = Question.objects.create(challenge=challenge, kind="file", label="Plan", position=2)
        url = detail(people["draft"])
        api = as_(api, people["lead"])

        before = stored(people["draft"])
        refused = api.patch(url, {"version": 1, "answers": {"999": "x", str(file_question.pk): "x"}}, format="json")
        after_refusal = stored(people["draft"])
        accepted = api.patch(url, {"version": 1, "answers": {str(team_name.pk): "Los Andinos"}}, format="json")

        assert refused.status_code == 400
        assert refused.json()["answers"] == {
            "999": ["This challenge has no such question."],
            str(file_question.pk): ["Upload files for questions on the proposal's page."],
        }
        assert after_refusal == before
        assert accepted.status_code == 200
        assert Answer.objects.get(question=team_name).value == "Los Andinos"


class TestSubmitAndWithdraw:
    def test_submitting_twice_returns_the_same_submission(self, api, people, mailoutbox):
        api = as_(api, people["lead"])

        first = api.post(f"{detail(people['draft'])}submit/").json()
        second = api.post(f"{detail(people['draft'])}submit/").json()

        assert (first["status"], first["reference"]) == ("submitted", "AGUA26-0001")
        assert second["reference"] == first["reference"]
        assert Proposal.objects.get(pk=people["draft"].pk).number == 1

    def test_an_incomplete_draft_says_what_is_missing(self, api, people):
        Proposal.objects.filter(pk=people["draft"].pk).update(summary="")
        before = stored(people["draft"])

        response = as_(api, people["lead"]).post(f"{detail(people['draft'])}submit/")

        assert response.status_code == 400
        assert "summary" in response.json()["detail"]
        assert stored(people["draft"]) == before

    def test_withdrawing_needs_a_reason(self, api, people):
        before = stored(people["draft"])

        response = as_(api, people["lead"]).post(f"{detail(people['draft'])}withdraw/", {"reason": ""}, format="json")

        assert response.status_code == 400
        assert "reason" in response.json()
        assert stored(people["draft"]) == before

    def test_withdrawn_then_refused(self, api, people):
        api = as_(api, people["lead"])
        url = f"{detail(people['draft'])}withdraw/"

        assert api.post(url, {"reason": "Otro equipo."}, format="json").json()["status"] == "withdrawn"
        before = stored(people["draft"])
        response = api.post(url, {"reason": "Otra vez."}, format="json")
        assert (response.status_code, response.json()) == (400, {"detail": "This proposal is already withdrawn."})
        assert stored(people["draft"]) == before
        assert Proposal.objects.get(pk=people["draft"].pk).withdraw_reason == "Otro equipo."


class TestMine:
    def test_lists_the_users_proposals_drafts_included(self, api, people, challenge):
        other = make_public(challenge, "Ajena", number=1)
        ProposalMember.objects.create(proposal=other, user=people["citizen"], role="lead")

        data = as_(api, people["member"]).get(f"{LIST}mine/").json()

        assert [(row["title"], row["status"], row["challenge"]) for row in data["results"]] == [
            ("Biohuertos escolares", "draft", "reto-agua")
        ]

    def test_needs_an_account(self, api):
        assert api.get(f"{LIST}mine/").status_code == 401

    def test_queries_do_not_grow(self, api, challenge, citizen, django_assert_num_queries):
        proposal_start(challenge=challenge, actor=citizen, title="Uno")
        api = as_(api, citizen)
        with django_assert_num_queries(2):
            assert len(api.get(f"{LIST}mine/").json()["results"]) == 1
        proposal_start(challenge=challenge, actor=citizen, title="Dos")
        proposal_start(challenge=challenge, actor=citizen, title="Tres")
        with django_assert_num_queries(2):
            assert len(api.get(f"{LIST}mine/").json()["results"]) == 3


class TestFiles:
    def test_attach_and_remove_a_document(self, api, people, django_capture_on_commit_callbacks):
        api = as_(api, people["lead"])
        url = f"{detail(people['draft'])}attachments/"

        created = api.post(url, {"file": upload(docx_bytes(), "plan.docx")}, format="multipart")
        attachment = Attachment.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            removed = api.delete(f"{url}{attachment.pk}/")

        assert created.status_code == 201
        assert created.json()["name"] == "plan.docx"
        assert created.json()["url"].endswith(
            reverse("proposals:document", args=[people["draft"].pk, "attachment", attachment.pk])
        )
        assert removed.status_code == 204
        assert not Attachment.objects.exists()
        assert not attachment.file.storage.exists(attachment.file.name)

    def test_a_document_that_is_not_one_is_refused(self, api, people):
        response = as_(api, people["lead"]).post(
            f"{detail(people['draft'])}attachments/", {"file": upload(b"MZ\x90\x00", "plan.pdf")}, format="multipart"
        )

        assert response.status_code == 400
        assert response.json()["file"]
        assert not Attachment.objects.exists()

    def test_add_and_remove_an_image_with_its_description(self, api, people):
        api = as_(api, people["lead"])
        url = f"{detail(people['draft'])}images/"

        missing = api.post(url, {"image": upload(image_bytes(), "foto.png")}, format="multipart")
        created = api.post(
            url, {"image": upload(image_bytes(), "foto.png"), "alt_text": "Un biohuerto"}, format="multipart"
        )
        removed = api.delete(f"{url}{GalleryImage.objects.get().pk}/")

        assert (missing.status_code, list(missing.json())) == (400, ["alt_text"])
        assert (created.status_code, created.json()["alt_text"]) == (201, "Un biohuerto")
        assert removed.status_code == 204
        assert not GalleryImage.objects.exists()

    def test_someone_elses_attachment_is_not_found(self, api, people, challenge, citizen):
        other = proposal_start(challenge=challenge, actor=people["citizen"], title="Ajena")
        attachment = Attachment.objects.create(proposal=other, file="x.pdf", name="x.pdf", size=1, content_type="x")

        response = as_(api, citizen).delete(f"{detail(people['draft'])}attachments/{attachment.pk}/")

        assert response.status_code == 404
        assert Attachment.objects.filter(pk=attachment.pk).exists()


class TestSchema:
    def test_documents_the_proposal_endpoints_without_private_fields(self, client):
        schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

        assert {
            "/api/v1/proposals/",
            "/api/v1/proposals/{id}/",
            "/api/v1/proposals/{id}/submit/",
            "/api/v1/proposals/{id}/withdraw/",
            "/api/v1/proposals/{id}/attachments/",
            "/api/v1/proposals/{id}/attachments/{item}/",
            "/api/v1/proposals/{id}/images/",
            "/api/v1/proposals/{id}/images/{item}/",
            "/api/v1/proposals/mine/",
        } <= set(schema["paths"])
        assert "email" not in str(schema["components"]["schemas"]["ProposalDetail"])
        assert "is_private" not in str(schema["components"]["schemas"]["ProposalDetail"])

    def test_schema_validates_without_warnings(self, tmp_path):
        call_command("spectacular", "--file", str(tmp_path / "schema.yaml"), "--validate", "--fail-on-warn")
