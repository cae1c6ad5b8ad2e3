"""Who writes, previews, sends and reads newsletters.

Staff and lab administrators write them; an issue belongs to the lab it speaks for, so the administrators of that
lab (and staff) edit, preview and send it, while the drafts stay hidden from everyone else. Anyone reads the
archive: the issues marked public once sent.
"""

import rules

from innovation_platform.core.permissions import has_verified_email, is_staff
from innovation_platform.labs.models import LabMembership, LabRole
from newsletter.models import NewsletterStatus


@rules.predicate
def administers_a_lab(user) -> bool:
    return user.is_authenticated and LabMembership.objects.filter(user=user, role=LabRole.ADMIN).exists()


@rules.predicate
def administers_its_lab(user, newsletter) -> bool:
    return (
        newsletter is not None
        and newsletter.lab_id is not None
        and user.is_authenticated
        and LabMembership.objects.filter(lab_id=newsletter.lab_id, user=user, role=LabRole.ADMIN).exists()
    )


@rules.predicate
def is_draft(user, newsletter) -> bool:
    return newsletter is not None and newsletter.status == NewsletterStatus.DRAFT


@rules.predicate
def is_in_archive(user, newsletter) -> bool:
    return newsletter is not None and newsletter.is_public and newsletter.status == NewsletterStatus.SENT


writer = has_verified_email & (is_staff | administers_its_lab)

rules.add_perm("newsletter.add_newsletter", has_verified_email & (is_staff | administers_a_lab))
rules.add_perm("newsletter.change_newsletter", writer & is_draft)
rules.add_perm("newsletter.preview_newsletter", writer)
rules.add_perm("newsletter.send_newsletter", writer & is_draft)
rules.add_perm("newsletter.view_newsletter", is_in_archive | writer)
