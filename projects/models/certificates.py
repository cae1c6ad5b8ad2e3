from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge
from projects.entry_codes import code_new

CODE_LENGTH = 16  # 32^16 = 2^80: not guessable, and short enough to type


def certificate_code() -> str:
    """In the entry codes' unambiguous alphabet (no 0/O, 1/I): a code read aloud or typed from paper works."""
    return code_new(CODE_LENGTH)


class CertificateKind(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    TEAM_MEMBER = "team_member", _("Team member")
    COLLABORATOR = "collaborator", _("Collaborator")
    MENTOR = "mentor", _("Mentor")
    JUROR = "juror", _("Juror")
    ORGANIZER = "organizer", _("Organizer")


class Certificate(models.Model):
    """A certificate issued to a person for their part in an edition or event; the row is the certificate, its PDF
    is drawn from it on demand.

    What it states is a snapshot taken when it was issued (`name`, `facts`), so renaming the person, the edition
    or the lab later never changes a certificate already given. A revoked certificate stays, saying so, and the
    same person may be given a new one for the same role."""

    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="certificates")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(_("role"), max_length=12, choices=CertificateKind.choices)
    name = models.CharField(_("name as printed"), max_length=150)
    # The wording's facts: edition and lab names, dates, days attended, the team's proposal, the jury's rounds.
    facts = models.JSONField(default=dict)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    code = models.CharField(_("verification code"), max_length=CODE_LENGTH, unique=True, default=certificate_code)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.TextField(_("reason for revoking"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-id"]
        constraints = [
            # One valid certificate per person and role in an edition; re-issuing after a revocation is allowed.
            models.UniqueConstraint(
                fields=["challenge", "user", "kind"],
                condition=models.Q(revoked_at=None),
                name="one_valid_certificate_per_role",
            ),
        ]
        indexes = [
            models.Index(fields=["challenge", "kind", "-issued_at"]),
            models.Index(fields=["user", "-issued_at"]),
        ]

    def __str__(self):
        return f"{self.name} · {self.get_kind_display()} · {self.code}"

    def get_absolute_url(self):
        return reverse("certificates:verify", args=[self.code])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
