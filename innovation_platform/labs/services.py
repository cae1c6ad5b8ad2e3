from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from innovation_platform.accounts.models import User
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.images import LOGO_THUMBNAIL, store_image
from innovation_platform.core.search import terms_replace
from innovation_platform.labs.models import Lab, LabMembership, LabRole, LabSearchTerm


@transaction.atomic
def lab_create(*, creator: User, data: dict, logo=None) -> Lab:
    """Register a lab; its creator becomes its first administrator. Staff verify it later."""
    lab = Lab(**data)
    if not lab.slug:
        lab.slug = unique_lab_slug(lab.name)
    if logo:
        store_image(lab, "logo", "logo_thumbnail", logo, LOGO_THUMBNAIL)
    lab.save()
    LabMembership.objects.create(lab=lab, user=creator, role=LabRole.ADMIN)
    return lab


@transaction.atomic
def lab_update(*, lab: Lab, data: dict, logo=False) -> Lab:
    """`logo`: a clean image, None to remove it, or False to keep the current one."""
    for field, value in data.items():
        setattr(lab, field, value)
    if logo is not False:
        store_image(lab, "logo", "logo_thumbnail", logo, LOGO_THUMBNAIL)
    lab.save()
    return lab


def lab_set_verified(*, lab: Lab, actor: User, verified: bool) -> Lab:
    lab.is_verified = verified
    lab.verified_at = timezone.now() if verified else None
    lab.verified_by = actor if verified else None
    lab.save(update_fields=["is_verified", "verified_at", "verified_by"])
    return lab


@transaction.atomic
def lab_member_add(*, lab: Lab, email: str, role: str) -> LabMembership:
    """Add a registered person by e-mail; people without an account must sign up first."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ApplicationError(
            _("Nobody with the e-mail %(email)s has an account yet; ask them to sign up first.") % {"email": email},
            field="email",
        )
    membership, created = LabMembership.objects.get_or_create(lab=lab, user=user, defaults={"role": role})
    if not created:
        raise ApplicationError(_("%(name)s is already a member of this lab.") % {"name": user}, field="email")
    return membership


@transaction.atomic
def lab_member_set_role(*, membership: LabMembership, role: str) -> LabMembership:
    if membership.role == LabRole.ADMIN and role != LabRole.ADMIN:
        _ensure_another_admin(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def lab_member_remove(*, membership: LabMembership) -> None:
    if membership.role == LabRole.ADMIN:
        _ensure_another_admin(membership)
    membership.delete()


def lab_terms_index(*, labs: QuerySet[Lab]) -> None:
    """Replace the search terms of these labs with those of their current texts (derived data: not audited)."""
    terms_replace(LabSearchTerm, "lab", {pk: texts for pk, *texts in labs.values_list("pk", *LabSearchTerm.SEARCHED)})


def unique_lab_slug(name: str) -> str:
    base = slugify(name)[:70] or "lab"
    slug, n = base, 2
    while Lab.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _ensure_another_admin(membership: LabMembership) -> None:
    # Lock every admin row of the lab so two admins demoting each other are serialised.
    admins = LabMembership.objects.select_for_update().filter(lab_id=membership.lab_id, role=LabRole.ADMIN)
    if set(admins.values_list("pk", flat=True)) <= {membership.pk}:
        raise ApplicationError(_("A lab needs at least one administrator; appoint another one first."))
