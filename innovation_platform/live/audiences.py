"""Who may join which live group: the audiences that the apps above declare at start-up.

A socket's route names an audience and the object it follows (a challenge's slug, a round's id). Each app registers
its audiences in its `AppConfig.ready()`: where to find the object, the central rule a user needs on it, and the
group it joins. Consumers ask here, so the live floor never imports the apps that publish to it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet

from innovation_platform.core.permissions import can


@dataclass(frozen=True)
class Audience:
    objects: QuerySet  # where the object a route names is found
    rule: str  # what `can` must allow the user on that object
    group: Callable[[int], str]  # the object's group, by its primary key (a function of `groups`)


_audiences: dict[str, Audience] = {}


def audience_register(name: str, *, objects: QuerySet, rule: str, group: Callable[[int], str]) -> None:
    _audiences[name] = Audience(objects=objects, rule=rule, group=group)


def audience_groups(name: str, *, user, lookup: dict) -> list[str] | None:
    """The groups `user` joins in the audience `name` for the object `lookup` (the route's arguments) finds, or
    None to refuse. A missing object is refused like a forbidden one, so a socket does not reveal what exists."""
    audience = _audiences[name]
    obj: Model | None = audience.objects.filter(**lookup).first()
    if obj is None or not can(user, audience.rule, obj):
        return None
    return [audience.group(obj.pk)]
