import uuid

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from innovation_platform.messaging.models import Message


def messages_about(about: Model) -> QuerySet[Message]:
    """The messages sent about `about`, the latest first, with their authors."""
    return Message.objects.filter(
        about_type=ContentType.objects.get_for_model(about), about_id=about.pk
    ).select_related("author")


def message_by_token(token: uuid.UUID) -> Message | None:
    """The message a form with this token already sent, if any."""
    return Message.objects.filter(token=token).first()
