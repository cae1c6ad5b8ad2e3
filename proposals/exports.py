"""The organizers' exports of a call: its proposals (every field, one column per question, the team), the members
of their teams, the applications to its open roles, its supports per proposal and its eligibility decisions.

People appear by name; an e-mail address only in the team export, and only of those who agreed that the organizers
of their calls contact them (Profile.contact_consent).

Rows are read in chunks with their related rows joined or prefetched per chunk, so an export of 10,000 rows
streams in constant memory (the files themselves are written by innovation_platform.core.exports).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from challenges.models import Challenge, QuestionKind
from innovation_platform.core.exports import export_response
from proposals.models import Answer, MemberRole, Proposal, ProposalMember, RoleApplication
from proposals.selectors.console import call_proposals, choice_labels, contributed_columns
from proposals.selectors.roles import challenge_applications
from proposals.selectors.supports import supports_per_proposal

CHUNK = 500
TEXTS = ("summary", "problem", "solution", "beneficiaries", "territory", "expected_impact")


def proposals_file(
    challenge: Challenge, proposals: QuerySet[Proposal], fmt: str
) -> StreamingHttpResponse | FileResponse:
    """`proposals` (annotated by `sorted_rows`) as a CSV or XLSX download: the list's export, on the page and in
    the API."""
    return export_response(
        fmt,
        f"{challenge.slug}-proposals",
        proposal_export_header(challenge),
        proposal_export_rows(challenge, proposals),
        sheet=challenge.reference_prefix,
    )


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


def _verbose(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name).capitalize()


def team_export_header() -> list[str]:
    return [
        _("Reference"),
        _("Title"),
        _("Status"),
        _("Name"),
        _("Role"),
        _("Country"),
        _("Region"),
        _("E-mail (if they agreed to be contacted)"),
    ]


def team_export_rows(challenge: Challenge) -> Iterator[list]:
    """One row per member of each proposal sent to the call, by reference; an address only with consent."""
    members = (
        ProposalMember.objects.filter(proposal__in=call_proposals(challenge))
        .select_related("proposal__challenge", "user__profile")
        .order_by("proposal__number", "proposal_id", "pk")
    )
    labels = choice_labels()
    for member in members.iterator(chunk_size=CHUNK):
        profile = getattr(member.user, "profile", None)
        yield [
            member.proposal.reference,
            member.proposal.title,
            labels["status"].get(member.proposal.status, ""),
            member.user.full_name,
            member.get_role_display(),
            profile.country.name if profile and profile.country else "",
            labels["region"].get(profile.region, "") if profile else "",
            profile.contact_address if profile else "",
        ]


def application_export_header() -> list[str]:
    return [
        _("Reference"),
        _("Proposal"),
        _("Role"),
        _("Applicant"),
        _("Status"),
        _verbose(RoleApplication, "preference"),
        _verbose(RoleApplication, "rating"),
        _("Applied"),
        _("Decided"),
        _("Decided by"),
        _verbose(RoleApplication, "motivation"),
        _("Links"),
    ]


def application_export_rows(challenge: Challenge) -> Iterator[list]:
    """Every application to the roles of the call's proposals, by proposal and role; applicants by name only."""
    applications = challenge_applications(challenge).select_related("slot__proposal__challenge", "decided_by")
    for application in applications.iterator(chunk_size=CHUNK):
        proposal = application.slot.proposal
        yield [
            proposal.reference,
            proposal.title,
            application.slot.title,
            application.applicant.full_name,
            application.get_status_display(),
            application.preference,
            application.rating,
            application.created_at,
            application.decided_at,
            application.decided_by.full_name if application.decided_by else "",
            application.motivation,
            application.links,
        ]


def support_export_header() -> list[str]:
    return [
        _("Reference"),
        _("Title"),
        _("Status"),
        _("Hidden"),
        _("Supports"),
        _("First support"),
        _("Last support"),
    ]


def support_export_rows(challenge: Challenge) -> Iterator[list]:
    """Supports counted per proposal, with the first and last dates: never who supported (they are citizens
    whose choice the organizers have no need to know)."""
    labels = choice_labels()
    for proposal in supports_per_proposal(challenge).iterator(chunk_size=CHUNK):
        yield [
            proposal.reference,
            proposal.title,
            labels["status"].get(proposal.status, ""),
            proposal.hidden_at is not None,
            proposal.support_total,
            proposal.first_support_at,
            proposal.last_support_at,
        ]


def eligibility_export_header() -> list[str]:
    return [
        _("Reference"),
        _("Title"),
        _("Status"),
        _("Eligibility"),
        _("Reason"),
        _("Screened by"),
        _("Screened"),
    ]


def eligibility_export_rows(challenge: Challenge) -> Iterator[list]:
    """The organizers' eligibility decision on every proposal sent to the call, by reference."""
    proposals = call_proposals(challenge).select_related("challenge", "screened_by").order_by("number", "pk")
    labels = choice_labels()
    for proposal in proposals.iterator(chunk_size=CHUNK):
        yield [
            proposal.reference,
            proposal.title,
            labels["status"].get(proposal.status, ""),
            labels["eligibility"].get(proposal.eligibility, ""),
            proposal.eligibility_reason,
            proposal.screened_by.full_name if proposal.screened_by else "",
            proposal.screened_at,
        ]


@dataclass(frozen=True)
class CallExport:
    """One of the call's other exports: its title (also the name of its spreadsheet), header and rows."""

    title: str
    header: Callable[[], list[str]]
    rows: Callable[[Challenge], Iterator[list]]


CALL_EXPORTS = {
    "team": CallExport(gettext_lazy("Team members"), team_export_header, team_export_rows),
    "applications": CallExport(
        gettext_lazy("Collaborator applications"), application_export_header, application_export_rows
    ),
    "supports": CallExport(gettext_lazy("Supports per proposal"), support_export_header, support_export_rows),
    "eligibility": CallExport(
        gettext_lazy("Eligibility decisions"), eligibility_export_header, eligibility_export_rows
    ),
}


def call_export_response(challenge: Challenge, what: str, fmt: str):
    """The call's export `what` (a key of CALL_EXPORTS) as a CSV or XLSX file: the console's and the API's."""
    if what not in CALL_EXPORTS:
        raise Http404
    export = CALL_EXPORTS[what]
    return export_response(
        fmt, f"{challenge.slug}-{what}", export.header(), export.rows(challenge), sheet=str(export.title)
    )
