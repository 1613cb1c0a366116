"""The printed documents' typeface: a cut of the system's DejaVu Sans, with the full font behind it."""
import subprocess
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from portal.documents import fonts
from tests.test_documents_support import KAZAKH, pdf_text

KAZAKH_LATIN = "ÄäĞğÑñÖöŞşŪūÜüİı"


def _render(app, html: str) -> bytes:
    from portal.documents.render import html_to_pdf

    with app.test_request_context():
        return html_to_pdf(html)


def _pdf_fonts(pdf: bytes) -> list[str]:
    """Names of the fonts a PDF embeds, as poppler's pdffonts lists them."""
    result = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=False)
    if result.returncode != 0:  # older pdffonts read files only
        path = Path("/tmp") / f"fonts-{id(pdf)}.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True)
        path.unlink()
    lines = result.stdout.decode().splitlines()[2:]
    return [line.split()[0].split("+", 1)[-1] for line in lines if line.strip()]


@pytest.fixture(scope="module")
def regular_source() -> Path:
    source = fonts.system_font(fonts.FACES["normal"])
    assert source is not None, "fonts-dejavu-core is part of the set-up"
    return source


def test_the_cut_keeps_every_letter_documents_print_and_is_a_fraction_of_the_font(regular_source, tmp_path):
    data = fonts.cut(regular_source)
    (tmp_path / "cut.ttf").write_bytes(data)
    cmap = TTFont(tmp_path / "cut.ttf").getBestCmap()
    wanted = "Счёт на оплату № 1 000,50 ₸ «ТОО» — " + KAZAKH + KAZAKH.upper() + KAZAKH_LATIN + "\u202f"
    assert all(ord(char) in cmap for char in wanted), [char for char in wanted if ord(char) not in cmap]
    assert ord("≤") not in cmap  # outside the ranges: comes from the full font
    assert len(data) < regular_source.stat().st_size / 4
    assert "GPOS" in TTFont(tmp_path / "cut.ttf")  # kerning kept: text measures as with the full font


def test_documents_print_in_the_cut_and_fall_back_to_the_full_font_for_other_characters(app):
    plain = _render(app, "<html><body><p>Итого 1\u202f000,50 ₸ — " + KAZAKH + " <b>Жауапты</b></p></body></html>")
    assert set(_pdf_fonts(plain)) == {"DejaVu-Sans-Print", "DejaVu-Sans-Print-Bold"}
    assert KAZAKH in pdf_text(plain)

    rare = _render(app, "<html><body><p>Допуск ≤ 5 мм → ± 1</p></body></html>")
    assert "DejaVu-Sans" in _pdf_fonts(rare)  # the full system font, for ≤ and →
    assert "Допуск ≤ 5 мм → ± 1" in pdf_text(rare)


def test_the_cut_is_made_once_and_read_back_from_the_cache(regular_source, tmp_path, monkeypatch):
    first = fonts.cached_cut(regular_source, tmp_path)
    assert [path.suffix for path in tmp_path.iterdir()] == [".ttf"]

    def refuse(source):
        raise AssertionError("cut again although the cache holds it")

    monkeypatch.setattr(fonts, "cut", refuse)
    assert fonts.cached_cut(regular_source, tmp_path) == first


def test_an_unwritable_cache_still_gives_the_cut(regular_source, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    assert fonts.cached_cut(regular_source, blocked / "fonts") == fonts.cut(regular_source)


def test_without_dejavu_the_rules_are_empty_and_the_stylesheet_names_the_system_font(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "system_font", lambda pattern: None)
    assert fonts.font_face_rules.__wrapped__(str(tmp_path)) == ""
    css = (Path(fonts.__file__).parents[1] / "templates" / "pdf" / "pdf.css").read_text()
    assert f'font-family: "{fonts.FAMILY}", "DejaVu Sans", sans-serif' in css


def test_rules_carry_both_weights_as_data_uris(tmp_path):
    rules = fonts.font_face_rules.__wrapped__(str(tmp_path))
    assert rules.count("@font-face") == 2
    assert "font-weight: normal" in rules and "font-weight: bold" in rules
    assert rules.count("url(data:font/ttf;base64,") == 2


def test_a_substituted_font_is_not_taken_for_dejavu(monkeypatch):
    def other_font(*args, **kwargs):
        return subprocess.CompletedProcess(args, 0, stdout="/usr/share/fonts/x/Liberation.ttf\tLiberation Sans\tRegular")

    monkeypatch.setattr(fonts.subprocess, "run", other_font)
    assert fonts.system_font(fonts.FACES["normal"]) is None
