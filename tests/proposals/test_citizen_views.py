"""The team's pages: start, write with the completeness meter, submit, receipt, withdraw."""

import zoneinfo
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from challenges.models import Question
from innovation_platform.core.models import AuditLogEntry
from proposals.models import Answer, Attachment, GalleryImage, Proposal, ProposalMember, ProposalVersion
from proposals.services.submission import proposal_save, proposal_start
from tests.conftest import make_challenge, make_user
from tests.core.test_documents import docx_bytes, upload
from tests.images import image_bytes

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = timedelta(days=1)
TEXTS = {
    "title": "Biohuertos escolares",
    "summary": "Huertos en colegios rurales.",
    "problem": "Anemia infantil.",
    "solution": "Huertos con riego por goteo.",
    "beneficiaries": "300 escolares de Puno.",
    "territory": "Juliaca",
    "expected_impact": "Menos anemia.",
    "stage": "prototype",
    "country": "PE",
    "region": "PE-PUN",
    "licence": "cc-by",
}
# kind, label, required, choices
QUESTIONS = [
    ("short_text", "Nombre del equipo", True, []),
    ("long_text", "Cuenten su experiencia", False, []),
    ("number", "¿Cuántas familias?", True, []),
    ("single_choice", "Zona", True, ["Costa", "Sierra", "Selva"]),
    ("multiple_choice", "Temas", False, ["Agua", "Salud", "Educación"]),
    ("yes_no", "¿Ya lo probaron?", True, []),
    ("url", "Video de presentación", False, []),
]
# What the form posts for each kind of question.
ANSWERS = {
    "short_text": "Los Andinos",
    "long_text": "Dos años con huertos.",
    "number": "40",
    "single_choice": "Sierra",
    "multiple_choice": ["Agua", "Salud"],
    "yes_no": "no",
    "url": "video.example.org/huertos",
}
# Eight texts, four required questions and the region (the proposal is from Peru).
TOTAL = 8 + 4 + 1


@pytest.fixture
def challenge(lab):
    challenge = make_challenge(
        lab,
        code="AGUA26",
        visibility="published",
        timezone="Europe/Madrid",
        phases={"proposals": (NOW - DAY, NOW + 10 * DAY), "evaluation": (NOW + 11 * DAY, NOW + 20 * DAY)},
    )
    for position, (kind, label, required, choices) in enumerate(QUESTIONS):
        Question.objects.create(
            challenge=challenge, kind=kind, label=label, required=required, choices=choices, position=position
        )
    return challenge


@pytest.fixture
def draft(challenge, citizen):
    return proposal_start(challenge=challenge, actor=citizen, title="Borrador")


@pytest.fixture
def co_author(draft):
    user = make_user("coautora@example.org", full_name="Beatriz Mamani")
    ProposalMember.objects.create(proposal=draft, user=user, role="member")
    return user


def edit_url(proposal) -> str:
    return reverse("proposals:edit", args=[proposal.pk])


def edit_data(proposal, **overrides) -> dict:
    """What the edit form posts: every text, the categories and one answer per question."""
    proposal.refresh_from_db()
    data = {"version": proposal.version, **TEXTS, "tags": "agua, escuelas rurales"}
    for question in proposal.challenge.questions.exclude(kind="file"):
        data[f"question_{question.pk}"] = ANSWERS[question.kind]
    return {**data, **overrides}


def stored_answers(proposal) -> dict:
    return {answer.question.label: answer.value for answer in Answer.objects.filter(proposal=proposal)}


def meter(client, proposal) -> dict:
    response = client.get(edit_url(proposal))
    assert response.status_code == 200
    return response.context["meter"]


def error_messages(response) -> list[str]:
    return [message.message for message in response.context["messages"] if message.level_tag == "error"]


class TestCitizenFlow:
    def test_start_write_submit_receipt_and_withdraw(
        self, client, challenge, citizen, mailoutbox, django_capture_on_commit_callbacks
    ):
        """The whole way of a proposal, from its title to its withdrawal, through the pages."""
        client.force_login(citizen)
        assert client.get(reverse("proposals:start", args=[challenge.slug])).status_code == 200

        response = client.post(reverse("proposals:start", args=[challenge.slug]), {"title": "Biohuertos"})

        proposal = Proposal.objects.get()
        assert response.url == edit_url(proposal)
        assert (proposal.status, list(proposal.members.values_list("user", "role"))) == (
            "draft",
            [(citizen.pk, "lead")],
        )
        first = meter(client, proposal)
        assert (first["done"], first["total"]) == (1, TOTAL)
        assert "Zona" in first["missing"]

        response = client.post(edit_url(proposal), edit_data(proposal))

        assert response.url == edit_url(proposal)
        assert stored_answers(proposal) == {
            "Nombre del equipo": "Los Andinos",
            "Cuenten su experiencia": "Dos años con huertos.",
            "¿Cuántas familias?": 40,
            "Zona": "Sierra",
            "Temas": ["Agua", "Salud"],
            "¿Ya lo probaron?": False,
            "Video de presentación": "https://video.example.org/huertos",
        }
        proposal.refresh_from_db()
        assert (proposal.summary, proposal.region, sorted(proposal.tags.names())) == (
            "Huertos en colegios rurales.",
            "PE-PUN",
            ["agua", "escuelas rurales"],
        )
        full = meter(client, proposal)
        assert (full["done"], full["total"], full["missing"]) == (TOTAL, TOTAL, [])
        assert client.get(edit_url(proposal)).context["can_submit"] is True

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("proposals:submit", args=[proposal.pk]))
            again = client.post(reverse("proposals:submit", args=[proposal.pk]))  # a double click

        receipt_url = reverse("proposals:receipt", args=[proposal.pk])
        assert (response.url, again.url) == (receipt_url, receipt_url)
        proposal.refresh_from_db()
        assert (proposal.status, proposal.reference) == ("submitted", "AGUA26-0001")
        assert len(mailoutbox) == 1
        assert ProposalVersion.objects.filter(proposal=proposal).count() == 1
        receipt = client.get(receipt_url)
        html = receipt.content.decode()
        assert "AGUA26-0001" in html
        madrid = timezone.localtime(proposal.submitted_at, zoneinfo.ZoneInfo("Europe/Madrid"))
        assert f'datetime="{madrid.isoformat()}"' in html
        assert [phase.kind for phase in receipt.context["next_phases"]] == ["evaluation"]

        assert client.get(reverse("proposals:withdraw", args=[proposal.pk])).status_code == 200
        response = client.post(reverse("proposals:withdraw", args=[proposal.pk]), {"reason": "Nos unimos a otro"})

        assert response.url == reverse("proposals:mine")
        proposal.refresh_from_db()
        assert (proposal.status, proposal.withdraw_reason) == ("withdrawn", "Nos unimos a otro")

    def test_withdrawing_needs_a_reason(self, client, draft, citizen):
        client.force_login(citizen)

        response = client.post(reverse("proposals:withdraw", args=[draft.pk]), {"reason": "   "})

        assert list(response.context["form"].errors) == ["reason"]
        assert Proposal.objects.get().status == "draft"

    def test_an_incomplete_draft_is_not_submitted_and_says_what_is_missing(self, client, draft, citizen):
        client.force_login(citizen)

        response = client.post(reverse("proposals:submit", args=[draft.pk]), follow=True)

        assert response.redirect_chain == [(edit_url(draft), 302)]
        assert len(error_messages(response)) == 1 and "Zona" in error_messages(response)[0]
        assert Proposal.objects.get().status == "draft"

    def test_my_proposals_lists_the_users_proposals_only(self, client, draft, citizen, challenge):
        other = make_user("otra@example.org")
        proposal_start(challenge=challenge, actor=other, title="Ajena")
        client.force_login(citizen)

        response = client.get(reverse("proposals:mine"))

        assert [proposal.title for proposal in response.context["page"]] == ["Borrador"]
        assert "Ajena" not in response.content.decode()

    def test_a_closed_call_sends_the_person_back_to_the_challenge(self, client, challenge, citizen):
        client.force_login(citizen)
        url = reverse("proposals:start", args=[challenge.slug])

        with time_machine.travel(NOW + 11 * DAY, tick=False):
            on_get = client.get(url, follow=True)
            on_post = client.post(url, {"title": "Tarde"}, follow=True)

        for response in (on_get, on_post):
            assert response.redirect_chain == [(challenge.get_absolute_url(), 302)]
            assert len(error_messages(response)) == 1
        assert not Proposal.objects.exists()

    def test_the_challenge_page_links_to_a_new_proposal_while_the_call_is_open(self, client, challenge):
        start_url = reverse("proposals:start", args=[challenge.slug])

        assert start_url in client.get(challenge.get_absolute_url()).content.decode()
        with time_machine.travel(NOW + 11 * DAY, tick=False):
            assert start_url not in client.get(challenge.get_absolute_url()).content.decode()


class TestSubmittingFromTheEditor:
    """The editor's "Submit" button posts the editor's form: what was typed is saved, then submitted."""

    def test_the_typed_text_is_saved_then_submitted(self, client, draft, citizen, django_capture_on_commit_callbacks):
        client.force_login(citizen)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("proposals:submit", args=[draft.pk]), edit_data(draft))

        assert response.url == reverse("proposals:receipt", args=[draft.pk])
        proposal = Proposal.objects.get()
        assert (proposal.status, proposal.summary, proposal.version) == ("submitted", TEXTS["summary"], 2)
        assert stored_answers(proposal)["Zona"] == "Sierra"

    def test_an_incomplete_draft_keeps_what_was_typed_and_says_what_is_missing(self, client, draft, citizen):
        client.force_login(citizen)

        response = client.post(reverse("proposals:submit", args=[draft.pk]), edit_data(draft, region=""), follow=True)

        assert response.redirect_chain == [(edit_url(draft), 302)]
        assert len(error_messages(response)) == 1 and error_messages(response)[0].endswith(": región.")
        proposal = Proposal.objects.get()
        assert (proposal.status, proposal.summary) == ("draft", TEXTS["summary"])

    def test_an_invalid_form_is_shown_again_and_nothing_is_submitted(self, client, draft, citizen):
        client.force_login(citizen)

        response = client.post(
            reverse("proposals:submit", args=[draft.pk]), edit_data(draft, country="BO", region="PE-PUN")
        )

        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["region"]
        assert response.context["form"]["summary"].value() == TEXTS["summary"]
        assert Proposal.objects.get().status == "draft"

    def test_a_stale_editor_is_refused_and_nothing_is_submitted(self, client, draft, citizen, co_author):
        stale = edit_data(draft)
        other = Client()
        other.force_login(co_author)
        assert other.post(edit_url(draft), edit_data(draft, summary="Texto de Beatriz")).status_code == 302
        client.force_login(citizen)

        response = client.post(reverse("proposals:submit", args=[draft.pk]), {**stale, "summary": "Texto de Rosa"})

        assert response.status_code == 409
        assert response.context["form"]["summary"].value() == "Texto de Rosa"
        proposal = Proposal.objects.get()
        assert (proposal.status, proposal.summary) == ("draft", "Texto de Beatriz")

    def test_a_double_click_gets_the_same_receipt(self, client, draft, citizen, django_capture_on_commit_callbacks):
        client.force_login(citizen)
        data = edit_data(draft)

        with django_capture_on_commit_callbacks(execute=True):
            first = client.post(reverse("proposals:submit", args=[draft.pk]), data)
            second = client.post(reverse("proposals:submit", args=[draft.pk]), data)

        assert first.url == second.url == reverse("proposals:receipt", args=[draft.pk])
        proposal = Proposal.objects.get()
        assert (proposal.status, proposal.number, proposal.version) == ("submitted", 1, 2)

    def test_the_editors_submit_button_belongs_to_the_editors_form(self, client, draft, citizen):
        client.force_login(citizen)

        html = client.get(edit_url(draft)).content.decode()

        submit_url = reverse("proposals:submit", args=[draft.pk])
        assert 'id="proposal-form"' in html
        assert f'form="proposal-form" formaction="{submit_url}"' in html


class TestEditing:
    def test_a_stale_version_is_refused_and_the_typed_text_kept(self, client, draft, citizen, co_author):
        """Two team members open the draft; the second to save gets a conflict, not an overwrite."""
        stale = edit_data(draft)
        other = Client()
        other.force_login(co_author)
        assert other.post(edit_url(draft), edit_data(draft, summary="Texto de Beatriz")).status_code == 302
        client.force_login(citizen)

        response = client.post(edit_url(draft), {**stale, "summary": "Texto de Rosa, largo y trabajado"})

        assert response.status_code == 409
        form = response.context["form"]
        assert form.non_field_errors() and form["summary"].value() == "Texto de Rosa, largo y trabajado"
        assert "Texto de Rosa, largo y trabajado" in response.content.decode()
        assert Proposal.objects.get().summary == "Texto de Beatriz"

    def test_a_draft_can_be_saved_incomplete(self, client, draft, citizen):
        client.force_login(citizen)
        data = {"version": draft.version, "title": "Solo un título", "country": "PE"}

        response = client.post(edit_url(draft), data)

        assert response.status_code == 302
        assert Proposal.objects.get().title == "Solo un título"

    def test_the_region_belongs_to_peru(self, client, draft, citizen):
        client.force_login(citizen)

        response = client.post(edit_url(draft), edit_data(draft, country="BO", region="PE-PUN"))

        assert list(response.context["form"].errors) == ["region"]
        assert Proposal.objects.get().country == "PE"

    def test_a_number_answer_keeps_its_decimals(self, client, draft, citizen):
        client.force_login(citizen)
        question = draft.challenge.questions.get(kind="number")

        client.post(edit_url(draft), edit_data(draft, **{f"question_{question.pk}": "2.5"}))

        assert Answer.objects.get(question=question).value == 2.5

    def test_after_the_deadline_a_draft_is_saved_but_not_submitted(self, client, draft, citizen):
        client.force_login(citizen)
        client.post(edit_url(draft), edit_data(draft))

        with time_machine.travel(NOW + 10 * DAY + timedelta(minutes=5), tick=False):
            saved = client.post(edit_url(draft), edit_data(draft, title="Guardado a tiempo… casi"))
            submitted = client.post(reverse("proposals:submit", args=[draft.pk]), follow=True)

        assert saved.status_code == 302
        assert submitted.redirect_chain == [(edit_url(draft), 302)]
        assert len(error_messages(submitted)) == 1
        proposal = Proposal.objects.get()
        assert (proposal.status, proposal.title, proposal.number) == ("draft", "Guardado a tiempo… casi", None)

    def test_what_people_type_is_escaped(self, client, draft, citizen):
        question = draft.challenge.questions.get(kind="short_text")
        question.help_text = "<b onmouseover=alert(2)>ayuda</b>"
        question.label = "<script>alert(3)</script>"
        question.save()
        client.force_login(citizen)
        client.post(
            edit_url(draft),
            edit_data(
                draft,
                title="<img src=x onerror=alert(1)>",
                summary="</textarea><script>alert(4)</script>",
                **{f"question_{question.pk}": '"><script>alert(5)</script>'},
            ),
        )

        html = client.get(edit_url(draft)).content.decode()

        for raw in ("<img src=x", "<script>alert(", "<b onmouseover", "</textarea><script>"):
            assert raw not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        assert "&lt;/textarea&gt;&lt;script&gt;alert(4)&lt;/script&gt;" in html

    def test_a_new_cover_image_gets_a_thumbnail(self, client, draft, citizen):
        client.force_login(citizen)

        client.post(edit_url(draft), edit_data(draft, cover=upload(image_bytes("PNG", size=(800, 450)), "c.png")))

        proposal = Proposal.objects.get()
        assert proposal.cover.name.endswith(".png") and proposal.cover_thumbnail.name.endswith(".webp")


def test_a_file_question_is_answered_with_a_checked_document(client, draft, citizen, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    question = Question.objects.create(challenge=draft.challenge, kind="file", label="Presupuesto", required=True)
    client.force_login(citizen)

    client.post(edit_url(draft), edit_data(draft, **{f"question_{question.pk}": upload(docx_bytes(), "p.docx")}))

    answer = Answer.objects.get(question=question)
    assert answer.file.name.startswith(f"proposals/{draft.challenge_id}/{draft.pk}/")
    assert answer.file.name.endswith(".docx")


class TestPermissions:
    def test_anonymous_people_are_sent_to_log_in(self, client, draft):
        for url in (reverse("proposals:mine"), edit_url(draft), reverse("proposals:start", args=["reto-agua"])):
            response = client.get(url)
            assert (response.status_code, response.url.split("?")[0]) == (302, reverse("account_login"))

    def test_an_unverified_person_cannot_start_a_proposal(self, client, challenge):
        client.force_login(make_user("nueva@example.org", verified=False))

        response = client.post(reverse("proposals:start", args=[challenge.slug]), {"title": "Idea"})

        assert response.status_code == 403
        assert not Proposal.objects.exists()

    def test_a_draft_challenge_is_not_found(self, client, lab, citizen):
        hidden = make_challenge(lab, "reto-oculto", phases={"proposals": (NOW - DAY, NOW + DAY)})
        client.force_login(citizen)

        assert client.get(reverse("proposals:start", args=[hidden.slug])).status_code == 404

    def test_someone_outside_the_team_does_not_see_a_draft(self, client, draft):
        client.force_login(make_user("otra@example.org"))

        for name, method in [
            ("proposals:edit", "get"),
            ("proposals:submit", "post"),
            ("proposals:receipt", "get"),
            ("proposals:withdraw", "get"),
            ("proposals:files", "get"),
        ]:
            assert getattr(client, method)(reverse(name, args=[draft.pk])).status_code == 404, name

    def test_someone_outside_the_team_cannot_change_a_public_proposal(self, client, draft, citizen):
        Proposal.objects.filter(pk=draft.pk).update(status="submitted", number=1, submitted_at=NOW)
        client.force_login(make_user("otra@example.org"))

        assert client.get(edit_url(draft)).status_code == 403
        assert client.post(edit_url(draft), edit_data(draft, title="Robado")).status_code == 403
        assert client.get(reverse("proposals:receipt", args=[draft.pk])).status_code == 403
        assert Proposal.objects.get().title == "Borrador"

    def test_a_co_author_edits_but_neither_submits_nor_withdraws(self, client, draft, co_author):
        client.force_login(co_author)

        page = client.get(edit_url(draft))
        saved = client.post(edit_url(draft), edit_data(draft, title="Mejor título"))

        assert (page.status_code, page.context["can_submit"], page.context["can_withdraw"]) == (200, False, False)
        assert reverse("proposals:submit", args=[draft.pk]) not in page.content.decode()
        assert saved.status_code == 302
        assert Proposal.objects.get().title == "Mejor título"
        assert client.post(reverse("proposals:submit", args=[draft.pk])).status_code == 403
        assert client.get(reverse("proposals:withdraw", args=[draft.pk])).status_code == 403
        assert client.post(reverse("proposals:withdraw", args=[draft.pk]), {"reason": "x"}).status_code == 403
        assert Proposal.objects.get().status == "draft"

    def test_a_withdrawn_proposal_is_no_longer_edited(self, client, draft, citizen):
        Proposal.objects.filter(pk=draft.pk).update(status="withdrawn")
        client.force_login(citizen)

        assert client.get(edit_url(draft)).status_code == 403

    def test_an_unknown_proposal_is_not_found(self, client, citizen):
        client.force_login(citizen)

        assert client.get(reverse("proposals:edit", args=[999])).status_code == 404
        assert client.post(reverse("proposals:submit", args=[999])).status_code == 404

    def test_submit_and_delete_only_answer_post(self, client, draft, citizen):
        client.force_login(citizen)

        assert client.get(reverse("proposals:submit", args=[draft.pk])).status_code == 405
        assert client.get(reverse("proposals:file_delete", args=[draft.pk, "attachment", 1])).status_code == 405


class TestQueryCounts:
    def test_my_proposals_uses_a_constant_number_of_queries(
        self, client, challenge, citizen, django_assert_num_queries
    ):
        client.force_login(citizen)
        url = reverse("proposals:mine")
        proposal_start(challenge=challenge, actor=citizen, title="Uno")
        client.get(url)  # warm the session
        with django_assert_num_queries(6):  # with the pending team invitations and requests to join
            client.get(url)
        for title in ("Dos", "Tres"):
            proposal_start(challenge=challenge, actor=citizen, title=title)
        with django_assert_num_queries(6):
            response = client.get(url)
        assert len(response.context["page"]) == 3

    def test_the_edit_page_uses_a_constant_number_of_queries(
        self, client, lab, citizen, django_assert_num_queries, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        challenge = make_challenge(lab, "reto-conteo", visibility="published", phases={"proposals": (NOW, NOW + DAY)})
        proposal = proposal_start(challenge=challenge, actor=citizen, title="Conteo")
        client.force_login(citizen)
        url = edit_url(proposal)

        def add_items(start: int, count: int):
            for index in range(start, start + count):
                question = Question.objects.create(challenge=challenge, kind="short_text", label=f"Pregunta {index}")
                Answer.objects.create(proposal=proposal, question=question, value=f"Respuesta {index}")
                ProposalMember.objects.create(proposal=proposal, user=make_user(f"m{index}@example.org"))
                Attachment.objects.create(
                    proposal=proposal, file=f"proposals/x/{index}.pdf", name="a.pdf", size=1, content_type="x"
                )
                GalleryImage.objects.create(
                    proposal=proposal, image=f"proposals/x/{index}.png", thumbnail="t.webp", alt_text="x"
                )
            proposal.tags.add(*[f"tema {index}" for index in range(start, start + count)])

        add_items(0, 1)
        client.get(url)  # warm the session
        # 11, plus the similar proposals' term statistics (none shares a term with "Conteo").
        with django_assert_num_queries(12):
            client.get(url)
        add_items(1, 2)
        with django_assert_num_queries(12):
            response = client.get(url)
        assert len(response.context["form"].questions) == 3


def test_every_change_is_in_the_audit_trail(client, draft, citizen):
    client.force_login(citizen)
    client.post(edit_url(draft), edit_data(draft))

    assert list(AuditLogEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "proposal.created",
        "proposal.saved",
    ]


def test_a_save_from_the_service_moves_the_version_the_form_carries(client, draft, citizen):
    client.force_login(citizen)
    proposal_save(proposal=draft, actor=citizen, expected_version=draft.version, data={}, tags=[], answers={})

    form = client.get(edit_url(draft)).context["form"]

    assert form["version"].value() == draft.version == 2
