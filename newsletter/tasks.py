"""Sending a newsletter in the background, a batch of readers at a time, once per reader (tasks take primary
keys)."""

from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_tasks import task

from innovation_platform.accounts.models import User
from innovation_platform.core.mail import mail_send
from innovation_platform.messaging.delivery import deliver_once
from newsletter.models import Newsletter, NewsletterDelivery, NewsletterStatus
from newsletter.selectors import Edition, edition_for, newsletter_audience, newsletter_editions
from newsletter.unsubscribe import unsubscribe_headers, unsubscribe_url

TEMPLATE = "newsletter/email/issue"


@task()
def newsletter_deliver(newsletter_id: int) -> int:
    """E-mail the newsletter to each reader of its segment who has not had it yet; return how many got it in this
    run.

    A repeated run (a worker retries after a crash, the mail server failed) skips whoever already has it (see
    messaging.delivery.deliver_once). The segment is read again here, so someone who unsubscribed since the count
    gets nothing. Each reader gets the edition in their language when there is one, with their own unsubscribe
    link and headers.
    """
    newsletter = Newsletter.objects.get(pk=newsletter_id)
    Newsletter.objects.filter(pk=newsletter.pk, status=NewsletterStatus.QUEUED).update(status=NewsletterStatus.SENDING)
    editions = newsletter_editions(newsletter)
    people = newsletter_audience(newsletter.segment).only("email", "language", "full_name", "is_active")
    sent = deliver_once(
        people=people,
        deliveries=newsletter.deliveries.all(),
        new_delivery=lambda person: NewsletterDelivery(newsletter=newsletter, user=person),
        send=lambda due: _send(newsletter, editions, due),
    )
    Newsletter.objects.filter(pk=newsletter.pk).update(
        status=NewsletterStatus.SENT,
        sent_at=Coalesce(F("sent_at"), Value(timezone.now())),
        recipient_count=newsletter.deliveries.count(),
    )
    return sent


@task()
def newsletter_try(newsletter_id: int, user_id: int) -> int:
    """E-mail the newsletter to one person (its author trying it) exactly as a reader gets it; no delivery is
    recorded."""
    newsletter = Newsletter.objects.get(pk=newsletter_id)
    return _mail(newsletter, newsletter_editions(newsletter), list(User.objects.filter(pk=user_id)))


def _send(newsletter: Newsletter, editions: dict[str, Edition], due: list[User]) -> None:
    _mail(newsletter, editions, due)
    Newsletter.objects.filter(pk=newsletter.pk).update(delivered_count=F("delivered_count") + len(due))


def _mail(newsletter: Newsletter, editions: dict[str, Edition], people: list[User]) -> int:
    urls = {person.pk: unsubscribe_url(person) for person in people}
    return mail_send(
        template=TEMPLATE,
        context={"newsletter": newsletter},
        recipients=people,
        personal=True,
        contexts={
            person.pk: {"issue": edition_for(newsletter, editions, person.language), "unsubscribe_url": urls[person.pk]}
            for person in people
        },
        headers={pk: unsubscribe_headers(url) for pk, url in urls.items()},
    )
