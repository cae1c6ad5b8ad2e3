"""Reading registrations and attendance: places per session, a person's registrations and waitlist position,
who is expected at an event, and the organizers' figures and export."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, OuterRef, Q, QuerySet
from django.utils import timezone

from challenges.models import Challenge, Session, SessionRegistration
from challenges.rules import is_challenge_mentor, is_challenge_organizer
from innovation_platform.core.aggregates import subquery_aggregate
from projects.models import CheckIn, Registration, RegistrationStatus
from proposals.models import ProposalMember, ProposalStatus

EXPORT_CHUNK = 500


@dataclass(frozen=True)
class SessionPlaces:
    """A public session's registrations as a page shows them, with the reader's own place if any."""

    registered: int
    waitlisted: int
    capacity: int | None
    my_status: str | None = None
    my_position: int | None = None  # on the waitlist, from 1

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.registered, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.registered >= self.capacity


def session_places(sessions: list[Session], user) -> dict[int, SessionPlaces]:
    """Places of each public session of `sessions`, keyed by its id, in two queries whatever their number: the
    counts, and `user`'s own registrations with their waitlist positions."""
    public = {session.pk: session for session in sessions if session.registration == SessionRegistration.PUBLIC}
    if not public:
        return {}
    counts = {
        row["session_id"]: row
        for row in Registration.objects.filter(session_id__in=public)
        .values("session_id")
        .annotate(
            registered=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED)),
            waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
        )
        .order_by()
    }
    mine = {}
    if user.is_authenticated:
        mine = {
            registration.session_id: registration
            for registration in _with_position(
                Registration.objects.filter(session_id__in=public, user=user).exclude(
                    status=RegistrationStatus.CANCELLED
                )
            )
        }
    places = {}
    for pk, session in public.items():
        row, own = counts.get(pk, {}), mine.get(pk)
        places[pk] = SessionPlaces(
            registered=row.get("registered", 0),
            waitlisted=row.get("waitlisted", 0),
            capacity=session.capacity,
            my_status=own.status if own else None,
            my_position=own.position if own and own.status == RegistrationStatus.WAITLISTED else None,
        )
    return places


def _with_position(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """Annotate `position`: how many wait before each registration on its session's waitlist, plus one."""
    ahead = Registration.objects.filter(session=OuterRef("session"), status=RegistrationStatus.WAITLISTED).filter(
        Q(created_at__lt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
    )
    return registrations.annotate(position=subquery_aggregate(ahead) + 1)


def registration_of(session: Session, user) -> Registration | None:
    """`user`'s live registration (registered or waiting) for `session`, with its waitlist position."""
    return (
        _with_position(Registration.objects.filter(session=session, user=user))
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )


def waitlist(session: Session) -> QuerySet[Registration]:
    """Who waits for a place, first come first served."""
    return Registration.objects.filter(session=session, status=RegistrationStatus.WAITLISTED).order_by(
        "created_at", "pk"
    )


def is_expected(challenge: Challenge, user) -> bool:
    """Whether `user` takes part in the challenge's lab or event and so has an entry pass: registered for one of
    its public sessions, on the team of one of its selected proposals, or one of its mentors or organizers."""
    if not user.is_authenticated:
        return False
    return (
        is_challenge_organizer(user, challenge)
        or is_challenge_mentor(user, challenge)
        or Registration.objects.filter(
            session__challenge=challenge, user=user, status=RegistrationStatus.REGISTERED
        ).exists()
        or ProposalMember.objects.filter(
            proposal__challenge=challenge, proposal__status=ProposalStatus.SELECTED, user=user
        ).exists()
    )


def day_bounds(challenge: Challenge, day: date) -> tuple[datetime, datetime]:
    """The start and end of `day` in the challenge's time zone."""
    zone = challenge.tzinfo
    return tuple(datetime.combine(moment, time.min, tzinfo=zone) for moment in (day, day + timedelta(days=1)))


def sessions_on(challenge: Challenge, day: date) -> QuerySet[Session]:
    starts, ends = day_bounds(challenge, day)
    return challenge.sessions.filter(starts_at__gte=starts, starts_at__lt=ends).order_by("starts_at", "pk")


def attendance_sessions(challenge: Challenge) -> QuerySet[Session]:
    """The challenge's sessions with their figures, in one query: `registered`, `waitlisted`, `checked_in`."""
    registrations = Registration.objects.filter(session=OuterRef("pk"))
    return challenge.sessions.annotate(
        registered=subquery_aggregate(registrations.filter(status=RegistrationStatus.REGISTERED)),
        waitlisted=subquery_aggregate(registrations.filter(status=RegistrationStatus.WAITLISTED)),
        checked_in=subquery_aggregate(CheckIn.objects.filter(session=OuterRef("pk"))),
    ).order_by("starts_at", "pk")


def attendance_days(challenge: Challenge) -> QuerySet:
    """Per day with any check-in: people present that day (at the door or at a session) and door check-ins."""
    return (
        CheckIn.objects.filter(challenge=challenge)
        .values("day")
        .annotate(people=Count("user", distinct=True), at_the_door=Count("pk", filter=Q(session=None)))
        .order_by("day")
    )


def attendance_export_rows(challenge: Challenge) -> Iterator[list]:
    """Every check-in of the challenge, by day and time: the person by name only (exports never carry e-mail
    addresses), the session or the whole day, and who checked them in."""
    check_ins = (
        CheckIn.objects.filter(challenge=challenge)
        .select_related("user", "session", "checked_in_by")
        .order_by("day", "checked_in_at", "pk")
    )
    for check_in in check_ins.iterator(chunk_size=EXPORT_CHUNK):
        yield [
            check_in.user.full_name,
            check_in.day,
            check_in.session.title if check_in.session else "",
            timezone.localtime(check_in.checked_in_at, challenge.tzinfo).strftime("%H:%M"),
            check_in.checked_in_by.full_name if check_in.checked_in_by else "",
        ]
