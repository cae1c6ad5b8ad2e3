"""The call's proposals as rows for the organizers' exports: every field, one column per question, the team.

Rows are read in chunks with their related rows prefetched per chunk, so an export of 10,000 proposals
streams in constant memory (the files themselves are written by innovation_platform.core.exports).
"""

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from challenges.models import Challenge, QuestionKind
from proposals.models import Answer, MemberRole, Proposal, ProposalMember
from proposals.selectors.console import choice_labels, contributed_columns

CHUNK = 500
TEXTS = ("summary", "problem", "solution", "beneficiaries", "territory", "expected_impact")


def proposal_export_header(challenge: Challenge) -> list[str]:
    contributed = [str(column.label) for column in contributed_columns()]
    return [
        _("Reference"),
        _("Title"),
        _("Status"),
        _("Eligibility"),
        _("Reason"),
        _("Country"),
        _("Region"),
        _("Stage"),
        _("Categories"),
        *(str(Proposal._meta.get_field(name).verbose_name).capitalize() for name in TEXTS),
        _("Licence"),
        _("Submitted"),
        _("Lead"),
        _("Team"),
        _("Team size"),
        _("Supports"),
        _("Hidden"),
        *contributed,
        *(question.label for question in challenge.questions.order_by("position", "pk")),
    ]


def proposal_export_rows(challenge: Challenge, proposals: QuerySet[Proposal]) -> Iterator[list]:
    """One row per proposal of `proposals` (annotated by `sorted_rows`), in its order."""
    questions = list(challenge.questions.order_by("position", "pk"))
    contributed = contributed_columns()
    labels = choice_labels()
    rows = proposals.prefetch_related(
        Prefetch("answers", queryset=Answer.objects.only("proposal_id", "question_id", "value", "file")),
        Prefetch("members", queryset=ProposalMember.objects.select_related("user").order_by("pk")),
    )
    for proposal in rows.iterator(chunk_size=CHUNK):
        answers = {answer.question_id: answer for answer in proposal.answers.all()}
        members = list(proposal.members.all())
        yield [
            proposal.reference,
            proposal.title,
            labels["status"].get(proposal.status, ""),
            labels["eligibility"].get(proposal.eligibility, ""),
            proposal.eligibility_reason,
            proposal.country.name if proposal.country else "",
            labels["region"].get(proposal.region, ""),
            labels["stage"].get(proposal.stage, ""),
            [tag.name for tag in proposal.tags.all()],
            *(getattr(proposal, name) for name in TEXTS),
            labels["licence"].get(proposal.licence, ""),
            proposal.submitted_at,
            next((m.user.full_name for m in members if m.role == MemberRole.LEAD), ""),
            [f"{m.user.full_name} ({m.get_role_display()})" for m in members],
            len(members),
            proposal.support_count,
            proposal.hidden_at is not None,
            *(column.value(proposal) for column in contributed),
            *(_answer(question, answers.get(question.pk)) for question in questions),
        ]


def _answer(question, answer: Answer | None):
    if answer is None:
        return ""
    if question.kind == QuestionKind.FILE:
        return answer.file.name.rsplit("/", 1)[-1] if answer.file else ""
    if question.kind == QuestionKind.YES_NO and answer.value is not None:
        return _("Yes") if answer.value else _("No")
    return answer.value
