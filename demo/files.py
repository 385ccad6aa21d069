"""Wagtail documents for the demo, from files in `demo/data/files/`: kept as text in the
repository, and slides written out as PDF when the demo loads."""

from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from .loader import DATA_DIR, DemoDataError

FILES_DIR = DATA_DIR / "files"
PAGE_WIDTH, PAGE_HEIGHT = 842, 595  # A4 landscape, in points


def document(title, filename, key):
    """The document titled `title`, made from `files/<filename>` if the site lacks it."""
    path = FILES_DIR / filename
    if not path.is_file():
        raise DemoDataError(key, f"no file demo/data/files/{filename}")
    existing = Document.objects.filter(title=title).first()
    if existing is not None:
        return existing
    return Document.objects.create(title=title, file=ContentFile(path.read_bytes(), name=path.name))


def slides_document(title, filename, key):
    """Slides kept as text (a "# " line starts a slide, other lines are its points),
    published as a PDF with one page per slide."""
    path = FILES_DIR / filename
    if not path.is_file():
        raise DemoDataError(key, f"no file demo/data/files/{filename}")
    existing = Document.objects.filter(title=title).first()
    if existing is not None:
        return existing
    slides = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            slides.append((line[2:].strip(), []))
        elif line.strip():
            if not slides:
                raise DemoDataError(key, f"{filename}: the first line must start a slide (# )")
            slides[-1][1].append(line.strip())
    pdf = pdf_of(title, slides)
    return Document.objects.create(title=title, file=ContentFile(pdf, name=f"{path.stem}.pdf"))


def _text(value):
    data = value.encode("cp1252", errors="replace").decode("latin-1")
    return data.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_of(title, slides):
    """A text PDF (standard Helvetica, so nothing is embedded): a slide's title, then its
    points, one line each."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        None,  # the page tree, once the pages are numbered
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        f"<< /Title ({_text(title)}) /Producer (TwinHub demo) >>",
    ]
    pages = []
    for heading, points in slides:
        lines = [f"BT /F2 30 Tf 60 {PAGE_HEIGHT - 90} Td ({_text(heading)}) Tj ET"]
        y = PAGE_HEIGHT - 160
        for point in points:
            lines.append(f"BT /F1 20 Tf 80 {y} Td ({_text('- ' + point)}) Tj ET")
            y -= 40
        stream = "\n".join(lines)
        objects.append(
            f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream"
        )
        content = len(objects)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {content} 0 R >>"
        )
        pages.append(len(objects))
    kids = " ".join(f"{number} 0 R" for number in pages)
    objects[1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 5 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)
