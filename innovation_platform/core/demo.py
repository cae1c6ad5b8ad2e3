"""What the demo builders of every app share: replaying a past through the real services, dated when it happened
and without telling anyone now."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.db import transaction
from django.db.models import Max

from innovation_platform.core.models import AuditLogEntry


@contextmanager
def without_after_commit_work() -> Iterator[None]:
    """Drop what the services schedule for after the commit (e-mails, live events) while seeding: that past never
    happened to real people."""
    connection = transaction.get_connection()
    scheduled = len(connection.run_on_commit)
    try:
        yield
    finally:
        del connection.run_on_commit[scheduled:]


@contextmanager
def happening_at(moment: datetime) -> Iterator[None]:
    """Date the audit entries the services write inside the block at `moment`."""
    mark = AuditLogEntry.objects.aggregate(last=Max("pk"))["last"] or 0
    yield
    AuditLogEntry.objects.filter(pk__gt=mark).update(created_at=moment)
