"""The lab and after. One module per part: projects (pages, logbook, outcomes, mentors), and the parts that build
on them."""

from projects.models.attendance import CheckIn, EntryPass, Registration, RegistrationStatus
from projects.models.certificates import Certificate, CertificateKind
from projects.models.followup import (
    ANSWER_FIELDS,
    INDICATOR_FIELDS,
    REPORTED_OUTCOMES,
    Checkpoint,
    FollowUpRequest,
    Indicator,
)
from projects.models.projects import (
    LogbookComment,
    LogbookImage,
    LogbookPost,
    Mentorship,
    Outcome,
    OutcomeChange,
    PostVisibility,
    Project,
)

__all__ = [
    "ANSWER_FIELDS",
    "INDICATOR_FIELDS",
    "REPORTED_OUTCOMES",
    "Checkpoint",
    "FollowUpRequest",
    "Indicator",
    "Certificate",
    "CertificateKind",
    "CheckIn",
    "EntryPass",
    "Registration",
    "RegistrationStatus",
    "LogbookComment",
    "LogbookImage",
    "LogbookPost",
    "Mentorship",
    "Outcome",
    "OutcomeChange",
    "PostVisibility",
    "Project",
]
