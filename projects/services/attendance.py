"""Registration for public sessions, entry passes and check-ins at the door.

Places are counted under a row lock on the session, so two people never take its last place; promotions from the
waitlist are told by notification and e-mail after the commit.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from challenges.models import Challenge, Session, SessionRegistration
from innovation_platform.accounts.models import User
from innovation_platform.core.errors import ApplicationError
from projects import events
from projects.entry_codes import code_display, code_new, code_normalise
from projects.models import CheckIn, EntryPass, Registration, RegistrationStatus
from projects.selectors.attendance import is_expected, registration_of, waitlist
from projects.tasks_attendance import tell_registration_promoted

CODE_ATTEMPTS = 5


def _locked(session: Session) -> Session:
    return Session.objects.select_for_update().select_related("challenge").get(pk=session.pk)


def _ensure_open(session: Session, now: datetime) -> None:
    if session.registration != SessionRegistration.PUBLIC:
        raise ApplicationError(_("This session does not take registrations."))
    if now >= session.starts_at:
        raise ApplicationError(_("“%(title)s” has already started: registration is closed.") % {"title": session.title})


@transaction.atomic
def session_register(*, session: Session, user: User, now: datetime | None = None) -> Registration:
    """Register `user` for a public session that has not started: a place while there are places, else the end of
    the waitlist. Registering again changes nothing; after a cancellation it starts over (a new place in line)."""
    now = now or timezone.now()
    session = _locked(session)
    _ensure_open(session, now)
    existing = registration_of(session, user)
    if existing is not None:
        return existing
    taken = session.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    full = session.capacity is not None and taken >= session.capacity
    status = RegistrationStatus.WAITLISTED if full else RegistrationStatus.REGISTERED
    Registration.objects.update_or_create(
        session=session,
        user=user,
        defaults={"status": status, "created_at": now, "promoted_at": None, "cancelled_at": None},
    )
    return registration_of(session, user)


@transaction.atomic
def session_cancel(*, session: Session, user: User, now: datetime | None = None) -> list[Registration]:
    """Cancel `user`'s registration (or place on the waitlist) before the session starts; a freed place goes to
    the first on the waitlist, who is told. Cancelling twice changes nothing. Returns the promoted registrations."""
    now = now or timezone.now()
    session = _locked(session)
    registration = registration_of(session, user)
    if registration is None:
        return []
    if now >= session.starts_at:
        raise ApplicationError(
            _("“%(title)s” has already started: it can no longer be cancelled.") % {"title": session.title}
        )
    registration.status, registration.cancelled_at = RegistrationStatus.CANCELLED, now
    registration.save(update_fields=["status", "cancelled_at"])
    return waitlist_promote(session=session, now=now)


def session_places_changed(session: Session) -> list[Registration]:
    """An organizer saved the session (see `challenges.signals`): places that opened go to the waitlist."""
    return waitlist_promote(session=_locked(session))


def waitlist_promote(*, session: Session, now: datetime | None = None) -> list[Registration]:
    """Give the session's free places to the first on its waitlist, in order, and tell each after the commit.
    Call it with the session locked (inside the caller's transaction)."""
    now = now or timezone.now()
    if session.registration != SessionRegistration.PUBLIC or now >= session.starts_at:
        return []
    waiting = waitlist(session)
    if session.capacity is not None:
        taken = session.registrations.filter(status=RegistrationStatus.REGISTERED).count()
        waiting = waiting[: max(session.capacity - taken, 0)]
    promoted = list(waiting)
    for registration in promoted:
        registration.status, registration.promoted_at = RegistrationStatus.REGISTERED, now
    Registration.objects.bulk_update(promoted, ["status", "promoted_at"])
    for registration in promoted:
        transaction.on_commit(lambda pk=registration.pk: tell_registration_promoted.enqueue(pk))
    return promoted


def entry_pass_for(*, challenge: Challenge, user: User) -> EntryPass | None:
    """The person's entry pass to the challenge, created the first time it is asked for, or None when they are not
    expected (neither registered, nor on a selected team, nor a mentor or organizer)."""
    entry = EntryPass.objects.filter(challenge=challenge, user=user).first()
    if entry is not None or not is_expected(challenge, user):
        return entry
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return EntryPass.objects.create(challenge=challenge, user=user, code=code_new())
        except IntegrityError:
            # Another request made this person's pass at the same moment, or (rarely) the code was taken.
            entry = EntryPass.objects.filter(challenge=challenge, user=user).first()
            if entry is not None:
                return entry
    raise ApplicationError(_("Your entry pass could not be created just now. Please try again."))


@dataclass(frozen=True)
class CheckInResult:
    check_in: CheckIn
    created: bool  # False: the person had already been checked in (`check_in` is that first record)
    unregistered: bool = False  # at a public session without having registered: the door decides


def check_in(
    *,
    challenge: Challenge,
    code: str,
    actor: User,
    session: Session | None = None,
    day: date | None = None,
    now: datetime | None = None,
) -> CheckInResult:
    """Check in the holder of the entry pass `code` today, at the door (`session` None) or at one of today's
    sessions. `day` is the day the check-in page was opened for: a page left open past midnight is refused rather
    than recording the wrong day. Checking in twice records nothing new and says when the first one was."""
    now = now or timezone.now()
    today = timezone.localdate(now, challenge.tzinfo)
    typed = code_normalise(code)
    if not typed:
        raise ApplicationError(_("Type the code of the entry pass."))
    entry = EntryPass.objects.select_related("user", "challenge").filter(code=typed).first()
    if entry is None:
        raise ApplicationError(
            _("No entry pass has the code %(code)s. Check it letter by letter.") % {"code": code_display(typed)}
        )
    if entry.challenge_id != challenge.pk:
        raise ApplicationError(_("This entry pass is for another event: %(title)s.") % {"title": entry.challenge.title})
    if session is not None:
        session_day = timezone.localdate(session.starts_at, challenge.tzinfo)
        if session_day != today:
            raise ApplicationError(
                _("“%(title)s” is not today but on %(day)s: choose one of today's sessions.")
                % {"title": session.title, "day": date_format(session_day, "DATE_FORMAT")}
            )
    elif day is not None and day != today:
        raise ApplicationError(
            _("This page was opened for %(day)s, not for today: reload it to check people in today.")
            % {"day": date_format(day, "DATE_FORMAT")}
        )
    lookup = {"challenge": challenge, "user": entry.user, "session": session, "day": today}
    try:
        with transaction.atomic():
            record, created = CheckIn.objects.get_or_create(
                **lookup, defaults={"checked_in_at": now, "checked_in_by": actor}
            )
    except IntegrityError:  # checked in by another phone at the same moment
        record, created = CheckIn.objects.get(**lookup), False
    if created:
        events.attendance_checked_in(record)
    unregistered = (
        session is not None
        and session.registration == SessionRegistration.PUBLIC
        and not session.registrations.filter(user=entry.user, status=RegistrationStatus.REGISTERED).exists()
    )
    return CheckInResult(check_in=record, created=created, unregistered=unregistered)
