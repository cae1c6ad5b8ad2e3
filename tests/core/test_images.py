import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image

from innovation_platform.core.images import AVATAR_THUMBNAIL, LOGO_THUMBNAIL, clean_image, make_thumbnail
from tests.images import GPS_IFD, image_bytes, jpeg_with_gps_and_rotation, png_bomb, upload


def open_clean(upload_file, **limits) -> Image.Image:
    cleaned = clean_image(upload_file, **limits)
    return Image.open(io.BytesIO(cleaned.read()))


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_allowed_formats_are_reencoded_in_the_same_format(fmt):
    image = open_clean(upload(image_bytes(fmt, size=(50, 20)), name=f"x.{fmt.lower()}"))

    assert (image.format, image.size) == (fmt, (50, 20))


def test_cleaned_file_gets_a_random_name_with_the_real_extension():
    cleaned = clean_image(upload(image_bytes("JPEG"), name="../../etc/passwd.png"))

    assert cleaned.name.endswith(".jpg")
    assert "/" not in cleaned.name


def test_orientation_is_applied_and_all_exif_including_gps_is_removed():
    original = Image.open(io.BytesIO(jpeg_with_gps_and_rotation()))
    assert original.getexif().get_ifd(GPS_IFD)  # the fixture really carries GPS

    image = open_clean(upload(jpeg_with_gps_and_rotation(), name="p.jpg", content_type="image/jpeg"))

    assert image.size == (30, 40)  # rotated by 90°
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info


def test_gif_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        clean_image(upload(image_bytes("GIF"), name="a.gif", content_type="image/gif"))

    assert error.value.code == "invalid_format"


@pytest.mark.parametrize("data", [b"%PDF-1.4 not an image", b"", image_bytes("JPEG")[:200]])
def test_files_that_are_not_readable_images_are_refused(data):
    with pytest.raises(ValidationError) as error:
        clean_image(upload(data or b"\x00", name="fake.png"))

    assert error.value.code == "invalid_image"


def test_oversized_file_is_refused_before_decoding():
    big = image_bytes("PNG", size=(300, 300))

    with pytest.raises(ValidationError) as error:
        clean_image(upload(big), max_bytes=len(big) - 1)

    assert error.value.code == "too_large"


def test_image_over_the_pixel_limit_is_refused():
    with pytest.raises(ValidationError) as error:
        clean_image(upload(image_bytes("PNG", size=(200, 100))), max_pixels=19_999)

    assert error.value.code == "too_many_pixels"


@pytest.mark.parametrize("side", [10_000, 30_000])
def test_decompression_bomb_is_refused_from_its_header(side):
    """A few hundred bytes claiming 100 or 900 megapixels never get decoded."""
    bomb = png_bomb(side, side)
    assert len(bomb) < 200

    with pytest.raises(ValidationError) as error:
        clean_image(upload(bomb, name="bomb.png"))

    assert error.value.code == "too_many_pixels"


def test_error_messages_are_translated():
    with translation.override("es"), pytest.raises(ValidationError) as error:
        clean_image(upload(image_bytes("GIF"), name="a.gif"))

    assert error.value.messages == ["Sube una imagen JPEG, PNG o WebP."]


def test_avatar_thumbnail_is_a_square_webp():
    cleaned = clean_image(upload(image_bytes("PNG", size=(400, 300))))

    thumb = Image.open(io.BytesIO(make_thumbnail(cleaned, AVATAR_THUMBNAIL).read()))

    assert (thumb.format, thumb.size) == ("WEBP", (256, 256))


def test_logo_thumbnail_keeps_the_aspect_ratio():
    cleaned = clean_image(upload(image_bytes("PNG", size=(640, 200))))

    thumb = Image.open(io.BytesIO(make_thumbnail(cleaned, LOGO_THUMBNAIL).read()))

    assert thumb.size == (320, 100)
