"""Issue 9 §4: uploads are bounded while they arrive, and a file is what its content
says, not only its name: a form error naming `file` otherwise."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils import timezone

from directory.choices import Role
from governance import services, storage
from governance.models import Paper
from tests.conftest import person
from tests.governance.conftest import meeting_of

pytestmark = pytest.mark.django_db

NCA = "National Crime Agency"


@pytest.fixture
def secretariat(db):
    return person("secretariat", NCA, Role.SECRETARIAT)


@pytest.fixture
def agenda_item(secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    meeting = meeting_of(
        "nttcg", starts_at=timezone.now().replace(microsecond=0) + datetime.timedelta(days=7)
    )
    return services.agenda_item_add(actor=secretariat, meeting=meeting, title="Threat update")


def package(**parts) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = package(**{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = package(**{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT = package(mimetype="application/vnd.oasis.opendocument.text", **{"content.xml": "<x/>"})


def attach(secretariat, agenda_item, name, content):
    return services.paper_add(
        actor=secretariat,
        agenda_item=agenda_item,
        title="Annex",
        marking="official",
        upload=SimpleUploadedFile(name, content),
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("annex.pdf", b"%PDF-1.7\n%binary"),
        ("annex.docx", DOCX),
        ("annex.xlsx", XLSX),
        ("annex.odt", ODT),
        ("annex.txt", "Plain notes, in UTF-8: café.".encode()),
        ("annex.csv", b"force,count\nKent,3\n"),
    ],
)
def test_a_file_whose_content_is_what_its_name_says_is_kept(
    secretariat, agenda_item, name, content
):
    paper = attach(secretariat, agenda_item, name, content)
    assert paper.file.read() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("annex.pdf", b"MZ\x90\x00 a Windows program renamed"),
        ("annex.pdf", b"<html><script>alert(1)</script>"),
        ("annex.docx", XLSX),
        ("annex.docx", b"PK\x03\x04 not really a zip"),
        ("annex.xlsx", package(**{"[Content_Types].xml": "<Types/>"})),
        ("annex.odt", package(mimetype="application/x-msdownload")),
        ("annex.txt", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("annex.csv", b"\xff\xfe\x00\x00binary"),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused_on_file(
    secretariat, agenda_item, name, content
):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        attach(secretariat, agenda_item, name, content)
    assert list(refused.value.message_dict) == ["file"]
    assert "content is not a" in refused.value.message_dict["file"][0]
    assert not Paper.objects.exists()


def test_the_paper_page_names_the_file_field_for_a_disguised_file(client, secretariat, agenda_item):
    client.force_login(secretariat)
    page = client.post(
        f"/governance/agenda-items/{agenda_item.pk}/papers/",
        {"title": "Annex", "marking": "official",
         "file": SimpleUploadedFile("annex.pdf", b"MZ\x90\x00 program")},
    )  # fmt: skip
    assert page.status_code == 400
    assert "The file&#x27;s content is not a .pdf file" in page.content.decode()


class KeepingHandler(FileUploadHandler):
    """Stands for the handlers that keep a file (memory, a temporary file): it counts
    the bytes it is given."""

    kept = 0

    def receive_data_chunk(self, raw_data, start):
        KeepingHandler.kept += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return SimpleUploadedFile(self.file_name, b"")


@pytest.fixture
def small_limit(monkeypatch, settings):
    """A 200 KiB limit stands for 20 MiB, so that the test sends 1 MiB, not 200 MB."""
    monkeypatch.setattr(storage, "UPLOAD_MAX_BYTES", 200 * 1024)
    monkeypatch.setattr(services.meetings, "PAPER_MAX_BYTES", 200 * 1024)
    settings.FILE_UPLOAD_HANDLERS = [
        "governance.storage.BoundedUploadHandler",
        "tests.security.test_uploads.KeepingHandler",
    ]
    KeepingHandler.kept = 0


def test_an_upload_past_the_limit_is_not_kept_past_it_and_the_form_says_so(
    client, secretariat, agenda_item, small_limit
):
    client.force_login(secretariat)
    too_big = b"%PDF-1.7\n" + b"x" * (1024 * 1024)
    page = client.post(
        f"/governance/agenda-items/{agenda_item.pk}/papers/",
        {"title": "Annex", "marking": "official", "file": SimpleUploadedFile("a.pdf", too_big)},
    )
    assert page.status_code == 400
    assert "The file must be smaller than 20 MB." in page.content.decode()
    # Only what arrived before the limit was passed on (chunks are 64 KiB).
    assert KeepingHandler.kept <= 200 * 1024 + 64 * 1024
    assert not Paper.objects.exists()


def test_a_request_larger_than_any_form_is_refused_before_it_is_read(
    client, secretariat, agenda_item, small_limit, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024
    client.force_login(secretariat)
    response = client.post(
        f"/governance/agenda-items/{agenda_item.pk}/papers/",
        {"title": "Annex", "marking": "official",
         "file": SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * 300 * 1024)},
    )  # fmt: skip
    assert response.status_code == 400
    assert KeepingHandler.kept == 0
    assert not Paper.objects.exists()


def test_the_settings_keep_large_files_out_of_memory_and_count_uploads_first(settings):
    assert settings.FILE_UPLOAD_HANDLERS[0] == "governance.storage.BoundedUploadHandler"
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * 1024 * 1024
    assert storage.request_max_bytes() == (
        storage.UPLOAD_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )
