"""A proposal's page: who sees it, private answers, escaping, the team, links and queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from challenges.models import Challenge, Question
from innovation_platform.labs.models import LabMembership
from proposals.models import Answer, Attachment, GalleryImage, Proposal, ProposalMember
from tests.conftest import make_challenge, make_lab, make_user
from tests.proposals.test_public_gallery import make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """Requests in English leave English active in this thread; later tests expect the default."""
    yield
    translation.deactivate()


NOW = timezone.now()
DAY = timedelta(days=1)
SECRET_BUDGET = 98765


@pytest.fixture
def challenge(lab):
    challenge = make_challenge(
        lab, "reto-agua", code="AGUA26", visibility="published", phases={"proposals": (NOW - DAY, NOW + 9 * DAY)}
    )
    Question.objects.create(challenge=challenge, label="¿Qué problema abordas?", kind="long_text", position=0)
    Question.objects.create(challenge=challenge, label="¿Trabajas con comunidades?", kind="yes_no", position=1)
    Question.objects.create(challenge=challenge, label="Presupuesto (S/)", kind="number", is_private=True, position=2)
    Question.objects.create(challenge=challenge, label="Sitio web", kind="url", position=3)
    return challenge


@pytest.fixture
def lead(db):
    user = make_user("lead@example.org", full_name="Rosa Quispe")
    user.profile.is_public = True
    user.profile.save()
    return user


@pytest.fixture
def co_author(db):
    return make_user("coautor@example.org", full_name="Walter Condori")  # a private profile


@pytest.fixture
def proposal(challenge, lead, co_author):
    proposal = make_proposal(
        challenge,
        "Biohuertos escolares",
        lead=lead,
        summary="Huertos en colegios.\n\nContra la anemia.",
        problem="Anemia infantil en Puno.",
        solution="Huertos con riego por goteo.",
        beneficiaries="300 escolares.",
        territory="Juliaca y Puno",
        expected_impact="Menos anemia.",
        stage="prototype",
        region="PE-PUN",
        licence="cc-by",
        tags=["biohuertos"],
        submitted_at=NOW,
    )
    ProposalMember.objects.create(proposal=proposal, user=co_author, role="member")
    answers = {0: "Niños con anemia\nen la sierra.", 1: True, 2: SECRET_BUDGET, 3: "https://biohuertos.example.org"}
    for question in challenge.questions.all():
        Answer.objects.create(proposal=proposal, question=question, value=answers[question.position])
    return proposal


def url(proposal) -> str:
    return reverse("proposals:detail", args=[proposal.pk])


def get(client, proposal, user=None):
    if user is not None:
        client.force_login(user)
    return client.get(url(proposal), HTTP_ACCEPT_LANGUAGE="en")


def answered(response) -> dict:
    return {row["question"].label: row["text"] for row in response.context["answers"]}


class TestWhoSeesIt:
    def test_a_proposal_in_the_call_is_public(self, client, proposal):
        response = get(client, proposal)

        assert response.status_code == 200
        assert response.context["proposal"] == proposal

    @pytest.mark.parametrize("status", ["draft", "withdrawn"])
    def test_drafts_and_withdrawn_proposals_are_only_for_the_team_and_organizers(
        self, client, proposal, status, citizen, co_author, lab_admin
    ):
        Proposal.objects.filter(pk=proposal.pk).update(status=status)

        assert get(client, proposal).status_code == 404
        assert get(client, proposal, citizen).status_code == 404
        assert get(client, proposal, co_author).status_code == 200
        assert get(client, proposal, lab_admin).status_code == 200

    def test_a_hidden_gallery_hides_the_proposals_from_the_public(self, client, proposal, citizen, lead):
        Challenge.objects.filter(pk=proposal.challenge_id).update(proposals_public=False)

        assert get(client, proposal).status_code == 404
        assert get(client, proposal, citizen).status_code == 404
        assert get(client, proposal, lead).status_code == 200

    def test_an_unknown_proposal_is_not_found(self, client):
        assert client.get(reverse("proposals:detail", args=[999])).status_code == 404


class TestPrivateAnswers:
    PUBLIC = {
        "¿Qué problema abordas?": "Niños con anemia\nen la sierra.",
        "¿Trabajas con comunidades?": "Yes",
        "Sitio web": "https://biohuertos.example.org",
    }

    def test_hidden_from_the_public(self, client, proposal, citizen):
        for user in (None, citizen):
            response = get(client, proposal, user)
            assert answered(response) == self.PUBLIC
            assert "Presupuesto" not in response.content.decode()
            assert str(SECRET_BUDGET) not in response.content.decode()

    @pytest.mark.parametrize("who", ["lead", "co_author", "lab_admin", "staff"])
    def test_shown_to_the_team_organizers_and_staff(self, client, proposal, who, request):
        response = get(client, proposal, request.getfixturevalue(who))

        assert answered(response) == {**self.PUBLIC, "Presupuesto (S/)": "98765"}
        assert "98765" in response.content.decode()

    def test_an_organizer_of_another_lab_does_not_see_them(self, client, proposal):
        other = make_user("otra@example.org")
        LabMembership.objects.create(lab=make_lab("lab-lejano", region="PE-LOR"), user=other, role="organizer")

        assert "Presupuesto (S/)" not in answered(get(client, proposal, other))


class TestContent:
    def test_texts_facts_answers_files_and_images(self, client, proposal):
        Attachment.objects.create(
            proposal=proposal, file="proposals/1/1/plan.pdf", name="Plan de trabajo.pdf", size=2048, content_type="x"
        )
        GalleryImage.objects.create(
            proposal=proposal, image="proposals/1/1/a.jpg", thumbnail="proposals/1/1/a-t.jpg", alt_text="Niñas regando"
        )
        Proposal.objects.filter(pk=proposal.pk).update(cover="proposals/1/1/portada.jpg")

        html = get(client, proposal).content.decode()

        assert "AGUA26-0001" in html
        assert "<p>Huertos en colegios.</p>\n\n<p>Contra la anemia.</p>" in html
        assert "<p>Niños con anemia<br>en la sierra.</p>" in html
        assert '<img src="/media/proposals/1/1/portada.jpg" alt="Biohuertos escolares"' in html
        assert '<img src="/media/proposals/1/1/a-t.jpg" alt="Niñas regando"' in html
        attachment = proposal.attachments.get()
        download = reverse("proposals:document", args=[proposal.pk, "attachment", attachment.pk])
        assert f'<a href="{download}">Plan de trabajo.pdf</a> <span class="muted">(2.0\xa0KB)' in html
        assert '<a href="https://biohuertos.example.org" rel="nofollow noopener">' in html
        for text in ("Juliaca y Puno", "Prototype", "Puno", "Creative Commons Attribution (CC BY 4.0)", "biohuertos"):
            assert text in html

    def test_the_team_shows_names_and_public_profiles_only_never_e_mails(self, client, proposal, lead, co_author):
        response = get(client, proposal)

        html = response.content.decode()
        assert [(m["name"], m["is_lead"]) for m in response.context["team"]] == [
            ("Rosa Quispe", True),
            ("Walter Condori", False),
        ]
        assert f'<a href="{lead.profile.get_absolute_url()}">Rosa Quispe</a>' in html
        assert co_author.profile.get_absolute_url() not in html
        assert lead.email not in html and co_author.email not in html

    def test_everything_typed_by_people_is_escaped(self, client, proposal):
        attack = '<script>alert(1)</script><img src=x onerror="alert(2)">'
        Proposal.objects.filter(pk=proposal.pk).update(title=attack, summary=attack, problem=attack, territory=attack)
        Answer.objects.filter(proposal=proposal, question__kind="long_text").update(value=attack)
        Answer.objects.filter(proposal=proposal, question__kind="url").update(value="javascript:alert(3)")

        html = get(client, proposal).content.decode()

        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert '"javascript:' not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_an_unanswered_question_says_so(self, client, proposal):
        Answer.objects.filter(proposal=proposal, question__kind="yes_no").delete()

        response = get(client, proposal)

        assert answered(response)["¿Trabajas con comunidades?"] == ""
        assert "Not answered" in response.content.decode()


class TestLinks:
    def links(self, client, proposal, user=None) -> dict:
        html = get(client, proposal, user).content.decode()
        return {
            name: reverse(f"proposals:{name}", args=[proposal.pk]) in html for name in ("edit", "withdraw", "versions")
        }

    def test_anonymous_and_citizens_get_no_links(self, client, proposal, citizen):
        none = {"edit": False, "withdraw": False, "versions": False}

        assert self.links(client, proposal) == none
        assert self.links(client, proposal, citizen) == none

    def test_the_lead_edits_and_withdraws_a_co_author_edits(self, client, proposal, lead, co_author):
        assert self.links(client, proposal, lead) == {"edit": True, "withdraw": True, "versions": False}
        assert self.links(client, proposal, co_author) == {"edit": True, "withdraw": False, "versions": False}

    def test_organizers_and_staff_see_the_versions(self, client, proposal, lab_admin, staff):
        assert self.links(client, proposal, lab_admin) == {"edit": False, "withdraw": False, "versions": True}
        assert self.links(client, proposal, staff) == {"edit": False, "withdraw": False, "versions": True}

    def test_a_withdrawn_proposal_offers_neither_edit_nor_withdraw(self, client, proposal, lead):
        Proposal.objects.filter(pk=proposal.pk).update(status="withdrawn", withdraw_reason="Otro equipo")

        assert self.links(client, proposal, lead) == {"edit": False, "withdraw": False, "versions": False}


class TestQueries:
    @pytest.mark.parametrize("as_lead", [False, True])
    def test_page_uses_a_constant_number_of_queries(self, client, challenge, django_assert_num_queries, as_lead):
        """1 and 3 members, answers, categories, documents and images: the same count."""
        lead = make_user("lead@example.org")
        proposal = make_proposal(challenge, "Con todo", lead=lead)
        # The proposal and its challenge; categories, questions, answers, team, documents, images; for the public,
        # whether a blind round hides the teams now (judging's check).
        expected = 8
        if as_lead:
            client.force_login(lead)
            client.get(url(proposal))  # warm the session
            # session, user; the lead's role (cached for the request), verified e-mail; challenge role,
            # lab membership (organizer rules); the jurors' feedback released to the team (judging's panel); no
            # blind-round check: the team sees its names
            expected += 6

        def add(numbers):
            questions = list(challenge.questions.order_by("position"))
            for i in numbers:
                member = make_user(f"m{i}@example.org")
                ProposalMember.objects.create(proposal=proposal, user=member, role="member")
                Answer.objects.create(proposal=proposal, question=questions[i], value=f"Respuesta {i}")
                proposal.tags.add(f"tema {i}")
                Attachment.objects.create(
                    proposal=proposal, file=f"d{i}.pdf", name=f"d{i}.pdf", size=10, content_type="x"
                )
                GalleryImage.objects.create(proposal=proposal, image=f"i{i}.jpg", thumbnail=f"t{i}.jpg", alt_text="x")

        add(range(1))
        with django_assert_num_queries(expected):
            client.get(url(proposal))
        add(range(1, 3))
        with django_assert_num_queries(expected):
            response = client.get(url(proposal))
        # The fourth question is private: its answer is for the team only.
        assert (len(response.context["team"]), len(response.context["answers"])) == (4, 4 if as_lead else 3)
