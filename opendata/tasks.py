from django_tasks import task

from innovation_platform.accounts.models import User
from opendata.services import datasets_publish


@task()
def publish_datasets(user_id: int | None = None) -> None:
    """Publish every dataset in the background (a staff member asked; the scheduled job calls the service)."""
    datasets_publish(by=User.objects.filter(pk=user_id).first() if user_id else None)
