"""The demo's messages to groups, as sent earlier by the LABIC organizer: a reminder to the open call's drafts
and a word to the finished hackathon's selected teams. Recorded as delivered (nobody is e-mailed while
seeding). Written once; runs after the judging demo, which selects the hackathon's teams."""

from datetime import timedelta

from django.utils import timezone, translation

from challenges.demo import LABIC_SLUG
from challenges.models import Challenge
from innovation_platform.accounts.models import User
from innovation_platform.messaging.models import Delivery, Message, MessageStatus
from innovation_platform.messaging.segments import segment_get, segment_people
from proposals.demo.hackathon import FINISHED_SLUG

MESSAGES = [
    (
        LABIC_SLUG,
        "drafts",
        "Tu borrador aún no está enviado",
        "Hola: tu propuesta sigue como **borrador**. Revisa en el editor qué le falta y envíala antes del "
        "cierre de la convocatoria: un borrador no llega al jurado.",
        2,
    ),
    (
        FINISHED_SLUG,
        "selected",
        "Bienvenidos al laboratorio",
        "¡Felicitaciones! Nos vemos el lunes a las 9:00 en el auditorio para empezar a prototipar. "
        "Traigan laptop y muchas ganas.",
        150,
    ),
]


def seed_demo_messages(accounts: dict[str, User]) -> int:
    """Each message once, by its subject; returns how many were new."""
    organizer = accounts.get("organizer")
    created = 0
    now = timezone.now()
    for slug, key, subject, body, days_ago in MESSAGES:
        challenge = Challenge.objects.filter(slug=slug).first()
        if challenge is None or organizer is None or Message.objects.filter(subject=subject).exists():
            continue
        segment = segment_get(challenge, key, {})
        people = list(segment_people(challenge, segment, {}).values_list("pk", flat=True))
        if not people:
            continue
        sent_at = now - timedelta(days=days_ago)
        with translation.override(None):
            label = str(segment.label)  # its source text, which each reader reads in their language
        message = Message.objects.create(
            subject=subject,
            body=body,
            author=organizer,
            about=challenge,
            about_title=challenge.title,
            about_url=challenge.get_absolute_url(),
            segment=key,
            segment_label=label,
            status=MessageStatus.SENT,
            recipient_count=len(people),
            delivered_count=len(people),
            sent_at=sent_at,
        )
        Message.objects.filter(pk=message.pk).update(created_at=sent_at)
        Delivery.objects.bulk_create([Delivery(message=message, user_id=pk, sent_at=sent_at) for pk in people])
        created += 1
    return created
