"""Citizen proposals to a challenge: drafts, submission, answers, files, versions and team."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from challenges.models import Challenge, Question
from innovation_platform.core.regions import PeruRegion


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    PROTOTYPE = "prototype", _("Prototype")
    PILOT = "pilot", _("Pilot")


class Licence(models.TextChoices):
    CC_BY = "cc-by", _("Creative Commons Attribution (CC BY 4.0)")
    CC_BY_SA = "cc-by-sa", _("Creative Commons Attribution-ShareAlike (CC BY-SA 4.0)")
    CC0 = "cc0", _("Public domain (CC0)")
    OPEN_SOURCE = "open-source", _("An open-source software licence (GPL, MIT, Apache…)")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    WAITLISTED = "waitlisted", _("On the waitlist")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")


# Statuses of a proposal that counts as submitted to the call.
IN_THE_CALL = [
    ProposalStatus.SUBMITTED,
    ProposalStatus.SHORTLISTED,
    ProposalStatus.WAITLISTED,
    ProposalStatus.SELECTED,
    ProposalStatus.NOT_SELECTED,
]


class TaggedProposal(TaggedItemBase):
    content_object = models.ForeignKey("Proposal", on_delete=models.CASCADE)


def proposal_path(instance, filename):
    """Files of a proposal (its cover, answers, attachments, images) share its folder."""
    proposal = instance if isinstance(instance, Proposal) else instance.proposal
    return f"proposals/{proposal.challenge_id}/{proposal.pk or 'new'}/{filename}"


class Proposal(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="proposals")
    # Given at submission, in order, per challenge: the reference is the challenge's code plus it.
    number = models.PositiveIntegerField(null=True, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=150)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    problem = models.TextField(_("problem"), blank=True)
    solution = models.TextField(_("proposed solution"), blank=True)
    beneficiaries = models.TextField(_("beneficiaries"), blank=True)
    territory = models.CharField(_("territory"), max_length=200, blank=True, help_text=_("Where it will happen."))
    expected_impact = models.TextField(_("expected impact"), blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, blank=True)
    country = CountryField(_("country"), default="PE")
    region = models.CharField(_("region"), max_length=6, choices=PeruRegion.choices, blank=True)
    tags = TaggableManager(_("categories"), through=TaggedProposal, blank=True)
    cover = models.ImageField(_("cover image"), upload_to=proposal_path, blank=True)
    cover_thumbnail = models.ImageField(upload_to=proposal_path, blank=True, editable=False)
    licence = models.CharField(_("licence of the outcome"), max_length=16, choices=Licence.choices, blank=True)
    status = models.CharField(_("status"), max_length=14, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT)
    # Optimistic locking: every save must name the version it started from.
    version = models.PositiveIntegerField(default=1, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdraw_reason = models.TextField(_("reason for withdrawing"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["number", "pk"]
        constraints = [models.UniqueConstraint(fields=["challenge", "number"], name="one_number_per_challenge")]
        indexes = [models.Index(fields=["challenge", "status"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        return f"{self.challenge.reference_prefix}-{self.number:04d}" if self.number else ""


class MemberRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    MEMBER = "member", _("Co-author")
    COLLABORATOR = "collaborator", _("Collaborator")


class ProposalMember(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_memberships")
    role = models.CharField(_("role"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_membership_per_proposal"),
            models.UniqueConstraint(fields=["proposal"], condition=models.Q(role="lead"), name="one_lead_per_proposal"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"


class Answer(models.Model):
    """A proposal's answer to one of its challenge's questions."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField(default=None, null=True, blank=True)
    file = models.FileField(upload_to=proposal_path, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"{self.question}: {self.value}"


class Attachment(models.Model):
    """A document of the proposal (PDF or office formats), its type checked by content."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=proposal_path)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.name


class GalleryImage(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to=proposal_path)
    thumbnail = models.ImageField(upload_to=proposal_path)
    alt_text = models.CharField(
        _("description of the image"), max_length=200, help_text=_("For people who cannot see it.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.alt_text


class ProposalVersion(models.Model):
    """A snapshot of the proposal's texts, kept at submission and at every later edit."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["proposal", "version"], name="one_snapshot_per_version")]

    def __str__(self):
        return f"{self.proposal} v{self.version}"
