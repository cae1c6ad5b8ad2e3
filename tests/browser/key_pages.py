"""The demo's key pages, per person, for the accessibility and page-weight tests and `make screenshots`.

Resolved against the demo (`manage.py seed_demo`): each entry is (who, name, path); who is a demo account's
e-mail address or None for someone signed out."""

from django.urls import reverse

DEMO = "@demo.cocrea.pe"
CITIZEN, LEAD, JUROR, MENTOR, ORGANIZER, STAFF = (
    f"{name}{DEMO}" for name in ("ciudadana", "lider", "jurado", "mentora", "organizadora", "staff")
)
DEMO_PASSWORD = "cocrea-demo-2026"


def key_pages() -> list[tuple[str | None, str, str]]:
    from challenges.demo import LABIC_SLUG
    from innovation_platform.accounts.models import User
    from innovation_platform.labs.models import Lab
    from judging.models import Assignment, Round
    from projects.models import Project
    from proposals.models import Proposal

    public_proposal = Proposal.objects.filter(challenge__slug=LABIC_SLUG, status="submitted").order_by("pk").first()
    lab = Lab.objects.filter(challenges__slug=LABIC_SLUG).first()
    innovator = User.objects.filter(profile__is_public=True).order_by("pk").first()
    project = Project.objects.order_by("pk").first()
    lead_draft = Proposal.objects.filter(members__user__email=LEAD, status="draft").order_by("pk").first()
    review = Assignment.objects.filter(juror__user__email=JUROR).order_by("pk").first()
    finished_round = Round.objects.filter(challenge__slug="hackaton-agua-arequipa").order_by("pk").first()
    pages = [
        (None, "home", reverse("home")),
        (None, "challenges", reverse("challenges:list")),
        (None, "challenge", reverse("challenges:detail", args=[LABIC_SLUG])),
        (None, "schedule", reverse("challenges:schedule", args=[LABIC_SLUG])),
        (None, "live", reverse("challenges:live", args=[LABIC_SLUG])),
        (None, "gallery", reverse("proposals:gallery", args=[LABIC_SLUG])),
        (None, "proposal", public_proposal.get_absolute_url()),
        (None, "labs", reverse("labs:list")),
        (None, "lab", lab.get_absolute_url()),
        (None, "innovators", reverse("accounts:innovator_list")),
        (None, "projects", reverse("projects:gallery")),
        (None, "login", reverse("account_login")),
        (None, "signup", reverse("account_signup")),
        (None, "privacy", reverse("accounts:privacy")),
        (CITIZEN, "my-proposals", reverse("proposals:mine")),
        (CITIZEN, "profile", reverse("accounts:profile_edit")),
        (CITIZEN, "notifications", reverse("live:notifications")),
        (CITIZEN, "new-proposal", reverse("proposals:start", args=[LABIC_SLUG])),
        (LEAD, "my-proposals", reverse("proposals:mine")),
        (JUROR, "my-reviews", reverse("judging:mine")),
        (MENTOR, "mentoring", reverse("logbook:mentoring")),
        (ORGANIZER, "console", reverse("console:dashboard")),
        (ORGANIZER, "console-challenge", reverse("console:edit", args=[LABIC_SLUG])),
        (ORGANIZER, "console-proposals", reverse("call_proposals:list", args=[LABIC_SLUG])),
        (ORGANIZER, "console-judging", reverse("judging:rounds", args=[LABIC_SLUG])),
        (STAFF, "console", reverse("console:dashboard")),
    ]
    if innovator:
        pages.append((None, "innovator", reverse("accounts:innovator_detail", args=[innovator.profile.slug])))
    if project:
        pages.append((None, "project", project.get_absolute_url()))
    if lead_draft:
        pages.append((LEAD, "edit-proposal", reverse("proposals:edit", args=[lead_draft.pk])))
        pages.append((LEAD, "team", reverse("proposals:team", args=[lead_draft.pk])))
    if review:
        pages.append((JUROR, "review", reverse("judging:review", args=[review.pk])))
    if finished_round:
        pages.append((ORGANIZER, "results", reverse("judging:results", args=[finished_round.pk])))
    return pages
