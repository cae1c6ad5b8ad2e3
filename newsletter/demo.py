"""The demo's newsletter: three demo accounts who asked for it, two past issues in the archive (one from the
network's staff, one from the LABIC organizer's lab) recorded as delivered (nobody is e-mailed while seeding), and a
draft the organizer is still writing. Each issue once, by its subject."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from innovation_platform.accounts.models import Profile, User
from innovation_platform.labs.models import Lab
from newsletter.models import Newsletter, NewsletterDelivery, NewsletterStatus
from newsletter.selectors import newsletter_audience

READERS = ("citizen", "team lead", "mentor")

# (author's role, lab slug or None for the network, subject, body, days ago it was sent or None for a draft)
ISSUES = [
    (
        "staff",
        None,
        "Boletín de la red · Octubre",
        "## Bienvenida a la red\n\n"
        "La red nacional de laboratorios de innovación ya reúne **40 laboratorios** en todas las regiones del "
        "Perú: universidades, gobiernos locales, empresas y organizaciones de la sociedad civil.\n\n"
        "## Lo que viene\n\n"
        "- La convocatoria **LABIC Perú: seguridad alimentaria** abrirá en las próximas semanas.\n"
        "- Completa tu perfil de innovadora o innovador: tus habilidades ayudan a formar equipos.\n\n"
        "Gracias por ser parte de la red.",
        60,
    ),
    (
        "organizer",
        "labic-peru",
        "LABIC Perú: resultados del hackatón de Arequipa",
        "## Ocho equipos al laboratorio\n\n"
        "El jurado del **Hackatón Agua y Ciudad Arequipa** eligió ocho proyectos que ahora prototipan con "
        "mentoras y mentores de la red.\n\n"
        "## Convocatoria abierta\n\n"
        "Ya puedes postular a **LABIC Perú: seguridad alimentaria**. Revisa las bases en Cocrea y forma tu "
        "equipo: buscamos personas de todas las regiones.",
        12,
    ),
    (
        "organizer",
        "labic-peru",
        "Boletín de enero (borrador)",
        "## Agenda de enero\n\nSesiones de mentoría, la feria de prototipos y la nueva convocatoria regional.",
        None,
    ),
]


@transaction.atomic
def seed_newsletters(accounts: dict[str, User]) -> int:
    """Returns how many issues were new."""
    _readers_consent(accounts)
    now = timezone.now()
    created = 0
    for role, lab_slug, subject, body, days_ago in ISSUES:
        author = accounts.get(role)
        if author is None or Newsletter.objects.filter(subject=subject).exists():
            continue
        newsletter = Newsletter.objects.create(
            subject=subject,
            body=body,
            language="es",
            author=author,
            lab=Lab.objects.filter(slug=lab_slug).first() if lab_slug else None,
        )
        if days_ago is not None:
            _record_as_sent(newsletter, now - timedelta(days=days_ago))
        created += 1
    return created


def _readers_consent(accounts: dict[str, User]) -> None:
    """The demo readers asked for the newsletter when they joined; one who has unsubscribed since stays so."""
    users = [accounts[role] for role in READERS if role in accounts]
    for user in users:
        Profile.objects.filter(user=user, newsletter_consent_at=None, newsletter_withdrawn_at=None).update(
            newsletter_consent=True, newsletter_consent_at=user.date_joined
        )


def _record_as_sent(newsletter: Newsletter, sent_at) -> None:
    people = list(newsletter_audience(newsletter.segment).values_list("pk", flat=True))
    NewsletterDelivery.objects.bulk_create(
        [NewsletterDelivery(newsletter=newsletter, user_id=pk, sent_at=sent_at) for pk in people]
    )
    Newsletter.objects.filter(pk=newsletter.pk).update(
        status=NewsletterStatus.SENT,
        sent_at=sent_at,
        created_at=sent_at - timedelta(days=1),
        recipient_count=len(people),
        delivered_count=len(people),
    )
