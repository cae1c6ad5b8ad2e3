"""Writing and sending newsletters: an issue is saved as a draft, previewed, tried on its author, then queued for
its readers (the sending runs in the background, see tasks.py)."""

from django.db import transaction
from django.utils.translation import gettext as _

from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from innovation_platform.labs.models import Lab
from newsletter.models import Newsletter, NewsletterStatus, NewsletterVersion
from newsletter.selectors import SEGMENT_KEYS, labs_segmentable_by, newsletter_audience_count
from newsletter.tasks import newsletter_deliver, newsletter_try


@transaction.atomic
def newsletter_save(
    *,
    author: User,
    newsletter: Newsletter | None = None,
    lab: Lab | None,
    data: dict,
    segment: dict,
    versions: dict[str, tuple[str, str]],
) -> Newsletter:
    """Create a draft (without `newsletter`) or change one, with its segment and its versions in other languages.

    `data` holds subject, body, language and is_public; `versions` maps a language to (subject, body), an empty
    pair removing that version. Only staff may speak for no lab, and the lab criterion of the segment may only
    name labs `author` may write to (ApplicationError otherwise). An issue already sent is never changed.
    Side effects: an audit entry "newsletter.created" or "newsletter.changed".
    """
    if lab is None and not author.is_staff:
        raise ApplicationError(_("Choose the lab this newsletter speaks for."), field="lab")
    labs = segment.get("labs") or []
    if labs and labs_segmentable_by(author).filter(pk__in=labs).count() != len(set(labs)):
        raise ApplicationError(_("You can only write to the members of the labs you administer."), field="labs")
    if newsletter is not None and not Newsletter.objects.filter(pk=newsletter.pk, status=NewsletterStatus.DRAFT):
        raise ApplicationError(_("This newsletter was already sent and can no longer be changed."))
    created = newsletter is None
    newsletter = newsletter or Newsletter(author=author)
    for field, value in data.items():
        setattr(newsletter, field, value)
    newsletter.lab = lab
    newsletter.segment = {key: list(segment[key]) for key in SEGMENT_KEYS if segment.get(key)}
    newsletter.save()
    for language, (subject, body) in versions.items():
        if language == newsletter.language or not (subject and body):
            NewsletterVersion.objects.filter(newsletter=newsletter, language=language).delete()
        else:
            NewsletterVersion.objects.update_or_create(
                newsletter=newsletter, language=language, defaults={"subject": subject, "body": body}
            )
    audit_log(newsletter, "newsletter.created" if created else "newsletter.changed", actor=author)
    return newsletter


def newsletter_test_send(*, newsletter: Newsletter, actor: User) -> None:
    """E-mail `newsletter` to `actor` alone, as their readers will get it (in the actor's language, with a working
    unsubscribe link of their own); it counts as no delivery. Sent by the task queue."""
    newsletter_try.enqueue(newsletter.pk, actor.pk)


def newsletter_send(*, newsletter: Newsletter, actor: User) -> bool:
    """Queue `newsletter` for every reader of its segment; True when this call queued it, False when it had
    already been queued (a double click, a second tab), so it goes out once.

    The request counts the readers (one COUNT) and leaves finding and mailing them to the task, whatever their
    number. An empty segment is refused with an ApplicationError and the issue stays a draft. Side effects: an
    audit entry "newsletter.sent"; after the commit, the delivery task.
    """
    count = newsletter_audience_count(newsletter.segment)
    if not count:
        raise ApplicationError(_("Nobody is in this group of readers, so nothing was sent. Widen the group first."))
    with transaction.atomic():
        queued = Newsletter.objects.filter(pk=newsletter.pk, status=NewsletterStatus.DRAFT).update(
            status=NewsletterStatus.QUEUED, recipient_count=count
        )
        if not queued:
            return False
        audit_log(newsletter, "newsletter.sent", actor=actor, people=count)
        transaction.on_commit(lambda: newsletter_deliver.enqueue(newsletter.pk))
    newsletter.status, newsletter.recipient_count = NewsletterStatus.QUEUED, count
    return True
