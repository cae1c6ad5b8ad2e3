import rules

from innovation_platform.core.permissions import has_verified_email, is_staff
from innovation_platform.labs.models import LabMembership, LabRole


@rules.predicate
def is_lab_admin(user, lab) -> bool:
    if lab is None or not user.is_authenticated:
        return False
    return LabMembership.objects.filter(lab=lab, user=user, role=LabRole.ADMIN).exists()


rules.add_perm("labs.view_lab", rules.always_allow)
rules.add_perm("labs.add_lab", has_verified_email)
rules.add_perm("labs.change_lab", is_lab_admin | is_staff)
rules.add_perm("labs.manage_members", is_lab_admin | is_staff)
rules.add_perm("labs.verify_lab", is_staff)
