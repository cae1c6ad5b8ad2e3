"""The groups a message can go to, declared by the apps that own the people in them.

A segment belongs to a kind of object (a call: its followers, the teams of its selected proposals, its jurors with
reviews to do…). Each app registers its segments in its `AppConfig.ready()`, so this floor never imports the apps
above it. A segment is a function of the object and of the parameters the page passes (lists of ids, e.g. the
proposals ticked in a list); the delivery task calls it again by the segment's key, since a queryset cannot travel
as a task argument.

A segment may also add a part of each person's own to their copy (`personal`): the drafts segment tells each team
member what their drafts still miss. The delivery asks for the parts of a whole batch of people at once, so the
contributing app reads what it needs in a few queries, and writes each part in its person's language.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from innovation_platform.accounts.models import User
from innovation_platform.core.errors import ApplicationError
from innovation_platform.messaging.models import Message

Params = Mapping[str, list[int]]


@dataclass(frozen=True)
class PersonalPart:
    """What one person's copy adds after the organizer's text, already written in that person's language."""

    text: str  # the plain-text e-mail's
    html: str  # the HTML e-mail's (safe HTML)
    notification: str  # the notification's text: short, without links


# (the object, the segment's parameters, a batch of its people) → the part of each person who has one, by user id.
Personalise = Callable[[Model, Params, list[User]], Mapping[int, PersonalPart]]


@dataclass(frozen=True)
class Segment:
    key: str
    label: Promise  # a lazy translation, shown in the reader's language
    people: Callable[[Model, Params], QuerySet[User]]
    # The lists of ids it reads from the page's query string (e.g. "proposal"): offered only when they are given.
    params: tuple[str, ...] = ()
    personal: Personalise | None = None
    # What the personal part holds, said to the organizer before sending (a lazy translation).
    personal_note: Promise | None = None


_segments: dict[str, dict[str, Segment]] = {}


def segment_register(
    model: type[Model],
    key: str,
    *,
    label: Promise,
    people: Callable[[Model, Params], QuerySet[User]],
    params: tuple[str, ...] = (),
    personal: Personalise | None = None,
    personal_note: Promise | None = None,
) -> None:
    """Offer a group of people to write to about each `model` object, in the order of registration; with
    `personal`, each copy also carries the part it gives its person (`personal_note` tells the organizer what)."""
    _segments.setdefault(model._meta.label_lower, {})[key] = Segment(
        key, label, people, params, personal, personal_note
    )


def segment_params(model: type[Model], query: Mapping) -> dict[str, list[int]]:
    """The ids that the segments of `model` read, taken from a query string (a QueryDict); other values are
    dropped."""
    names = {name for segment in _segments.get(model._meta.label_lower, {}).values() for name in segment.params}
    found = {name: sorted({int(value) for value in query.getlist(name) if _is_id(value)}) for name in names}
    return {name: ids for name, ids in found.items() if ids}


def _is_id(value: str) -> bool:
    """A positive integer that fits a database id (a longer one would overflow the query)."""
    return value.isascii() and value.isdigit() and 0 < len(value) < 19


def segments_for(about: Model, params: Params) -> list[Segment]:
    """The segments one can write to about `about` with these parameters."""
    return [
        segment
        for segment in _segments.get(about._meta.label_lower, {}).values()
        if all(params.get(name) for name in segment.params)
    ]


def segment_get(about: Model, key: str, params: Params) -> Segment:
    for segment in segments_for(about, params):
        if segment.key == key:
            return segment
    raise ApplicationError(_("Choose one of the groups offered."), field="segment")


def segment_personal(about: Model, segment: Segment, params: Params, people: list[User]) -> Mapping[int, PersonalPart]:
    """The personal parts of these people's copies, by user id (none when the segment adds none)."""
    return segment.personal(about, params, people) if segment.personal else {}


def message_personal_part(message: Message, person: User) -> PersonalPart | None:
    """The part of `message` that is `person`'s own, as it stands now (their drafts may have changed since it was
    sent); None when its segment adds none or is no longer offered."""
    try:
        segment = segment_get(message.about, message.segment, message.segment_params)
    except ApplicationError:
        return None
    return segment_personal(message.about, segment, message.segment_params, [person]).get(person.pk)


def segment_people(about: Model, segment: Segment, params: Params) -> QuerySet[User]:
    """The active accounts of the segment, each once, in the order of their ids (how the delivery walks them)."""
    return User.objects.filter(is_active=True, pk__in=segment.people(about, params).values("pk")).order_by("pk")
