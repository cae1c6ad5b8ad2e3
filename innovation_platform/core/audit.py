from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from innovation_platform.core.models import AuditLogEntry


def audit_log(subject: Model, action: str, *, actor, **data) -> AuditLogEntry:
    """Record an action in the subject's history; call it inside the service's transaction."""
    return AuditLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        data=data,
    )


def audit_log_many(model: type[Model], pks: list[int], action: str, *, actor, **data) -> None:
    """The same action on many subjects of one model, in one INSERT per thousand (bulk actions)."""
    content_type = ContentType.objects.get_for_model(model)
    actor = actor if getattr(actor, "is_authenticated", False) else None
    AuditLogEntry.objects.bulk_create(
        [AuditLogEntry(content_type=content_type, object_id=pk, actor=actor, action=action, data=data) for pk in pks],
        batch_size=1000,
    )


def audit_entries(subject: Model) -> QuerySet[AuditLogEntry]:
    return AuditLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).select_related("actor")
