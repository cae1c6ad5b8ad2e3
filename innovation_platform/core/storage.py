from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, which no web server serves: only views that ask the
    permission rules hand them out (read at use, so tests can point it elsewhere)."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


# Files made from a stored file (its anonymous copies, see core/anonymize.py) live in a folder named after it.
COPIES_SUFFIX = ".copies"


def delete_after_commit(*files) -> None:
    """Remove these stored files, and the copies made from them, once the transaction that dropped their rows
    commits (a rollback keeps them)."""
    names = [(file.storage, file.name) for file in files if file]
    transaction.on_commit(lambda: [delete_with_copies(storage, name) for storage, name in names])


def delete_with_copies(storage, name: str) -> None:
    storage.delete(name)
    folder = name + COPIES_SUFFIX
    if storage.exists(folder):
        for copy in storage.listdir(folder)[1]:
            storage.delete(f"{folder}/{copy}")
