"""Real image files made with Pillow, for upload tests."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def image_bytes(fmt: str = "PNG", size=(40, 30), color=(200, 40, 40), exif: Image.Exif | None = None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def upload(data: bytes, name: str = "photo.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg_with_gps_and_rotation() -> bytes:
    """A 40×30 JPEG tagged 'rotate 90°' with GPS coordinates and a camera owner name."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x013B] = "Artist Name"  # Artist
    exif[GPS_IFD] = {1: "S", 2: (12.0, 2.0, 45.0), 3: "W", 4: (77.0, 1.0, 42.0)}
    return image_bytes("JPEG", size=(40, 30), exif=exif)


def png_bomb(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width`×`height` pixels: a decompression bomb."""
    data = bytearray(image_bytes("PNG", size=(1, 1)))
    # IHDR chunk: 8-byte signature, 4-byte length, b"IHDR", then width and height.
    ihdr_start = 8 + 4
    data[ihdr_start + 4 : ihdr_start + 12] = struct.pack(">II", width, height)
    chunk = bytes(data[ihdr_start : ihdr_start + 4 + 13])
    data[ihdr_start + 17 : ihdr_start + 21] = struct.pack(">I", zlib.crc32(chunk))
    return bytes(data)
