import rules

from innovation_platform.core.permissions import is_staff

# The datasets are public; publishing them again on demand is for staff (the scheduled job does it daily).
rules.add_perm("opendata.publish", is_staff)
