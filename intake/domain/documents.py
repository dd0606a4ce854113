"""What an uploaded document is, judged from its first bytes, never from its name or the type
the browser claimed; and the kinds of document the intake asks for.

The signatures: JPEG (FF D8 FF), PNG (89 50 4E 47 0D 0A 1A 0A), HEIC/HEIF (an ISO base media
`ftyp` box at byte 4 whose brand is one of HEIF's), PDF (`%PDF-`). See the file-signature table
of Gary Kessler (https://www.garykessler.net/library/file_sigs.html) and ISO/IEC 23008-12.
"""

from dataclasses import dataclass
from enum import StrEnum


class FileKind(StrEnum):
    JPEG = "jpeg"
    PNG = "png"
    HEIC = "heic"
    PDF = "pdf"


# The HEIF brands a phone camera writes (HEIC stills and sequences, and plain HEIF).
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
# How many first bytes `sniff` needs.
SNIFF_BYTES = 16


def sniff(head: bytes) -> FileKind | None:
    """The kind of file these first bytes start, or None when it is none we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return FileKind.HEIC
    if head.startswith(b"%PDF-"):
        return FileKind.PDF
    return None


def is_image(kind: FileKind) -> bool:
    return kind is not FileKind.PDF


@dataclass(frozen=True)
class DocumentSlot:
    key: str
    label: str  # marked for translation where shown
    camera: bool  # a phone opens its camera for it
    images_only: bool


def _(message: str) -> str:
    return message


SLOTS = (
    DocumentSlot("card_front", _("Insurance card, front"), camera=True, images_only=False),
    DocumentSlot("card_back", _("Insurance card, back"), camera=True, images_only=False),
    DocumentSlot("photo_id", _("Photo ID (for example a driver's license)"), True, False),
    DocumentSlot("referral", _("Referral letter or outside records (optional)"), False, False),
)
SLOT_KEYS = tuple(slot.key for slot in SLOTS)


def too_many(already: int, adding: int, limit: int) -> bool:
    return already + adding > limit
