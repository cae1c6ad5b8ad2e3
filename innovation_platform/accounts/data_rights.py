"""A person's rights over their data (access, deletion), with each app contributing its part.

The ground floor cannot import the apps above it, so each app registers, in its `AppConfig.ready()`:
- `archive_part_register(key, title, collect)`: `collect(user)` returns what the app holds about the person, as
  JSON-ready records (a list of dicts, or one dict), for their copy of their data;
- `erasure_register(key, erase)`: `erase(user)` removes or anonymises the app's personal data of the person,
  inside the deletion's transaction, keeping what others rely on (a submitted proposal's team, a juror's scores);
- `deletion_blocker_register(check)`: `check(user)` returns what must be done before the account can go (a team the
  person leads with other members), as `Blocker`s with a link.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from innovation_platform.accounts.models import User

Records = list[dict[str, Any]] | dict[str, Any]


@dataclass(frozen=True)
class ArchivePart:
    key: str
    title: str | Promise
    collect: Callable[[User], Records]


@dataclass(frozen=True)
class Blocker:
    message: str
    url: str
    link_text: str


_parts: dict[str, ArchivePart] = {}
_erasers: dict[str, Callable[[User], None]] = {}
_blockers: list[Callable[[User], list[Blocker]]] = []


def archive_part_register(key: str, title: str | Promise, collect: Callable[[User], Records]) -> None:
    _parts[key] = ArchivePart(key, title, collect)


def erasure_register(key: str, erase: Callable[[User], None]) -> None:
    _erasers[key] = erase


def deletion_blocker_register(check: Callable[[User], list[Blocker]]) -> None:
    if check not in _blockers:
        _blockers.append(check)


def archive_parts() -> list[ArchivePart]:
    return list(_parts.values())


def erasers() -> list[Callable[[User], None]]:
    """In the order the apps registered them (the ground floor's last: it anonymises the account itself)."""
    return list(_erasers.values())


def deletion_blockers(user: User) -> list[Blocker]:
    return [blocker for check in _blockers for blocker in check(user)]


def when(value) -> str | None:
    """A date or time as ISO 8601 for the archive; None stays None."""
    return value.isoformat() if value else None
