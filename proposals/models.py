"""Citizen proposals to a challenge: drafts, submission, answers, files, versions and team."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from challenges.models import Challenge, Question
from innovation_platform.core.invitations.models import InvitationRecord
from innovation_platform.core.regions import PeruRegion
from innovation_platform.core.search import SearchTermBase


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
    DROPPED_OUT = "dropped_out", _("Dropped out")


class Eligibility(models.TextChoices):
    PENDING = "pending", _("Not screened yet")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Not eligible")


# Statuses of a proposal that counts as submitted to the call.
IN_THE_CALL = [
    ProposalStatus.SUBMITTED,
    ProposalStatus.SHORTLISTED,
    ProposalStatus.WAITLISTED,
    ProposalStatus.SELECTED,
    ProposalStatus.NOT_SELECTED,
]
# Statuses of a proposal sent to the call that has left it since: withdrawn by its lead before the results, or a
# selected team's drop-out recorded by the organizers. Neither is judged, selected or joined any more.
LEFT_THE_CALL = [ProposalStatus.WITHDRAWN, ProposalStatus.DROPPED_OUT]


class TaggedProposal(TaggedItemBase):
    content_object = models.ForeignKey("Proposal", on_delete=models.CASCADE)


def private_storage():
    """Where proposal documents live: served only through the permission-checked view."""
    return storages["private"]


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
    # A selected team that leaves the call (before or during the lab), recorded by the organizers.
    dropped_out_at = models.DateTimeField(null=True, blank=True, editable=False)
    dropout_reason = models.TextField(_("reason for dropping out"), blank=True)
    # Order on the waitlist (1 first), set by the selection; promotion takes the lowest.
    waitlist_position = models.PositiveSmallIntegerField(_("waitlist position"), null=True, blank=True)
    # Moderation: a hidden proposal disappears from public pages and the API.
    hidden_at = models.DateTimeField(null=True, blank=True, editable=False)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    # Screening (admissibility) by the organizers: an ineligible proposal leaves the jury's scope.
    eligibility = models.CharField(
        _("eligibility"), max_length=10, choices=Eligibility.choices, default=Eligibility.PENDING
    )
    eligibility_reason = models.TextField(_("reason"), blank=True)
    screened_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The team's one answer to an ineligibility, within the call's appeal window.
    appeal = models.TextField(_("appeal"), blank=True)
    appealed_at = models.DateTimeField(null=True, blank=True, editable=False)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["number", "pk"]
        constraints = [models.UniqueConstraint(fields=["challenge", "number"], name="one_number_per_challenge")]
        indexes = [
            models.Index(fields=["challenge", "status"]),
            models.Index(fields=["challenge", "eligibility"]),
            # The last change in a call, from the index alone: judging's kept figures compare it (judging.snapshots).
            models.Index(fields=["challenge", "updated_at"], name="proposal_last_change"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        return proposal_reference(self.challenge, self.number)


def proposal_reference(challenge, number: int | None) -> str:
    """A proposal's reference: its call's prefix and its number ("LABIC-0007"), or nothing before it has one."""
    return f"{challenge.reference_prefix}-{number:04d}" if number else ""


class MemberRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    MEMBER = "member", _("Co-author")
    COLLABORATOR = "collaborator", _("Collaborator")


class ProposalMember(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_memberships")
    role = models.CharField(_("role"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER)
    # The open role a collaborator fills: when they leave, the slot reopens by itself.
    slot = models.ForeignKey("RoleSlot", null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
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
    file = models.FileField(upload_to=proposal_path, storage=private_storage, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"{self.question}: {self.value}"


class Attachment(models.Model):
    """A document of the proposal (PDF or office formats), its type checked by content."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=proposal_path, storage=private_storage)
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


class ProposalTerm(models.Model):
    """A word of a proposal's title and summary, normalised, to find similar proposals in SQL."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="terms")
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=40)
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "term"], name="one_row_per_term")]
        indexes = [models.Index(fields=["challenge", "term"])]

    def __str__(self):
        return self.term


class ProposalSearchTerm(SearchTermBase):
    """A word of a proposal's title, summary or team members' names (core/search.py): the gallery's and organizers'
    word search is an indexed lookup, whatever the size of the call."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="search_terms")
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "term"], name="one_search_row_per_term")]
        indexes = [models.Index(fields=["challenge", "term"])]


class Invitation(InvitationRecord):
    """An invitation to join a proposal's team as a co-author.

    Addressed to an e-mail or a registered person, it is answered once; a shareable link
    (neither set) admits anyone who follows it until it expires or is revoked.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="invitations")
    # Empty for an invitation to a registered `invitee` and for a shareable link.
    email = models.EmailField(_("e-mail"), blank=True)
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="team_invitations"
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    sent_by_team = True

    class Meta:
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["proposal", "status"]), models.Index(fields=["email", "status"])]

    def __str__(self):
        return self.email or str(self.invitee or _("shareable link"))

    @property
    def is_link(self) -> bool:
        return not self.email and self.invitee_id is None


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class JoinRequest(models.Model):
    """Someone asking to join a proposal's team as a co-author; the team answers it once.

    One pending request per person and proposal; answered and withdrawn ones stay as history.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests")
    message = models.TextField(_("message to the team"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("request to join a team")
        verbose_name_plural = _("requests to join a team")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"], condition=models.Q(status="pending"), name="one_pending_join_request"
            )
        ]
        indexes = [models.Index(fields=["proposal", "status"]), models.Index(fields=["user", "status"])]

    def __str__(self):
        return f"{self.user} → {self.proposal}"

    @property
    def is_pending(self) -> bool:
        return self.status == JoinRequestStatus.PENDING


class TeamSeeker(models.Model):
    """Someone looking for a team in a challenge, with the skills they bring."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="team_seekers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_searches")
    skills = models.JSONField(_("skills"), default=list, blank=True)
    message = models.TextField(_("about you"), max_length=600, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True, editable=False)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("person looking for a team")
        verbose_name_plural = _("people looking for a team")
        ordering = ["-created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["challenge", "user"], name="one_search_per_challenge")]

    def __str__(self):
        return str(self.user)


class RoleSlot(models.Model):
    """An open role of a selected proposal for the collaborator call, e.g. "industrial designer"."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="role_slots")
    title = models.CharField(_("role"), max_length=120)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    skills = models.JSONField(_("skills wanted"), default=list, blank=True)
    slots = models.PositiveSmallIntegerField(_("places"), default=1)
    is_open = models.BooleanField(_("accepting applications"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("open role")
        verbose_name_plural = _("open roles")
        ordering = ["proposal", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(slots__gte=1), name="role_has_a_place")]

    def __str__(self):
        return self.title


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Received")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    PROPOSED = "proposed", _("Proposed by the matching")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RoleApplication(models.Model):
    """Someone applying to one open role, with their motivation and their order of preference."""

    slot = models.ForeignKey(RoleSlot, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_applications")
    motivation = models.TextField(_("motivation"), max_length=2000)
    links = models.JSONField(_("links"), default=list, blank=True)
    # The applicant's ranking of this role among their applications in the challenge (1 = first choice).
    preference = models.PositiveSmallIntegerField(_("preference"), default=1)
    # The lead's rating of the applicant for this role, 1 (weak) to 5 (excellent).
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    status = models.CharField(max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("role application")
        verbose_name_plural = _("role applications")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "applicant"], name="one_application_per_role"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5), name="rating_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["slot", "status"])]

    def __str__(self):
        return f"{self.applicant} → {self.slot}"


class Support(models.Model):
    """One verified citizen's support of one proposal (the people's choice)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    # Repeated from the proposal so the per-person limit of a challenge is one indexed count.
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="support_once")]
        indexes = [models.Index(fields=["challenge", "user"])]

    def __str__(self):
        return f"{self.user} → {self.proposal}"


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    HIDDEN = "hidden", _("Content hidden")
    DISMISSED = "dismissed", _("Dismissed")


class Report(models.Model):
    """Someone's report of public content (a proposal, a team search) for organizers to review."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="reports")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("reason"), max_length=1000)
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter"],
                condition=models.Q(status="open"),
                name="one_open_report_per_person",
            )
        ]
        indexes = [models.Index(fields=["challenge", "status"]), models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.reason[:60]
