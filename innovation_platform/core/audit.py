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


def audit_entries(subject: Model) -> QuerySet[AuditLogEntry]:
    return AuditLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).select_related("actor")
