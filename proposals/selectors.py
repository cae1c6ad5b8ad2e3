from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from challenges.models import Challenge, Question, QuestionKind
from innovation_platform.core.cache import cached_figures
from proposals.models import IN_THE_CALL, Answer, Proposal, ProposalMember

# The texts a proposal needs before it can be submitted, with the labels people see.
REQUIRED_FIELDS = ("title", "summary", "problem", "solution", "beneficiaries", "expected_impact", "stage", "licence")


def proposal_for_editing(pk: int) -> Proposal:
    """A proposal with its challenge, questions and answers: enough to edit it and measure it."""
    return (
        Proposal.objects.select_related("challenge", "challenge__lab")
        .prefetch_related(
            "tags",
            Prefetch("challenge__questions", queryset=Question.objects.order_by("position", "pk")),
            Prefetch("answers", queryset=Answer.objects.select_related("question")),
            Prefetch("members", queryset=ProposalMember.objects.select_related("user")),
            "attachments",
            "images",
        )
        .get(pk=pk)
    )


def proposal_missing(proposal: Proposal) -> list[str]:
    """What still stands between a draft and its submission, as labels (uses prefetched rows)."""
    missing = [
        str(Proposal._meta.get_field(name).verbose_name) for name in REQUIRED_FIELDS if not getattr(proposal, name)
    ]
    if proposal.country == "PE" and not proposal.region:
        missing.append(_("region"))
    answered = {answer.question_id for answer in proposal.answers.all() if _is_answered(answer)}
    missing += [
        question.label
        for question in proposal.challenge.questions.all()
        if question.required and question.pk not in answered
    ]
    return missing


def proposal_completeness(proposal: Proposal) -> dict:
    """The meter shown while writing: how many of the needed items are done, and which are not."""
    missing = proposal_missing(proposal)
    required_questions = sum(1 for question in proposal.challenge.questions.all() if question.required)
    total = len(REQUIRED_FIELDS) + required_questions + (1 if proposal.country == "PE" else 0)
    done = total - len(missing)
    return {"done": done, "total": total, "percent": round(100 * done / total) if total else 100, "missing": missing}


def proposals_of_user(user) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(members__user=user)
        .select_related("challenge")
        .only("title", "status", "number", "updated_at", "challenge__title", "challenge__slug", "challenge__code")
        .order_by("-updated_at")
    )


def challenge_proposal_figures(challenge: Challenge) -> dict:
    """Proposals submitted so far and the countries and Peruvian regions they come from (cached)."""

    def compute():
        return Proposal.objects.filter(challenge=challenge, status__in=IN_THE_CALL).aggregate(
            submitted=Count("pk"),
            countries=Count("country", distinct=True),
            regions=Count("region", distinct=True, filter=~Q(region="")),
        )

    return cached_figures("challenge-proposals", {"challenge": challenge.pk}, compute)


def _is_answered(answer: Answer) -> bool:
    if answer.question.kind == QuestionKind.FILE:
        return bool(answer.file)
    return answer.value not in (None, "", [])
