"""What every PDF the portal sends must be: tagged (PDF/UA-1), so that a screen reader
can follow it, with its language and its title."""

import io

from pypdf import PdfReader


def assert_tagged(pdf: bytes, *, title: str) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata.title.startswith(title)
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()
