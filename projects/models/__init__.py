"""The lab and after. One module per part: projects (pages, logbook, outcomes, mentors), and the parts that build
on them."""

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
    "LogbookComment",
    "LogbookImage",
    "LogbookPost",
    "Mentorship",
    "Outcome",
    "OutcomeChange",
    "PostVisibility",
    "Project",
]
