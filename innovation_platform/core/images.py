"""The one image pipeline every upload goes through.

An upload is accepted only if it is a JPEG, PNG or WebP within the byte and pixel
limits. The pixel count is checked from the header before any decoding, which is
what stops decompression bombs. The stored file is re-encoded from pixel data
alone: orientation applied, EXIF (GPS included) and every other metadata dropped.
"""

import io
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format name -> (file extension, MIME type)
ALLOWED_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
ACCEPT_ATTRIBUTE = ",".join(mime for _ext, mime in ALLOWED_FORMATS.values())


@dataclass(frozen=True)
class Thumbnail:
    width: int
    height: int
    crop: bool  # True: fill the box exactly (avatars); False: fit inside it (logos)


AVATAR_THUMBNAIL = Thumbnail(256, 256, crop=True)
LOGO_THUMBNAIL = Thumbnail(320, 200, crop=False)
COVER_THUMBNAIL = Thumbnail(480, 270, crop=True)  # a card is at most ~320 px wide: 1.5x, within the page budget
GALLERY_THUMBNAIL = Thumbnail(400, 300, crop=True)


def clean_image(upload, *, max_bytes: int | None = None, max_pixels: int | None = None) -> ContentFile:
    """Validate an uploaded file and return a clean re-encoded copy, or raise ValidationError."""
    max_bytes = max_bytes or settings.IMAGE_UPLOAD_MAX_BYTES
    max_pixels = max_pixels or settings.IMAGE_UPLOAD_MAX_PIXELS
    if upload.size > max_bytes:
        raise ValidationError(
            _("The image is %(size)s; the largest allowed is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(_("Upload a JPEG, PNG or WebP image."), code="invalid_format")
            width, height = image.size
            if width * height > max_pixels:
                raise _too_many_pixels(width, height, max_pixels)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own guard fired while reading the header: far beyond any limit of ours.
        raise ValidationError(
            _("The image has far too many pixels; the largest allowed is %(limit)s megapixels.")
            % {"limit": max_pixels // 1_000_000},
            code="too_many_pixels",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG or WebP image."),
            code="invalid_image",
        ) from None

    extension, _mime = ALLOWED_FORMATS[image.format]
    data = _encode(_without_metadata(ImageOps.exif_transpose(image)), image.format)
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{extension}")


# Formats of images embedded in office documents that are re-encoded in their own format besides ours.
EMBEDDED_FORMATS = (*ALLOWED_FORMATS, "GIF", "TIFF", "BMP")


def reencoded_without_metadata(data: bytes, *, max_pixels: int | None = None) -> bytes | None:
    """The image re-encoded in its own format from pixel data alone (EXIF, GPS, XMP, comments dropped), for
    images embedded in documents: orientation is left as drawn, since the document sizes the image.

    None when the bytes are no image Pillow re-encodes (a vector drawing, say); ValueError when an image
    cannot be decoded or has too many pixels, since its metadata could not be left behind.
    """
    max_pixels = max_pixels or settings.IMAGE_UPLOAD_MAX_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            return None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValueError(f"image: {error}") from error
        if image.format not in EMBEDDED_FORMATS:
            return None
        if image.width * image.height > max_pixels:
            raise ValueError("image: too many pixels")
        try:
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning, OSError, SyntaxError) as error:
            raise ValueError(f"image: {error}") from error
    if image.format in ALLOWED_FORMATS:
        return _encode(_without_metadata(image), image.format)
    buffer = io.BytesIO()
    _without_metadata(image).save(buffer, image.format)
    return buffer.getvalue()


# JPEG markers of the segments that carry metadata: APP1–APP13 and APP15 (EXIF, XMP, IPTC, vendors' notes) and
# COM. APP0 (JFIF) and APP14 (Adobe: how to read the colours) stay.
JPEG_METADATA_MARKERS = {*range(0xE1, 0xEE), 0xEF, 0xFE}
JPEG_START_OF_SCAN = 0xDA


def jpeg_without_metadata(data: bytes) -> bytes:
    """The JPEG without its metadata segments, its compressed pixels untouched (for JPEG streams inside PDFs,
    whose colour conventions a re-encoding could change). ValueError when the segments cannot be followed."""
    if not data.startswith(b"\xff\xd8"):
        raise ValueError("not a JPEG")
    kept, position = bytearray(data[:2]), 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            raise ValueError("JPEG: a segment does not start with a marker")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == JPEG_START_OF_SCAN:
            return bytes(kept + data[position:])
        end = position + 2 + int.from_bytes(data[position + 2 : position + 4], "big")
        if marker not in JPEG_METADATA_MARKERS:
            kept += data[position:end]
        position = end
    raise ValueError("JPEG: no image data")


def make_thumbnail(source: ContentFile, box: Thumbnail) -> ContentFile:
    """A small WebP rendition for lists and cards (light on slow connections)."""
    source.seek(0)
    with Image.open(source) as image:
        image.load()
        if box.crop:
            thumb = ImageOps.fit(image, (box.width, box.height), Image.Resampling.LANCZOS)
        else:
            thumb = image.copy()
            thumb.thumbnail((box.width, box.height), Image.Resampling.LANCZOS)
    if thumb.mode not in ("RGB", "RGBA"):
        thumb = thumb.convert("RGBA")
    buffer = io.BytesIO()
    thumb.save(buffer, "WEBP", quality=80, method=4)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.webp")


def store_image(instance: Model, field: str, thumbnail_field: str, image: ContentFile | None, box: Thumbnail) -> None:
    """Set (or clear, with None) an image and its thumbnail on an unsaved change.

    The files replaced are deleted from storage once the transaction commits, so a
    rolled-back change never leaves a record pointing at a missing file.
    """
    old_names = [getattr(instance, name).name for name in (field, thumbnail_field)]
    if image is None:
        setattr(instance, field, None)
        setattr(instance, thumbnail_field, None)
    else:
        setattr(instance, field, image)
        setattr(instance, thumbnail_field, make_thumbnail(image, box))
    storage = getattr(instance, field).storage
    stale = [name for name in old_names if name]
    if stale:
        transaction.on_commit(lambda: [storage.delete(name) for name in stale])


def _too_many_pixels(width: int, height: int, limit: int) -> ValidationError:
    return ValidationError(
        _("The image is %(width)s×%(height)s pixels; the largest allowed is %(limit)s megapixels.")
        % {"width": width, "height": height, "limit": limit // 1_000_000},
        code="too_many_pixels",
    )


def _without_metadata(image: Image.Image) -> Image.Image:
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        has_alpha = image.mode in ("PA", "La", "RGBa") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def _encode(image: Image.Image, image_format: str) -> bytes:
    buffer = io.BytesIO()
    if image_format == "JPEG":
        image = image.convert("RGB") if image.mode != "L" else image
        image.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    elif image_format == "PNG":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.save(buffer, "WEBP", quality=85)
    return buffer.getvalue()
