import rules

from innovation_platform.core.permissions import is_staff
from innovation_platform.messaging.models import Delivery


@rules.predicate
def received_it(user, message) -> bool:
    return (
        message is not None
        and user.is_authenticated
        and Delivery.objects.filter(message=message, user=user, sent_at__isnull=False).exists()
    )


@rules.predicate
def wrote_it(user, message) -> bool:
    return message is not None and user.is_authenticated and message.author_id == user.pk


rules.add_perm("messaging.view_message", received_it | wrote_it | is_staff)
