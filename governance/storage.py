"""Where uploaded papers and product documents are kept.

Files are never served from a public URL: every download goes through a view that
checks the reader may see the paper (`governance.views.meetings.paper`). They live under
MEDIA_ROOT, which no URL serves.
"""

import io
import zipfile

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.functional import cached_property


class GovernanceFileStorage(FileSystemStorage):
    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.MEDIA_ROOT)


governance_files = GovernanceFileStorage()


def files_storage():
    """The storage of papers and product documents (a callable, so migrations name it)."""
    return governance_files


# --- what an upload may be (issue 9 §4) ----------------------------------------------------

# The largest paper or product document accepted.
UPLOAD_MAX_BYTES = 20 * 1024 * 1024


class TooLargeUpload(UploadedFile):
    """Stands in for a file that went past UPLOAD_MAX_BYTES: only its name and how many
    bytes arrived are kept, so that the form can say so on its `file` field."""

    def __init__(self, name: str, content_type: str, size: int):
        super().__init__(io.BytesIO(), name, content_type, size)


class BoundedUploadHandler(FileUploadHandler):
    """The first upload handler: it refuses a request whose declared size is beyond
    what any form takes, and counts each file's bytes as they arrive. Past
    UPLOAD_MAX_BYTES it passes no more of the file on to the handlers that keep it, so
    a 200 MB upload never reaches memory or disk past the limit."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > request_max_bytes():
            raise RequestDataTooBig(
                f"The request is larger than the {request_max_bytes()} bytes allowed."
            )

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        return raw_data if self.received <= UPLOAD_MAX_BYTES else None

    def file_complete(self, file_size):
        if self.received > UPLOAD_MAX_BYTES:
            return TooLargeUpload(self.file_name, self.content_type, self.received)
        return None


def request_max_bytes() -> int:
    """No request carries more than one file and the form around it."""
    return UPLOAD_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


# The parts of an Office Open XML package that make it the document its name says.
_OOXML_PART = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
    ".pptx": "ppt/presentation.xml",
}
_OPENDOCUMENT_MIMETYPE = {
    ".odt": b"application/vnd.oasis.opendocument.text",
    ".ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
_TEXT_SAMPLE_BYTES = 64 * 1024


def content_matches(upload, suffix: str) -> bool:
    """Whether the file's content is what its name says (its magic bytes and, for the
    zip-based formats, the parts inside), not only its extension."""
    upload.seek(0)
    head = upload.read(_TEXT_SAMPLE_BYTES)
    upload.seek(0)
    try:
        if suffix == ".pdf":
            return head.startswith(b"%PDF-")
        if suffix in _OOXML_PART or suffix in _OPENDOCUMENT_MIMETYPE:
            return head.startswith(b"PK\x03\x04") and _package_matches(upload, suffix)
        if suffix in (".txt", ".csv"):
            return _is_text(head)
        return False
    finally:
        upload.seek(0)


def _package_matches(upload, suffix: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            if suffix in _OOXML_PART:
                return {"[Content_Types].xml", _OOXML_PART[suffix]} <= names
            if "mimetype" not in names:
                return False
            with package.open("mimetype") as mimetype:
                return mimetype.read(100).strip() == _OPENDOCUMENT_MIMETYPE[suffix]
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


def _is_text(head: bytes) -> bool:
    """UTF-8 text with no NUL byte (a character cut at the end of the sample is fine)."""
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3 and len(head) == _TEXT_SAMPLE_BYTES
    return True
