"""Messages of the lab and after, sent in the background (tasks take primary keys)."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_tasks import task

from innovation_platform.core.mail import mail_send
from innovation_platform.live.models import NotificationKind
from innovation_platform.live.notifications import notify
from projects.models import Registration, RegistrationStatus


@task()
def tell_registration_promoted(registration_id: int) -> None:
    """Tell someone that a place opened for them in a session they waited for: a notification and an e-mail, in
    their language. Skipped when they have cancelled since."""
    registration = (
        Registration.objects.select_related("user", "session__challenge")
        .filter(pk=registration_id, status=RegistrationStatus.REGISTERED)
        .first()
    )
    if registration is None or not registration.user.is_active:
        return
    session, person = registration.session, registration.user
    url = reverse("challenges:schedule", kwargs={"slug": session.challenge.slug}) + f"#session-{session.pk}"
    mail_send(
        template="projects/email/registration_promoted",
        context={"session": session, "challenge": session.challenge, "url": url},
        recipients=[person],
    )
    with translation.override(person.language):
        title = gettext("A place opened for you: %(session)s") % {"session": session.title}
    notify(person, NotificationKind.REGISTRATION, title, url)
