"""The LABIC call's first screening: a few proposals found ineligible with the call's reasons, the first
twenty checked eligible, as its organizers would have recorded them. Written once."""

from django.utils import timezone

from challenges.demo import INELIGIBILITY_REASONS
from challenges.models import Challenge
from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log_many
from proposals.models import Eligibility, Proposal

# Numbers of the crowd's proposals found ineligible, with the reason the organizers gave each.
INELIGIBLE = {
    7: (INELIGIBILITY_REASONS[1], "La propuesta trata sobre reciclaje de plásticos, no sobre acceso a alimentos."),
    23: (INELIGIBILITY_REASONS[2], "Es la misma propuesta que LABIC-0019, presentada por el mismo equipo."),
    58: (INELIGIBILITY_REASONS[3], "Falta el presupuesto que pide la pregunta obligatoria."),
}
CHECKED = 20  # the first proposals, checked and found eligible


def seed_screening(challenge: Challenge, organizer: User | None) -> None:
    if organizer is None or challenge.proposals.exclude(eligibility=Eligibility.PENDING).exists():
        return
    now = timezone.now()
    for number, (preset, note) in INELIGIBLE.items():
        reason = f"{preset}\n\n{note}"
        proposal = challenge.proposals.filter(number=number).first()
        if proposal is None:
            continue
        Proposal.objects.filter(pk=proposal.pk).update(
            eligibility=Eligibility.INELIGIBLE, eligibility_reason=reason, screened_at=now, screened_by=organizer
        )
        audit_log_many(
            Proposal, [proposal.pk], "proposal.screened", actor=organizer, eligibility="ineligible", reason=reason
        )
    eligible = list(
        challenge.proposals.filter(number__lte=CHECKED, eligibility=Eligibility.PENDING).values_list("pk", flat=True)
    )
    Proposal.objects.filter(pk__in=eligible).update(
        eligibility=Eligibility.ELIGIBLE, screened_at=now, screened_by=organizer
    )
    audit_log_many(Proposal, eligible, "proposal.screened", actor=organizer, eligibility="eligible", reason="")
