"""What waits for the LABIC call's organizers: an appeal against an ineligibility, and reports of public content
(a proposal that reads like an advert, a team search with a phone number) in the moderation queue. Written once."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType

from challenges.models import Challenge
from proposals.demo.common import demo_innovators
from proposals.models import Eligibility, Proposal, Report, TeamSeeker

APPEALING = 58  # found ineligible for a missing budget (`screening`): its team answers with it
APPEAL = (
    "El presupuesto estaba en el documento adjunto y no en la respuesta: lo copiamos ahora en la pregunta. "
    "Les pedimos revisar de nuevo nuestra propuesta."
)
REPORTED = 97
REPORTS = [
    "Parece publicidad de una empresa: enlaza a una tienda en línea.",
    "Es un anuncio de venta de productos, no una propuesta.",
]
SEEKER_REPORT = "Publica un número de teléfono personal en su mensaje."


def seed_organizers_attention(challenge: Challenge, *, now) -> None:
    if Report.objects.filter(challenge=challenge).exists():
        return
    appealing = challenge.proposals.filter(number=APPEALING, eligibility=Eligibility.INELIGIBLE).first()
    if appealing is not None and appealing.appealed_at is None:
        Proposal.objects.filter(pk=appealing.pk).update(
            screened_at=now - timedelta(days=3), appeal=APPEAL, appealed_at=now - timedelta(days=1)
        )
    reporters = list(demo_innovators().order_by("-pk")[: len(REPORTS) + 1])
    reported = challenge.proposals.filter(number=REPORTED).first()
    seeker = TeamSeeker.objects.filter(challenge=challenge).order_by("pk").first()
    reports = []
    if reported is not None:
        kind = ContentType.objects.get_for_model(Proposal)
        reports += [
            Report(challenge=challenge, content_type=kind, object_id=reported.pk, reporter=reporter, reason=reason)
            for reporter, reason in zip(reporters, REPORTS, strict=False)
        ]
    if seeker is not None and reporters:
        kind = ContentType.objects.get_for_model(TeamSeeker)
        reports.append(
            Report(
                challenge=challenge,
                content_type=kind,
                object_id=seeker.pk,
                reporter=reporters[-1],
                reason=SEEKER_REPORT,
            )
        )
    Report.objects.bulk_create(reports)
