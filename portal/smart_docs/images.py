"""Product images: only real PNG, JPEG or WebP (proved by decoding), re-encoded, randomly named.

Re-encoding drops metadata (EXIF with GPS, comments) and guarantees the stored bytes are
exactly an image, whatever else the upload carried. Files live under instance/uploads/.
"""
import io
import os
import re
import secrets
import warnings
from pathlib import Path

from flask import current_app
from PIL import Image, UnidentifiedImageError

FORMATS = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg"), "WEBP": ("webp", "image/webp")}
MIMETYPES = {ext: mime for ext, mime in FORMATS.values()}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_PIXELS = 25_000_000
NAME_RE = re.compile(r"^[0-9a-f]{32}\.(png|jpg|webp)$")


class ImageRejected(ValueError):
    """An upload that is not an acceptable image; the message is shown to the user."""


def upload_dir() -> Path:
    """Where product images are kept (SMART_DOCS_UPLOAD_DIR, else instance/uploads/products)."""
    configured = current_app.config.get("SMART_DOCS_UPLOAD_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "uploads" / "products"


def _limits() -> tuple[int, int]:
    config = current_app.config
    return (
        int(config.get("SMART_DOCS_IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES)),
        int(config.get("SMART_DOCS_IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS)),
    )


def decode_image(stream) -> tuple[bytes, str]:
    """Read an upload and return (re-encoded bytes, extension), or raise ImageRejected."""
    max_bytes, max_pixels = _limits()
    data = stream.read(max_bytes + 1)
    if not data:
        raise ImageRejected("Файл пуст.")
    if len(data) > max_bytes:
        raise ImageRejected(f"Файл больше {max_bytes // (1024 * 1024)} МБ.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                kind = probe.format
                width, height = probe.size
                if kind not in FORMATS:
                    raise ImageRejected("Допустимы только изображения PNG, JPEG или WebP.")
                if width * height > max_pixels:
                    raise ImageRejected(f"Слишком большое изображение: {width}×{height} пикселей.")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                return _reencode(image, kind), FORMATS[kind][0]
    except ImageRejected:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected("Файл не является изображением PNG, JPEG или WebP.") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ImageRejected("Изображение повреждено и не читается.") from None


def _reencode(image: Image.Image, kind: str) -> bytes:
    """Write the decoded pixels afresh in the same format, without metadata."""
    out = io.BytesIO()
    if kind == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90)
    elif kind == "WEBP":
        image.save(out, "WEBP", quality=90)
    else:
        image.save(out, "PNG")
    return out.getvalue()


def store_image(data: bytes, ext: str) -> str:
    """Write the bytes under a random name (written aside, then renamed) and return the name."""
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{ext}"
    temporary = folder / (name + ".part")
    temporary.write_bytes(data)
    os.replace(temporary, folder / name)
    return name


def image_path(name: str | None) -> Path | None:
    """The file of a stored image name (names are ours; anything else resolves to nothing)."""
    if not name or not NAME_RE.match(name):
        return None
    path = upload_dir() / name
    return path if path.is_file() else None


def discard_image(name: str | None) -> None:
    """Remove a stored image file, if it is there."""
    path = image_path(name)
    if path is not None:
        path.unlink(missing_ok=True)
