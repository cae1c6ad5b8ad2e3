import difflib
import re
from collections import Counter
from datetime import datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django_countries.fields import Country
from taggit.models import Tag

from challenges.eligibility import origin_problems, residence_problems
from challenges.models import Challenge, Question, QuestionKind, Visibility
from innovation_platform.core.page_cache import challenge_scope, counted, kept_for_pages
from innovation_platform.core.regions import PeruRegion
from innovation_platform.core.search import word_search
from proposals.models import (
    IN_THE_CALL,
    Answer,
    Attachment,
    Eligibility,
    MemberRole,
    Proposal,
    ProposalMember,
    ProposalSearchTerm,
    ProposalStatus,
    ProposalVersion,
    Stage,
)

# The texts a proposal needs before it can be submitted, with the labels people see.
REQUIRED_FIELDS = ("title", "summary", "problem", "solution", "beneficiaries", "expected_impact", "stage", "licence")


def proposal_for_editing(pk: int) -> Proposal:
    """A proposal with its challenge, questions and answers: enough to edit it and measure it."""
    return (
        Proposal.objects.select_related("challenge", "challenge__lab", "screened_by")
        .prefetch_related(
            "tags",
            Prefetch("challenge__questions", queryset=Question.objects.order_by("position", "pk")),
            Prefetch("answers", queryset=Answer.objects.select_related("question")),
            Prefetch("members", queryset=ProposalMember.objects.select_related("user__profile").order_by("pk")),
            "attachments",
            "images",
        )
        .get(pk=pk)
    )


def with_what_missing_reads(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """`proposals` with the rows `proposal_missing` reads prefetched (the call's questions, the answers, the team):
    a few queries whatever their number. The call itself must be joined (select_related) by the caller."""
    return proposals.prefetch_related(
        Prefetch("challenge__questions", queryset=Question.objects.order_by("position", "pk")),
        Prefetch("answers", queryset=Answer.objects.select_related("question")),
        "members",
    )


def drafts_of_people(challenge: Challenge, user_ids: list[int]) -> QuerySet[Proposal]:
    """The call's drafts that any of these people are in, oldest first, ready for `proposal_missing`."""
    drafts = Proposal.objects.filter(
        challenge=challenge,
        status=ProposalStatus.DRAFT,
        pk__in=ProposalMember.objects.filter(user_id__in=user_ids).values("proposal"),
    )
    return with_what_missing_reads(drafts.select_related("challenge").order_by("created_at", "pk"))


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
    team_min = proposal.challenge.team_min
    if team_min > 1 and len(proposal.members.all()) < team_min:
        missing.append(_("at least %(count)s team members") % {"count": team_min})
    return missing


def proposal_ineligibility(proposal: Proposal) -> list[str]:
    """Which of the call's rules on origin the proposal (and, where required, its team) breaks, as
    sentences; uses the prefetched members and their profiles."""
    challenge = proposal.challenge
    people = [
        (member.user.full_name, *_residence(member.user))
        for member in proposal.members.all()
        if member.role != MemberRole.COLLABORATOR
    ]
    return [
        *origin_problems(challenge, country=proposal.country, region=proposal.region),
        *residence_problems(challenge, people),
    ]


def _residence(user) -> tuple[str, str]:
    profile = getattr(user, "profile", None)
    return (str(profile.country), profile.region) if profile else ("", "")


def appeal_deadline(proposal: Proposal) -> datetime | None:
    """Until when the team may answer its ineligibility (None: the call offers no appeal, the proposal is not
    ineligible, or its team already appealed: once only, even when the organizers then decide again)."""
    days = proposal.challenge.appeal_days
    if not days or proposal.eligibility != Eligibility.INELIGIBLE or proposal.screened_at is None:
        return None
    if proposal.appealed_at is not None:
        return None
    return proposal.screened_at + timedelta(days=days)


def proposal_completeness(proposal: Proposal) -> dict:
    """The meter shown while writing: how many of the needed items are done, and which are not."""
    missing = proposal_missing(proposal)
    required_questions = sum(1 for question in proposal.challenge.questions.all() if question.required)
    total = len(REQUIRED_FIELDS) + required_questions + (1 if proposal.country == "PE" else 0)
    total += 1 if proposal.challenge.team_min > 1 else 0  # the team's minimum size
    done = total - len(missing)
    return {
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else 100,
        "missing": missing,
        "ineligible": proposal_ineligibility(proposal),
    }


def proposals_of_user(user) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(members__user=user)
        .select_related("challenge")
        .only("title", "status", "number", "updated_at", "challenge__title", "challenge__slug", "challenge__code")
        .order_by("-updated_at")
    )


def challenge_proposal_counts(challenge: Challenge) -> dict:
    """Proposals submitted so far (hidden ones left out) and the countries and Peruvian regions they
    come from: one aggregate query."""
    return Proposal.objects.filter(challenge=challenge, status__in=IN_THE_CALL, hidden_at__isnull=True).aggregate(
        submitted=Count("pk"),
        countries=Count("country", distinct=True),
        regions=Count("region", distinct=True, filter=~Q(region="")),
    )


def challenge_proposal_figures(challenge: Challenge) -> dict:
    """`challenge_proposal_counts`, kept for the public pages under the challenge's page version."""
    return kept_for_pages(
        "challenge-proposals", [challenge_scope(challenge.pk)], lambda: challenge_proposal_counts(challenge)
    )


def _is_answered(answer: Answer) -> bool:
    if answer.question.kind == QuestionKind.FILE:
        return bool(answer.file)
    return answer.value not in (None, "", [])


# The public gallery, the proposal's page and its version history.

FACET_LIMIT = 15
# Characters of unchanged text a diff keeps next to each change; longer stretches lose their middle.
DIFF_CONTEXT = 160


def proposal_challenge_for_gallery(slug: str) -> Challenge | None:
    """The challenge whose proposals are shown publicly: not a draft, gallery switched on."""
    return (
        Challenge.objects.exclude(visibility=Visibility.DRAFT)
        .filter(slug=slug, proposals_public=True)
        .only(
            "title",
            "slug",
            "code",
            "visibility",
            "kind",  # an event without a call takes no supports (`allowed_actions`)
            "proposals_public",
            "lab_id",
            "supports_enabled",
            "supports_per_person",
            "supports_counts",
            "supports_ranking_public",
        )
        .first()
    )


# A reference as people type it: "LABIC-0012", "labic 12", "0012" or "12".
REFERENCE = re.compile(r"^(?:[a-z0-9]+[\s-])?0*(\d{1,6})$", re.IGNORECASE)


def proposal_search(challenge: Challenge, text: str) -> Q:
    """Proposals of the challenge matching a search: a reference, or every word of the text starting a
    word of the title, summary or team members' names, whatever the accents and case ("San Jeronimo"
    finds "San Jerónimo", "biohuert" finds "Biohuertos"). Indexed range lookups of the words' terms,
    not a scan of the texts, so the cost follows the matches, not the size of the call."""
    text = text.strip()
    if match := REFERENCE.match(text):
        return Q(number=int(match[1]))
    return word_search(ProposalSearchTerm.objects.filter(challenge=challenge), text, owner="proposal")


def proposals_gallery(
    *,
    challenge: Challenge,
    search: str = "",
    region: str = "",
    country: str = "",
    category: str = "",
    stage: str = "",
    status: str = "",
) -> QuerySet[Proposal]:
    """The challenge's proposals in the call (never drafts, withdrawn or hidden ones), filtered."""
    proposals = Proposal.objects.filter(challenge=challenge, status__in=IN_THE_CALL, hidden_at__isnull=True)
    if search:
        proposals = proposals.filter(proposal_search(challenge, search))
    if region:
        proposals = proposals.filter(region=region)
    if country:
        proposals = proposals.filter(country=country)
    if category:
        proposals = proposals.filter(tags__slug=category)
    if stage:
        proposals = proposals.filter(stage=stage)
    if status:
        proposals = proposals.filter(status=status)
    return proposals


def proposals_gallery_count(challenge: Challenge, **filters) -> int:
    """How many proposals the filtered gallery lists, kept in the cache under the challenge's page version (bumped
    after each change to its proposals, proposals/page_versions.py): no COUNT over the call on every page."""
    return counted(
        proposals_gallery(challenge=challenge, **filters),
        scopes=[challenge_scope(challenge.pk)],
        name="proposal-gallery",
        params={"challenge": challenge.pk, **filters},
    )


def proposals_for_cards(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """What a gallery card shows (no team, no contact data), in a bounded number of queries."""
    return (
        proposals.select_related("challenge")
        .prefetch_related("tags")
        .only(
            "number",
            "title",
            "summary",
            "country",
            "region",
            "stage",
            "status",
            "cover_thumbnail",
            "challenge",
            "challenge__code",
            "challenge__slug",
        )
        .order_by("number", "pk")
    )


def proposal_gallery_facets(challenge: Challenge, **filters) -> dict:
    """Counts per region, country, category, stage and status of the filtered gallery, kept under the challenge's
    page version like its cards.

    One grouped query for the four fields and one for the categories; labels are added after
    the cache, in the language of the request.
    """

    def compute():
        proposals = proposals_gallery(challenge=challenge, **filters)
        rows = proposals.order_by().values_list("region", "country", "stage", "status").annotate(count=Count("pk"))
        categories = (
            Tag.objects.filter(proposals_taggedproposal_items__content_object__in=proposals.values("pk"))
            .annotate(count=Count("proposals_taggedproposal_items"))
            .order_by("-count", "name")
            .values_list("name", "slug", "count")
        )
        return {"rows": [list(row) for row in rows], "categories": [list(row) for row in categories[:FACET_LIMIT]]}

    counts = kept_for_pages(
        "proposal-gallery-facets", [challenge_scope(challenge.pk)], compute, challenge=challenge.pk, **filters
    )
    regions, countries, stages, statuses = Counter(), Counter(), Counter(), Counter()
    for region, country, stage, status, count in counts["rows"]:
        if region:
            regions[region] += count
        countries[country] += count
        if stage:
            stages[stage] += count
        statuses[status] += count
    region_labels = dict(PeruRegion.choices)
    return {
        "total": sum(statuses.values()),
        "regions": sorted(
            (
                {"value": code, "label": region_labels.get(code, code), "count": count}
                for code, count in regions.items()
            ),
            key=lambda item: (-item["count"], str(item["label"])),
        ),
        "countries": sorted(
            ({"value": code, "label": Country(code).name, "count": count} for code, count in countries.items()),
            key=lambda item: (-item["count"], str(item["label"])),
        )[:FACET_LIMIT],
        "categories": [{"value": slug, "label": name, "count": count} for name, slug, count in counts["categories"]],
        "stages": [
            {"value": value, "label": label, "count": stages[value]} for value, label in Stage.choices if stages[value]
        ],
        "statuses": [
            {"value": value, "label": ProposalStatus(value).label, "count": statuses[value]}
            for value in IN_THE_CALL
            if statuses[value]
        ],
    }


def proposal_for_page(pk: int) -> Proposal:
    """A proposal with everything its page shows, in a fixed number of queries."""
    return Proposal.objects.select_related("challenge").prefetch_related(*_page_rows()).get(pk=pk)


def proposal_page_rows(proposal: Proposal) -> Proposal:
    """`proposal` (loaded with its challenge) with the rows its page shows prefetched, as `proposal_for_page` loads
    them (what is already prefetched is kept): for a page that needs them only when it renders what it does not
    keep (`{% shared %}`)."""
    prefetch_related_objects([proposal], *_page_rows())
    return proposal


def _page_rows() -> tuple:
    return (
        "tags",
        Prefetch("challenge__questions", queryset=Question.objects.order_by("position", "pk")),
        "answers",
        Prefetch("members", queryset=ProposalMember.objects.select_related("user__profile").order_by("pk")),
        "attachments",
        "images",
    )


def neutral_document_stem(document: Attachment | Answer) -> str:
    """A download name that says nothing of the authors: the document's place on the proposal's page."""
    if isinstance(document, Attachment):
        order = list(Attachment.objects.filter(proposal_id=document.proposal_id).values_list("pk", flat=True))
        return f"document-{order.index(document.pk) + 1}"
    return f"answer-{document.question_id}"


def uploaded_name(document: Attachment | Answer) -> str:
    """The name a document was uploaded under (an answer's file keeps it as its stored name's last part)."""
    return document.name if isinstance(document, Attachment) else document.file.name.rsplit("/", 1)[-1]


def proposal_team(proposal: Proposal) -> list[dict]:
    """The team as shown publicly: full names and roles, the lead first; a link to a member's
    profile only when that profile is public. Never e-mail addresses (uses prefetched rows)."""
    members = sorted(proposal.members.all(), key=lambda member: (member.role != MemberRole.LEAD, member.pk))
    team = []
    for member in members:
        profile = getattr(member.user, "profile", None)
        team.append(
            {
                "name": member.user.full_name,
                "role": member.get_role_display(),
                "is_lead": member.role == MemberRole.LEAD,
                "profile_url": profile.get_absolute_url() if profile and profile.is_public else "",
            }
        )
    return team


def proposal_answers(proposal: Proposal, *, private: bool) -> list[dict]:
    """The answers to the challenge's questions, in order (uses prefetched rows).

    Answers to private questions are left out unless `private` is true: the caller decides it
    with the `proposals.view_private_answers` rule.
    """
    answers = {answer.question_id: answer for answer in proposal.answers.all()}
    rows = []
    for question in proposal.challenge.questions.all():
        if question.is_private and not private:
            continue
        answer = answers.get(question.pk)
        value = answer.value if answer else None
        text = answer_text(question, value)
        rows.append(
            {
                "question": question,
                "text": text,
                "link": text if question.kind == QuestionKind.URL and _is_web_address(text) else "",
                "file_answer": answer.pk if answer and question.kind == QuestionKind.FILE and answer.file else None,
                "is_long": question.kind == QuestionKind.LONG_TEXT,
            }
        )
    return rows


def answer_text(question: Question, value) -> str:
    """An answer's value as a person reads it."""
    if value in (None, "", []):
        return ""
    if question.kind == QuestionKind.YES_NO:
        yes = value is True or str(value).strip().lower() in ("yes", "true", "1", "sí", "si")
        return _("Yes") if yes else _("No")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number_format(value)
    return str(value)


def proposal_snapshots(proposal: Proposal) -> list[ProposalVersion]:
    """The proposal's snapshots, newest first, with their authors."""
    return list(ProposalVersion.objects.filter(proposal=proposal).select_related("author").order_by("-version"))


def proposal_versions_compare(
    older: ProposalVersion, newer: ProposalVersion, *, questions: list[Question]
) -> list[dict]:
    """What changed between two snapshots: one word-level diff per changed field and answer.

    Each change is `{"label", "segments", "is_private"}`, the segments `{"op", "text"}` with
    `op` one of "equal", "delete", "insert". Texts are returned raw: templates escape them.
    """
    changes = []
    old, new = older.snapshot, newer.snapshot
    for field in Proposal._meta.fields:
        if field.name not in old and field.name not in new:
            continue
        before = _snapshot_text(field, old.get(field.name, ""))
        after = _snapshot_text(field, new.get(field.name, ""))
        if before != after:
            changes.append(
                {"label": str(field.verbose_name), "segments": text_diff(before, after), "is_private": False}
            )
    by_id = {str(question.pk): question for question in questions}
    old_answers, new_answers = old.get("answers") or {}, new.get("answers") or {}
    order = [str(question.pk) for question in questions]
    order += sorted((set(old_answers) | set(new_answers)) - set(order), key=lambda key: (len(key), key))
    for key in order:
        question = by_id.get(key)
        before = _answer_snapshot_text(question, old_answers.get(key))
        after = _answer_snapshot_text(question, new_answers.get(key))
        if before != after:
            changes.append(
                {
                    "label": question.label if question else _("Deleted question #%(id)s") % {"id": key},
                    "segments": text_diff(before, after),
                    "is_private": bool(question and question.is_private),
                }
            )
    return changes


def text_diff(before: str, after: str) -> list[dict]:
    """A word-level diff (difflib) of two texts, long unchanged stretches shortened."""
    old, new = _words(before), _words(after)
    segments = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append({"op": "equal", "text": "".join(old[i1:i2])})
            continue
        if i2 > i1:
            segments.append({"op": "delete", "text": "".join(old[i1:i2])})
        if j2 > j1:
            segments.append({"op": "insert", "text": "".join(new[j1:j2])})
    last = len(segments) - 1
    for position, segment in enumerate(segments):
        if segment["op"] == "equal":
            segment["text"] = _shorten(segment["text"], keep_start=position > 0, keep_end=position < last)
    return segments


def _words(text: str) -> list[str]:
    return re.findall(r"\s+|\S+", text)


def _shorten(text: str, *, keep_start: bool, keep_end: bool) -> str:
    """Unchanged text between changes, without its middle when long (the context stays)."""
    if len(text) <= 2 * DIFF_CONTEXT + 20:
        return text
    head = f"{text[:DIFF_CONTEXT]} " if keep_start else ""
    tail = f" {text[-DIFF_CONTEXT:]}" if keep_end else ""
    return f"{head}…{tail}"


def _snapshot_text(field, value) -> str:
    value = "" if value is None else str(value)
    if field.name == "country":
        return Country(value).name if value else ""
    if field.choices and value:
        return str(dict(field.flatchoices).get(value, value))
    return value


def _answer_snapshot_text(question: Question | None, value) -> str:
    if question is None:
        return "" if value in (None, "", []) else str(value)
    return answer_text(question, value)


def _is_web_address(text: str) -> bool:
    return text.lower().startswith(("https://", "http://"))
