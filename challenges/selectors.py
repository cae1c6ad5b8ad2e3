from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from challenges.models import (
    Announcement,
    Challenge,
    ChallengeKind,
    ChallengeRole,
    ChallengeRoleKind,
    Follow,
    Phase,
    PhaseKind,
    Session,
    Visibility,
)
from challenges.page_versions import challenge_page_scopes
from challenges.signals import deadline_moving_earlier
from innovation_platform.accounts.models import User
from innovation_platform.core.cache import kept_until
from innovation_platform.core.page_cache import SITE, kept_for_pages, page_versions
from innovation_platform.labs.models import LabMembership, LabRole
from innovation_platform.live import groups
from innovation_platform.live.models import LiveEvent


class Status:
    """Where a challenge stands, derived from its phases and the clock."""

    UPCOMING = "upcoming"
    OPEN = "open"  # its call for proposals is running
    RUNNING = "running"  # a phase after the announcement has started and some phase is still ahead
    FINISHED = "finished"


def challenges_public() -> QuerySet[Challenge]:
    return Challenge.objects.exclude(visibility=Visibility.DRAFT)


def challenge_search(text: str) -> Q:
    return Q(title__icontains=text) | Q(tagline__icontains=text) | Q(theme__icontains=text)


def challenges_directory(
    *,
    search: str = "",
    kind: str = "",
    region: str = "",
    theme: str = "",
    lab: str = "",
    status: str = "",
    phase: str = "",
    now=None,
) -> QuerySet[Challenge]:
    now = now or timezone.now()
    challenges = challenges_public()
    if search:
        challenges = challenges.filter(challenge_search(search))
    if kind:
        challenges = challenges.filter(kind=kind)
    if region:
        challenges = challenges.filter(lab__region=region)
    if theme:
        challenges = challenges.filter(theme__iexact=theme)
    if lab:
        challenges = challenges.filter(lab__slug=lab)
    if phase:
        challenges = challenges.filter(_has_phase(now, kind=phase))
    if status:
        challenges = challenges.filter(_status_condition(status, now))
    return challenges


# The directory's default order: the nearest deadline first, then the newest.
CLOSING_FIRST = (F("next_deadline").asc(nulls_last=True), "-published_at", "pk")


def challenges_for_listing(challenges: QuerySet[Challenge], *, now=None) -> QuerySet[Challenge]:
    """Cards: lab, the running phase and the nearest deadline, annotated in SQL."""
    now = now or timezone.now()
    running = Phase.objects.filter(challenge=OuterRef("pk"), starts_at__lte=now, ends_at__gt=now)
    return (
        challenges.select_related("lab")
        .only(
            "title",
            "slug",
            "tagline",
            "theme",
            "kind",
            "cover_thumbnail",
            "visibility",
            "timezone",
            "lab__name",
            "lab__slug",
            "lab__region",
            "lab__country",
        )
        .annotate(
            running_phase=Subquery(running.values("kind")[:1]),
            next_deadline=Min("phases__ends_at", filter=Q(phases__ends_at__gt=now)),
        )
        .order_by(*CLOSING_FIRST)
    )


def challenge_directory_figures(**filters) -> dict:
    """The total and counts per kind for the filtered challenges, kept under the site's page version (any change to a
    challenge or a lab bumps it) like the directory's cards."""

    def compute():
        rows = challenges_directory(**filters).order_by().values_list("kind").annotate(count=Count("pk"))
        return dict(rows)

    counts = kept_for_pages("challenge-directory-figures", [SITE], compute, **filters)
    return {
        "total": sum(counts.values()),
        "kinds": [
            {"value": k, "label": ChallengeKind(k).label, "count": counts.get(k, 0)} for k in ChallengeKind.values
        ],
    }


def challenge_for_page(slug: str) -> Challenge:
    """A challenge with everything its page shows, in a fixed number of queries (the API's; the page itself reads
    its rows only in the parts it renders, from `challenge_with_last_event`).

    `last_live_event` is the id of its latest live event (None before the first), read in the same query as the
    challenge and so before the prefetched rows: the page's client asks the socket for every event after it, and
    one stored while the page renders is replayed (the renderers skip what the page already shows), never lost.
    """
    challenge = challenge_with_last_event(slug)
    prefetch_related_objects(
        [challenge],
        "phases",
        "questions",
        "faq",
        "quotas",
        "tags",
        "sessions",
        Prefetch(
            "announcements",
            queryset=Announcement.objects.order_by("-pinned", "-published_at")[:10],
            to_attr="latest_announcements",
        ),
    )
    return challenge


def challenge_with_last_event(slug: str) -> Challenge:
    """A challenge with its lab and `last_live_event` (see `challenge_for_page`), in one query."""
    return Challenge.objects.select_related("lab").annotate(last_live_event=_last_live_event()).get(slug=slug)


def challenge_kept_for_page(slug: str) -> Challenge:
    """`challenge_with_last_event`, kept for the challenge's page under the versions of what the page shows: two rows
    read by key instead of a query to build. Its `last_live_event` is read before the page's kept parts are rendered
    from it, so the page's client is still sent every event they may miss."""
    scopes = challenge_page_scopes(slug)
    if scopes is None:
        raise Challenge.DoesNotExist
    return kept_for_pages("challenge-page", scopes, lambda: challenge_with_last_event(slug), slug=slug)


def challenge_for_live(slug: str, *, now: datetime, announcements: int) -> Challenge:
    """A challenge with only what its live page shows, in four queries: its lab and `last_live_event` (as in
    `challenge_for_page`), its phases, its latest `announcements` (`latest_announcements`, pinned first) and the
    sessions of the day `now` falls on in its time zone (`sessions_today`). Each screen loads it again on every
    phase or schedule event, so nothing else is read."""
    challenge = challenge_with_last_event(slug)
    zone = challenge.tzinfo
    today = timezone.localdate(now, zone)
    starts, ends = (datetime.combine(day, time.min, tzinfo=zone) for day in (today, today + timedelta(days=1)))
    prefetch_related_objects(
        [challenge],
        "phases",
        Prefetch(
            "announcements",
            queryset=Announcement.objects.order_by("-pinned", "-published_at")[:announcements],
            to_attr="latest_announcements",
        ),
        Prefetch(
            "sessions",
            queryset=Session.objects.filter(starts_at__gte=starts, starts_at__lt=ends),
            to_attr="sessions_today",
        ),
    )
    return challenge


def _last_live_event() -> Subquery:
    """The id of the challenge's latest live event (None before the first)."""
    # groups.challenge(pk), spelled in SQL.
    group = Concat(Value(groups.challenge(0).removesuffix("0")), Cast(OuterRef("pk"), CharField()))
    return Subquery(LiveEvent.objects.filter(group=group).order_by("-pk").values("pk")[:1])


def challenge_is_followed(challenge: Challenge, user) -> bool:
    return user.is_authenticated and Follow.objects.filter(challenge=challenge, user=user).exists()


def challenge_followers(challenge: Challenge) -> QuerySet[User]:
    """The people following `challenge`, whom its announcements and phase changes are sent to."""
    return User.objects.filter(follows__challenge=challenge)


def challenge_mentors(challenge: Challenge) -> QuerySet[User]:
    return User.objects.filter(challenge_roles__challenge=challenge, challenge_roles__role=ChallengeRoleKind.MENTOR)


def challenge_organizers(challenge: Challenge) -> QuerySet[User]:
    """Who runs `challenge`, as challenges.rules reads it: its organizers, and the admins and organizers of its lab
    unless they hold another role in this challenge."""
    roles = ChallengeRole.objects.filter(challenge=challenge)
    lab_organizers = LabMembership.objects.filter(lab_id=challenge.lab_id, role__in=[LabRole.ADMIN, LabRole.ORGANIZER])
    return User.objects.filter(
        Q(pk__in=roles.filter(role=ChallengeRoleKind.ORGANIZER).values("user"))
        | (Q(pk__in=lab_organizers.values("user")) & ~Q(pk__in=roles.values("user")))
    )


def challenges_organized_by(user) -> QuerySet[Challenge]:
    """The console's list: challenges the user organizes directly or through their lab."""
    return (
        Challenge.objects.filter(
            Q(roles__user=user, roles__role="organizer")
            | Q(lab__memberships__user=user, lab__memberships__role__in=[LabRole.ADMIN, LabRole.ORGANIZER])
        )
        .distinct()
        .select_related("lab")
        .order_by("-created_at")
    )


def challenges_for_cards(challenges: QuerySet[Challenge], *, now=None) -> QuerySet[Challenge]:
    """The listing's cards, also annotated with the next phase start (a countdown to the opening
    of challenges whose timeline has not started yet)."""
    now = now or timezone.now()
    return challenges_for_listing(challenges, now=now).annotate(
        next_start=Min("phases__starts_at", filter=Q(phases__starts_at__gt=now))
    )


def challenge_filter_choices() -> dict:
    """Themes and labs that public challenges have, for the directory's filters, kept under the site's page version
    (a challenge published, a lab renamed)."""

    def compute():
        public = challenges_public()
        return {
            "themes": sorted(set(public.values_list("theme", flat=True)), key=str.casefold),
            "labs": sorted(set(public.values_list("lab__slug", "lab__name")), key=lambda lab: lab[1].casefold()),
        }

    return kept_for_pages("challenge-filter-choices", [SITE], compute)


def challenge_status(phases, *, now=None) -> str:
    """Where a challenge stands (a `Status`), from its already loaded phases, as the directory's
    status filter decides it in SQL."""
    now = now or timezone.now()
    phases = list(phases)
    if not any(phase.ends_at > now for phase in phases):
        return Status.FINISHED
    if not any(phase.starts_at <= now and phase.kind != PhaseKind.ANNOUNCEMENT for phase in phases):
        return Status.UPCOMING
    if any(phase.kind == PhaseKind.PROPOSALS and phase.is_running(now) for phase in phases):
        return Status.OPEN
    return Status.RUNNING


def challenge_for_schedule(slug: str) -> Challenge:
    """A challenge with its lab, phases and sessions (the schedule page and calendar feeds)."""
    return Challenge.objects.select_related("lab").prefetch_related("phases", "sessions").get(slug=slug)


def challenge_with_lab(slug: str) -> Challenge:
    return Challenge.objects.select_related("lab").get(slug=slug)


def challenge_with_phases(slug: str) -> Challenge:
    """A challenge with its lab and phases (what the supports rules read)."""
    return Challenge.objects.select_related("lab").prefetch_related("phases").get(slug=slug)


def challenge_announcements(challenge: Challenge) -> QuerySet[Announcement]:
    """All of a challenge's announcements, pinned first, then newest first."""
    return challenge.announcements.order_by("-pinned", "-published_at", "-pk")


def _has_phase(now, **conditions) -> Exists:
    return Exists(Phase.objects.filter(challenge=OuterRef("pk"), starts_at__lte=now, ends_at__gt=now, **conditions))


def _status_condition(status: str, now) -> Q:
    # An announced call is still upcoming: only the phases after the announcement count as started.
    started = Exists(
        Phase.objects.filter(challenge=OuterRef("pk"), starts_at__lte=now).exclude(kind=PhaseKind.ANNOUNCEMENT)
    )
    ongoing = Exists(Phase.objects.filter(challenge=OuterRef("pk"), ends_at__gt=now))
    open_call = Q(_has_phase(now, kind=PhaseKind.PROPOSALS))
    return {
        Status.UPCOMING: ~Q(started) & Q(ongoing),
        Status.OPEN: open_call,
        Status.RUNNING: Q(started) & Q(ongoing),  # "in progress", open calls included
        Status.FINISHED: ~Q(ongoing),
    }.get(status, Q())


def publish_blocker(challenge: Challenge, *, now: datetime) -> str | None:
    """Why the challenge cannot be published yet, or None: it needs a call for proposals still to close."""
    proposals = challenge.phases.filter(kind=PhaseKind.PROPOSALS).first()
    if proposals is None:
        return _("Add the call for proposals to the timeline before publishing.")
    if proposals.ends_at <= now:
        return _("The call for proposals has already closed; move its deadline before publishing.")
    return None


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    done: bool
    detail: str
    section: str  # the console page that completes it: "edit", "timeline" or a section's name
    required: bool = False


def publish_checklist(challenge: Challenge, *, now: datetime) -> list[ChecklistItem]:
    """What the organizers check before publishing: the required call for proposals, then what a citizen looks
    for on the page (description, rules, questions, cover); only the first holds publishing back."""
    blocker = publish_blocker(challenge, now=now)
    questions = challenge.questions.count()
    return [
        ChecklistItem(
            _("A call for proposals with its deadline ahead"),
            blocker is None,
            blocker or _("Citizens can send proposals until the deadline."),
            "timeline",
            required=True,
        ),
        ChecklistItem(
            _("Description"),
            bool(challenge.description.strip()),
            _("What the challenge is about and why it matters."),
            "edit",
        ),
        ChecklistItem(
            _("Rules"), bool(challenge.rules.strip()), _("How proposals are chosen, and any conditions."), "edit"
        ),
        ChecklistItem(
            _("Questions"),
            questions > 0,
            ngettext("%(count)s question for every proposal.", "%(count)s questions for every proposal.", questions)
            % {"count": questions}
            if questions
            else _("No questions: proposals will have only the standard fields."),
            "questions",
        ),
        ChecklistItem(
            _("Cover image"),
            bool(challenge.cover),
            _("Shown on the challenge's card and page."),
            "edit",
        ),
    ]


@dataclass(frozen=True)
class DeadlineChange:
    before: datetime
    after: datetime
    closes_now: bool
    affected: list[str]  # who the change cuts short, in words


def deadline_change(challenge: Challenge, spans: list, *, now: datetime) -> DeadlineChange | None:
    """What moving the published call's deadline earlier (or into the past) would do, or None when the timeline
    leaves it, extends it, or the call is not open to anyone yet."""
    current = challenge.phases.filter(kind=PhaseKind.PROPOSALS).first()
    after = next((span.ends_at for span in spans if span.kind == PhaseKind.PROPOSALS), None)
    if challenge.visibility != Visibility.PUBLISHED or current is None or after is None:
        return None
    if current.ends_at <= now or after >= current.ends_at:
        return None
    followers = challenge_followers(challenge).count()
    affected = [
        ngettext("%(count)s person follows the challenge.", "%(count)s people follow the challenge.", followers)
        % {"count": followers},
        *(
            answer
            for _receiver, answer in deadline_moving_earlier.send(sender=Challenge, challenge=challenge)
            if answer
        ),
    ]
    return DeadlineChange(before=current.ends_at, after=after, closes_now=after <= now, affected=affected)


HOME_OPEN, HOME_UPCOMING = 6, 3
HOME_CHALLENGES = "home-challenges"


def challenges_for_home(*, now: datetime | None = None) -> dict[str, list[Challenge]]:
    """The home page's published calls: those open for proposals, the nearest deadline first, and those still to
    come, the soonest first, as cards (`challenges_for_cards`). Kept until the next phase of a published challenge
    starts or ends, or until the site's public pages change (every change to a challenge or a phase bumps `SITE`,
    see `challenges.page_versions`): the first request after either reads them again, every other one reads only
    the version."""
    now = now or timezone.now()
    return kept_until(HOME_CHALLENGES, lambda: _home_challenges(now), now=now, version=page_versions([SITE]))


def _home_challenges(now: datetime) -> tuple[dict[str, list[Challenge]], datetime | None]:
    published = Q(visibility=Visibility.PUBLISHED)  # an archived call is over, whatever its timeline says
    open_calls = challenges_for_cards(challenges_directory(status=Status.OPEN, now=now).filter(published), now=now)
    upcoming = challenges_directory(status=Status.UPCOMING, now=now).filter(published)
    upcoming = challenges_for_cards(upcoming, now=now).order_by(F("next_start").asc(nulls_last=True), "pk")
    boundaries = Phase.objects.filter(challenge__visibility=Visibility.PUBLISHED).aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=now)), end=Min("ends_at", filter=Q(ends_at__gt=now))
    )
    changes_at = min(filter(None, boundaries.values()), default=None)
    return {"open": list(open_calls[:HOME_OPEN]), "upcoming": list(upcoming[:HOME_UPCOMING])}, changes_at


def challenges_followed(user, *, limit: int, now: datetime) -> list[Challenge]:
    """The public challenges the person follows, not finished, as cards (nearest deadline first): one query."""
    followed = challenges_public().filter(follows__user=user).filter(_ongoing(now))
    return list(challenges_for_cards(followed, now=now)[:limit])


def challenges_of_my_labs(user, *, limit: int, now: datetime) -> list[Challenge]:
    """Public challenges of the labs the person belongs to, not finished, as cards: one query."""
    labs = LabMembership.objects.filter(user=user).values("lab")
    return list(challenges_for_cards(challenges_public().filter(lab__in=labs).filter(_ongoing(now)), now=now)[:limit])


def _ongoing(now: datetime) -> Exists:
    return Exists(Phase.objects.filter(challenge=OuterRef("pk"), ends_at__gt=now))
