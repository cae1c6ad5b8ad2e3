"""A person's copy of their data, built off the request path (tasks take primary keys)."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_tasks import task

from innovation_platform.accounts.archive import archive_zip
from innovation_platform.accounts.models import DataExport
from innovation_platform.accounts.services import data_export_store
from innovation_platform.core.mail import mail_send
from innovation_platform.live.models import NotificationKind
from innovation_platform.live.notifications import notify


@task()
def data_export_build(export_id: int) -> None:
    """Build the copy, store it privately, and tell the person it is ready (a notification and an e-mail)."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.ready_at:  # replaced by a newer request meanwhile, or already built
        return
    data_export_store(export=export, content=archive_zip(export.user))
    with translation.override(export.user.language):
        notify(
            export.user,
            NotificationKind.ACCOUNT,
            gettext("Your copy of your data is ready to download"),
            reverse("accounts:data_export"),
        )
    mail_send(template="accounts/email/data_export_ready", context={"export": export}, recipients=[export.user])
