"""What is done to an uploaded photo: checked, its credits read, its renditions made.

Plain Python over Pillow, with bytes in and plain data out: nothing here touches the
database or the storage. ``images.services`` stores what it returns.
"""

import io
import re
import struct
import warnings
import xml.etree.ElementTree as ET  # noqa: S405 -- packets with a DTD are refused first
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, IptcImagePlugin, UnidentifiedImageError

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000
# Pillow's own guard against decompression bombs, at our limit (it raises at twice it).
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

# The formats we accept, with the file name endings each may carry.
FORMATS = {
    "JPEG": (".jpg", ".jpeg"),
    "PNG": (".png",),
    "WEBP": (".webp",),
    "GIF": (".gif",),
}
ACCEPTED = "JPEG, PNG, WebP or GIF"

# Rendition widths, never wider than the original; the share card for social networks.
WIDTHS = (480, 800, 1200, 1600)
SHARE_SIZE = (1200, 630)
JPEG_QUALITY = 82
WEBP_QUALITY = 80


def _refuse(message, code):
    raise ValidationError({"file": ValidationError(message, code=code)})


@dataclass
class Checked:
    """An upload that passed every check: its real format, size and decoded picture."""

    format: str
    extension: str
    width: int
    height: int
    picture: Image.Image = field(repr=False)


def check(upload):
    """Open ``upload`` (a Django ``File``) as an image we accept, or raise ``ValidationError``
    (on ``file``) saying what is wrong with it. Nothing is stored."""
    size = upload.size
    if size is None or size == 0:
        _refuse("The file is empty.", "empty")
    if size > MAX_BYTES:
        _refuse(
            f"The file is {size / (1024 * 1024):.1f} MB: images may be at most "
            f"{MAX_BYTES // (1024 * 1024)} MB. Export a smaller JPEG.",
            "too_large",
        )
    extension = PurePath(upload.name or "").suffix.lower()
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if extension == ".svg" or re.search(rb"<svg[\s>]", head, re.IGNORECASE):
        _refuse("SVG is not accepted: upload a PNG or JPEG.", "svg")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                kind = probe.format
                width, height = probe.size
                if kind not in FORMATS:
                    _refuse(f"{kind} images are not accepted: upload a {ACCEPTED} file.", "format")
                _check_pixels(width, height)
                probe.verify()
            upload.seek(0)
            picture = Image.open(upload)
            picture.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _refuse(_pixels_message(), "too_many_pixels")
    except UnidentifiedImageError:
        _refuse(f"The file is not an image we can read: upload a {ACCEPTED} file.", "not_image")
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
        _refuse(
            "The image is damaged or incomplete (perhaps cut short in transfer): "
            f"export it again and upload the new file. ({error})",
            "damaged",
        )
    if extension not in FORMATS[kind]:
        named = extension or "no ending"
        _refuse(
            f"The file is named with {named} but it is a {kind} image: rename it "
            f"{FORMATS[kind][0]} and upload it again.",
            "extension",
        )
    return Checked(kind, FORMATS[kind][0], width, height, picture)


def _pixels_message():
    return (
        f"The image has more than {MAX_PIXELS // 1_000_000} megapixels: "
        "resize it (the site never shows more than 1600 pixels wide) and upload it again."
    )


def _check_pixels(width, height):
    if width * height > MAX_PIXELS:
        _refuse(_pixels_message(), "too_many_pixels")


# -- credits from the file -------------------------------------------------------------

IPTC_BYLINE, IPTC_CREDIT, IPTC_COPYRIGHT, IPTC_CAPTION = (2, 80), (2, 110), (2, 116), (2, 120)
# The IPTC coded character set record (1:90): ESC % G is UTF-8.
IPTC_CHARSET, IPTC_UTF8 = (1, 90), b"\x1b%G"

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
}


def credits(picture):
    """The caption, credit and copyright the agency put in the file (IPTC and XMP), each
    "" when absent. XMP is read first: it is Unicode, where IPTC often is not."""
    iptc, xmp = _iptc(picture), _xmp(picture)
    byline = xmp.get("creator") or iptc.get("byline", "")
    credit = xmp.get("credit") or iptc.get("credit", "")
    if byline and credit and byline.casefold() not in credit.casefold():
        credit = f"{byline}/{credit}"  # as agencies print it: "Kim Hong-Ji/Reuters"
    return {
        "caption": xmp.get("caption") or iptc.get("caption", ""),
        "credit": credit or byline,
        "copyright": xmp.get("copyright") or iptc.get("copyright", ""),
    }


def _text(value, utf8):
    if isinstance(value, list):
        value = value[0] if value else b""
    if utf8:
        return value.decode("utf-8", "replace").strip()
    try:
        return value.decode("utf-8").strip()
    except UnicodeDecodeError:
        return value.decode("latin-1").strip()


def _iptc(picture):
    try:
        info = IptcImagePlugin.getiptcinfo(picture) or {}
    except Exception:  # noqa: BLE001 -- a malformed block means no credits, not a refusal
        return {}
    utf8 = _text(info.get(IPTC_CHARSET, b""), False).encode() == IPTC_UTF8
    fields = {
        "byline": IPTC_BYLINE,
        "credit": IPTC_CREDIT,
        "copyright": IPTC_COPYRIGHT,
        "caption": IPTC_CAPTION,
    }
    return {name: _text(info[key], utf8) for name, key in fields.items() if info.get(key)}


def _xmp_packet(picture):
    packet = picture.info.get("xmp") or picture.info.get("XML:com.adobe.xmp") or b""
    if isinstance(packet, str):
        packet = packet.encode("utf-8")
    return packet


def _xmp(picture):
    packet = _xmp_packet(picture)
    # A document type could declare entities (and expand them without end): no XMP
    # packet needs one, so a packet that has one is ignored.
    if not packet or b"<!DOCTYPE" in packet.upper() or b"<!ENTITY" in packet.upper():
        return {}
    packet = packet.strip(b"\x00 \r\n\t")
    try:
        root = ET.fromstring(packet)  # noqa: S314 -- no DTD, so no entities to expand
    except ET.ParseError:
        return {}
    found = {}
    for description in root.iter(f"{{{NS['rdf']}}}Description"):
        for name, tag in (
            ("caption", "dc:description"),
            ("copyright", "dc:rights"),
            ("creator", "dc:creator"),
            ("credit", "photoshop:Credit"),
        ):
            if name in found:
                continue
            prefix, local = tag.split(":")
            qualified = f"{{{NS[prefix]}}}{local}"
            value = description.get(qualified)
            if value is None:
                element = description.find(qualified)
                if element is not None:
                    value = _xmp_value(element)
            if value and value.strip():
                found[name] = value.strip()
    return found


def _xmp_value(element):
    """The text of a simple property, or of an Alt's x-default (else first) or a Seq's
    items joined with commas."""
    items = element.findall(".//rdf:li", NS)
    if not items:
        return element.text or ""
    for item in items:
        if item.get("{http://www.w3.org/XML/1998/namespace}lang") == "x-default":
            return item.text or ""
    if element.find("rdf:Seq", NS) is not None or element.find("rdf:Bag", NS) is not None:
        return ", ".join(item.text.strip() for item in items if item.text and item.text.strip())
    return items[0].text or ""


# -- renditions ------------------------------------------------------------------------


@dataclass
class Rendition:
    kind: str  # "jpeg", "webp" or "share"
    width: int
    height: int
    extension: str
    content: bytes = field(repr=False)


def upright(picture):
    """The picture the right way up (EXIF orientation), in RGB, or RGBA if it has
    transparency: CMYK, palette, grey and 16-bit pictures are converted."""
    picture = ImageOps.exif_transpose(picture)
    if picture.mode == "P":
        picture = picture.convert("RGBA" if "transparency" in picture.info else "RGB")
    elif picture.mode in ("LA", "PA", "La"):
        picture = picture.convert("RGBA")
    elif picture.mode == "CMYK":
        # Adobe's CMYK JPEGs are stored inverted; Pillow reads them the right way round.
        picture = picture.convert("RGB")
    elif picture.mode.startswith("I") or picture.mode == "F":
        picture = ImageOps.autocontrast(picture.convert("I").point(lambda v: v / 256)).convert(
            "RGB"
        )
    elif picture.mode not in ("RGB", "RGBA"):
        picture = picture.convert("RGB")
    return picture


def widths_for(width):
    """The rendition widths for an original ``width`` pixels wide: the standard ones
    narrower than it, and it (up to the widest)."""
    chosen = [w for w in WIDTHS if w < width]
    top = min(width, WIDTHS[-1])
    if top not in chosen:
        chosen.append(top)
    return chosen


def _flatten(picture):
    """For JPEG, which has no transparency: the picture over white."""
    if picture.mode != "RGBA":
        return picture
    background = Image.new("RGB", picture.size, (255, 255, 255))
    background.paste(picture, mask=picture.getchannel("A"))
    return background


def _encode(picture, kind):
    # A fresh picture carries no metadata (EXIF with its GPS position, XMP, comments).
    picture.info = {}
    buffer = io.BytesIO()
    if kind == "webp":
        picture.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        _flatten(picture).save(
            buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True
        )
    return buffer.getvalue()


def renditions(picture):
    """The resized copies of ``picture`` (already upright): each width in WebP and JPEG,
    and the share card, cropped to fill 1200×630 around the centre."""
    made = []
    width, height = picture.size
    for target in widths_for(width):
        size = (target, max(1, round(height * target / width)))
        resized = picture if size == picture.size else picture.resize(size, Image.LANCZOS)
        for kind, extension in (("webp", ".webp"), ("jpeg", ".jpg")):
            made.append(Rendition(kind, *size, extension, _encode(resized.copy(), kind)))
    card = ImageOps.fit(picture, SHARE_SIZE, Image.LANCZOS, centering=(0.5, 0.5))
    made.append(Rendition("share", *SHARE_SIZE, ".jpg", _encode(card, "jpeg")))
    return made
