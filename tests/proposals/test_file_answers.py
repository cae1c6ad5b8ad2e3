"""A file answer: replaced (the old file removed from storage once saved) and cleared."""

from datetime import timedelta

import pytest
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone

from challenges.models import Question
from proposals.models import Answer
from proposals.services.submission import EditConflict, proposal_save, proposal_start
from tests.conftest import make_challenge
from tests.core.test_documents import docx_bytes, upload

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def question(lab):
    challenge = make_challenge(lab, visibility="published", phases={"proposals": (NOW - DAY, NOW + DAY)})
    return Question.objects.create(challenge=challenge, kind="file", label="Presupuesto")


@pytest.fixture
def draft(question, citizen):
    return proposal_start(challenge=question.challenge, actor=citizen, title="Borrador")


def post_file(client, draft, question, **fields):
    draft.refresh_from_db()
    data = {"version": draft.version, "title": draft.title, "country": "PE", **fields}
    return client.post(reverse("proposals:edit", args=[draft.pk]), data)


def save(draft, citizen, question, value):
    draft.refresh_from_db()
    return proposal_save(
        proposal=draft, actor=citizen, expected_version=draft.version, data={}, tags=[], answers={question.pk: value}
    )


class TestService:
    def test_a_replaced_file_is_deleted_after_the_commit(
        self, draft, citizen, question, django_capture_on_commit_callbacks
    ):
        save(draft, citizen, question, upload(docx_bytes(), "uno.docx"))
        old = Answer.objects.get(question=question).file.name

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            save(draft, citizen, question, upload(docx_bytes(), "dos.docx"))
        assert storages["private"].exists(old)  # still there until the save commits
        for callback in callbacks:
            callback()

        new = Answer.objects.get(question=question).file.name
        assert (storages["private"].exists(old), storages["private"].exists(new), new.endswith("dos.docx")) == (
            False,
            True,
            True,
        )

    def test_a_cleared_file_is_removed(self, draft, citizen, question, django_capture_on_commit_callbacks):
        save(draft, citizen, question, upload(docx_bytes(), "uno.docx"))
        old = Answer.objects.get(question=question).file.name

        with django_capture_on_commit_callbacks(execute=True):
            save(draft, citizen, question, None)

        assert Answer.objects.get(question=question).file.name == ""
        assert not storages["private"].exists(old)

    def test_clearing_a_question_never_answered_writes_nothing(self, draft, citizen, question):
        save(draft, citizen, question, None)

        assert not Answer.objects.filter(question=question).exists()

    def test_a_refused_save_keeps_the_old_file(self, draft, citizen, question, django_capture_on_commit_callbacks):
        save(draft, citizen, question, upload(docx_bytes(), "uno.docx"))
        old = Answer.objects.get(question=question).file.name

        with django_capture_on_commit_callbacks(execute=True), pytest.raises(EditConflict):
            proposal_save(
                proposal=draft,
                actor=citizen,
                expected_version=1,
                data={},
                tags=[],
                answers={question.pk: upload(docx_bytes(), "dos.docx")},
            )

        assert (Answer.objects.get(question=question).file.name, storages["private"].exists(old)) == (old, True)


class TestForm:
    def test_the_form_offers_to_clear_a_stored_file_and_clears_it(
        self, client, draft, citizen, question, django_capture_on_commit_callbacks
    ):
        client.force_login(citizen)
        post_file(client, draft, question, **{f"question_{question.pk}": upload(docx_bytes(), "uno.docx")})
        old = Answer.objects.get(question=question).file.name

        html = client.get(reverse("proposals:edit", args=[draft.pk])).content.decode()
        assert f'name="question_{question.pk}-clear"' in html
        answer = Answer.objects.get(question=question)
        assert f'href="{reverse("proposals:document", args=[draft.pk, "answer", answer.pk])}"' in html

        with django_capture_on_commit_callbacks(execute=True):
            response = post_file(client, draft, question, **{f"question_{question.pk}-clear": "on"})

        assert response.status_code == 302
        assert Answer.objects.get(question=question).file.name == ""
        assert not storages["private"].exists(old)

    def test_saving_without_a_new_file_keeps_the_stored_one(self, client, draft, citizen, question):
        client.force_login(citizen)
        post_file(client, draft, question, **{f"question_{question.pk}": upload(docx_bytes(), "uno.docx")})
        old = Answer.objects.get(question=question).file.name

        post_file(client, draft, question)

        assert Answer.objects.get(question=question).file.name == old
        assert storages["private"].exists(old)
