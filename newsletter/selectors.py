"""Who a newsletter goes to, and the issues the archive shows."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils.safestring import SafeString

from innovation_platform.accounts.models import TaggedInterest, TaggedSkill, User
from innovation_platform.core.markdown import render_markdown
from innovation_platform.labs.models import Lab, LabMembership, LabRole
from newsletter.models import Newsletter, NewsletterStatus, NewsletterVersion

# The keys of a newsletter's segment, each a list; an empty or missing list does not narrow the group.
SEGMENT_KEYS = ("regions", "countries", "skills", "interests", "labs", "languages")


def newsletter_audience(segment: dict) -> QuerySet[User]:
    """The readers a newsletter with this segment goes to: active accounts whose owners consented to the newsletter
    and verified their address, narrowed by each criterion the segment gives (any of its values: the regions and
    countries of their profile, the slugs of their skills and interests, the ids of labs they belong to, the
    language they read in). Each person once, without a join that repeats rows, so counting it is one COUNT."""
    # The address it goes to is one its owner proved they read.
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True)
    people = User.objects.filter(Exists(verified), is_active=True, profile__newsletter_consent=True)
    if regions := segment.get("regions"):
        people = people.filter(profile__region__in=regions)
    if countries := segment.get("countries"):
        people = people.filter(profile__country__in=countries)
    if skills := segment.get("skills"):
        people = people.filter(
            Exists(TaggedSkill.objects.filter(content_object__user=OuterRef("pk"), tag__slug__in=skills))
        )
    if interests := segment.get("interests"):
        people = people.filter(
            Exists(TaggedInterest.objects.filter(content_object__user=OuterRef("pk"), tag__slug__in=interests))
        )
    if labs := segment.get("labs"):
        people = people.filter(Exists(LabMembership.objects.filter(user=OuterRef("pk"), lab__in=labs)))
    if languages := segment.get("languages"):
        people = people.filter(language__in=languages)
    return people


def newsletter_audience_count(segment: dict) -> int:
    return newsletter_audience(segment).count()


def labs_segmentable_by(user: User) -> QuerySet[Lab]:
    """The labs whose members `user` may write to: any lab for staff, else those they administer."""
    labs = Lab.objects.order_by("name")
    return labs if user.is_staff else labs.filter(memberships__user=user, memberships__role=LabRole.ADMIN)


def newsletters_written_by(user: User) -> QuerySet[Newsletter]:
    """The issues `user` may edit and send: all for staff, else those of the labs they administer."""
    newsletters = Newsletter.objects.select_related("author", "lab")
    if user.is_staff:
        return newsletters
    return newsletters.filter(lab__memberships__user=user, lab__memberships__role=LabRole.ADMIN)


def newsletters_archived(language: str) -> QuerySet[Newsletter]:
    """The sent issues published in the archive, the latest first, each with its version in `language` (if any) as
    `localized`."""
    return (
        Newsletter.objects.filter(is_public=True, status=NewsletterStatus.SENT)
        .select_related("lab")
        .prefetch_related(
            Prefetch("versions", queryset=NewsletterVersion.objects.filter(language=language), to_attr="localized")
        )
        .order_by("-sent_at", "-pk")
    )


def archived_subject(newsletter: Newsletter) -> str:
    """The subject of an issue of `newsletters_archived` in the language it was fetched for (its version in that
    language, else its own)."""
    return newsletter.localized[0].subject if newsletter.localized else newsletter.subject


@dataclass(frozen=True)
class Edition:
    """An issue's text in one language, as its e-mails and pages show it."""

    language: str
    subject: str
    body: str  # Markdown, which is also the plain-text e-mail's
    body_html: SafeString


def newsletter_editions(newsletter: Newsletter) -> dict[str, Edition]:
    """The issue in each language it is written in (its own and its versions), each rendered once."""
    texts = {newsletter.language: (newsletter.subject, newsletter.body)}
    for version in newsletter.versions.all():
        texts.setdefault(version.language, (version.subject, version.body))
    return {
        language: Edition(language, subject, body, render_markdown(body)) for language, (subject, body) in texts.items()
    }


def edition_for(newsletter: Newsletter, editions: dict[str, Edition], language: str) -> Edition:
    """What a reader of `language` gets: the edition in their language, else the issue's own."""
    return editions.get(language) or editions[newsletter.language]
