"""The directory's search terms of a lab follow its texts, however it is saved (services, admin, demo)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from innovation_platform.labs.models import Lab, LabSearchTerm
from innovation_platform.labs.services import lab_terms_index


@receiver(post_save, sender=Lab, dispatch_uid="labs.search_terms")
def lab_search_terms_refresh(sender, instance: Lab, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not set(update_fields) & set(LabSearchTerm.SEARCHED)):
        return
    lab_terms_index(labs=Lab.objects.filter(pk=instance.pk))
