"""Where uploaded papers and product documents are kept.

Files are never served from a public URL: every download goes through a view that
checks the reader may see the paper (`governance.views.paper`). They live under
MEDIA_ROOT, which no URL serves.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class GovernanceFileStorage(FileSystemStorage):
    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.MEDIA_ROOT)


governance_files = GovernanceFileStorage()


def files_storage():
    """The storage of papers and product documents (a callable, so migrations name it)."""
    return governance_files
