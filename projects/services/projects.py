"""Actions on projects: opening them when proposals are selected, the team's edits, and their outcomes."""

from datetime import date, datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.documents import CleanDocument
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.storage import delete_after_commit
from projects import events
from projects.models import Outcome, OutcomeChange, Project
from projects.rules import organizers
from projects.tasks import tell_team_outcome
from proposals.models import Proposal

# What the team edits on its project (the proposal stays as it was judged).
EDITABLE_FIELDS = (
    "title",
    "summary",
    "built_what",
    "built_how",
    "materials",
    "replication",
    "repository_url",
    "media_url",
    "video_url",
)
MAX_OUTCOME_REASON = 2000


class EditConflict(ApplicationError):
    """Someone else saved the project since this person opened it."""


def projects_open(proposal_ids: list[int]) -> list[Project]:
    """Open a project for each of these selected proposals that has none yet: it starts from the proposal's title
    and summary, and the lab is its first outcome. Runs in the selecting transaction (see `proposals.signals`);
    a proposal selected again (a drop-out then a promotion back) keeps its project."""
    proposals = Proposal.objects.filter(pk__in=proposal_ids, project__isnull=True).only(
        "pk", "challenge_id", "title", "summary"
    )
    now = timezone.now()
    return Project.objects.bulk_create(
        [
            Project(proposal=p, challenge_id=p.challenge_id, title=p.title, summary=p.summary, created_at=now)
            for p in proposals
        ]
    )


@transaction.atomic
def project_update(
    *, project: Project, actor: User, expected_version: int, data: dict, slides: CleanDocument | None | bool = False
) -> Project:
    """Save the team's texts, links and presentation. `expected_version` is the version the form started from: if
    someone saved since, nothing is overwritten (EditConflict). `slides` is a checked document, None to remove the
    stored one, or False to keep it. The replaced file is deleted once the transaction commits. Audited."""
    bumped = Project.objects.filter(pk=project.pk, version=expected_version).update(version=F("version") + 1)
    if not bumped:
        raise EditConflict(
            _(
                "Someone saved this project while you were editing it. Your text is still in the form below: copy "
                "what you need, reload the page to see their changes, and save again."
            )
        )
    project.version = expected_version + 1
    changed = [field for field in EDITABLE_FIELDS if field in data and getattr(project, field) != data[field]]
    for field in changed:
        setattr(project, field, data[field])
    if slides is not False:
        delete_after_commit(project.slides)
        project.slides = slides.file if slides else None
        changed.append("slides")
    project.save()
    audit_log(project, "project.saved", actor=actor, version=project.version, fields=changed)
    return project


@transaction.atomic
def project_outcome_set(
    *,
    project: Project,
    actor: User,
    outcome: str,
    on: date,
    reason: str,
    adopted_by: str = "",
    adopted_url: str = "",
) -> OutcomeChange:
    """Give the project an outcome since `on` (a day in the challenge's time zone, never in the future), with the
    reason; an adoption names the public body and a link about it. Kept in its history (OutcomeChange) and audited;
    the challenge's live page is told. When organizers set it, the team is told after the commit (a notification
    and an e-mail each, in their language). A drop-out is recorded on the proposal, not here."""
    reason = reason.strip()
    adopted_by, adopted_url = adopted_by.strip(), adopted_url.strip()
    if outcome not in Outcome.values or outcome == Outcome.DROPPED_OUT:
        raise ApplicationError(_("Choose one of the outcomes offered."), field="outcome")
    if on > timezone.localdate(timezone=project.challenge.tzinfo):
        raise ApplicationError(_("The date cannot be in the future: record an outcome once it happens."), field="on")
    if not reason:
        raise ApplicationError(_("Say what happened: the reason is kept in the project's history."), field="reason")
    if len(reason) > MAX_OUTCOME_REASON:
        raise ApplicationError(
            _("Keep the reason within %(count)s characters.") % {"count": MAX_OUTCOME_REASON}, field="reason"
        )
    if outcome == Outcome.ADOPTED:
        if not adopted_by:
            raise ApplicationError(_("Name the public body that adopted the project."), field="adopted_by")
        if not adopted_url:
            raise ApplicationError(
                _("Give a link where people can check the adoption (a resolution, an agreement, a news item)."),
                field="adopted_url",
            )
    else:
        adopted_by = adopted_url = ""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.outcome == Outcome.DROPPED_OUT:
        raise ApplicationError(_("This team dropped out of the call: its project has no other outcome."))
    change = outcome_record(
        locked, actor=actor, outcome=outcome, on=on, reason=reason, adopted_by=adopted_by, adopted_url=adopted_url
    )
    for name in ("outcome", "outcome_on", "adopted_by", "adopted_url"):
        setattr(project, name, getattr(locked, name))
    if organizers(actor, project):
        transaction.on_commit(lambda: tell_team_outcome.enqueue(change.pk))
    return change


def project_drop_out(*, proposal_id: int, actor: User, reason: str, when: datetime) -> None:
    """The project of a proposal whose team the organizers recorded as dropping out says so, with their reason
    (called by `proposal_drop_out` in its transaction through `proposals.signals`; the team is told there)."""
    project = Project.objects.select_for_update().select_related("challenge").filter(proposal_id=proposal_id).first()
    if project is None or project.outcome == Outcome.DROPPED_OUT:
        return
    on = timezone.localdate(when, timezone=project.challenge.tzinfo)
    outcome_record(project, actor=actor, outcome=Outcome.DROPPED_OUT, on=on, reason=reason)


def outcome_record(project: Project, *, actor: User, outcome: str, on: date, reason: str, **adoption) -> OutcomeChange:
    """Give the locked `project` its new outcome, kept in its history, audited and told to the live page. Callers
    check the change first: organizers and teams (`project_outcome_set`), a drop-out, a follow-up answer."""
    change = OutcomeChange.objects.create(
        project=project, outcome=outcome, on=on, reason=reason, author=actor, **adoption
    )
    project.outcome, project.outcome_on = outcome, on
    project.adopted_by, project.adopted_url = adoption.get("adopted_by", ""), adoption.get("adopted_url", "")
    project.save(update_fields=["outcome", "outcome_on", "adopted_by", "adopted_url", "updated_at"])
    audit_log(project, "project.outcome_set", actor=actor, outcome=outcome, on=on.isoformat(), reason=reason)
    events.project_outcome(project)
    return change
