"""The printed plan (domain.md §4.3, §4.4), read back from the PDF bytes.

Text is read with ``pdftotext -raw`` (logical order, so Arabic reads as written) and with
PDFium; headings are compared with the document translator's own output, so these tests hold
before and after the catalogs are translated.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata

import pypdfium2
import pytest

from shelter_desktop import i18n
from shelter_desktop.domain.plans import (
    Action,
    Goal,
    Objective,
    PlanStatus,
    PlanVersion,
    PrintOptions,
    Responsible,
    Review,
)
from shelter_desktop.reports import service_plan as sp

TODAY = dt.date(2024, 3, 5)
ORGANISATION = "Maison Refuge Canari"
ADDRESS = "1234 Rue Secrète, Montréal"
LEGAL_NAME = "Josephine Quintero-Vale"
STATUS = "Refugee claimant pending"

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="pdftotext (poppler-utils) is not installed")


def make_plan(words: str = "I want a safe room of my own.", goals: int = 1,
              worker: str = "Anne Tremblay") -> PlanVersion:
    actions = (
        Action("a1", "Visit two rooms", Responsible.CLIENT, dt.date(2024, 3, 20)),
        Action("a2", "Call the housing office", Responsible.CASEWORKER),
        Action("a3", "Ask about my rights", Responsible.PARTNER, dt.date(2024, 3, 22),
               partner_description="legal appointment"),
        Action("a4", "Get a health card", Responsible.PARTNER),
    )
    return PlanVersion(
        id="v1", plan_id="p1", client_id="c1", version=2, status=PlanStatus.ACTIVE,
        goals=tuple(Goal(f"g{i}", "housing", 2, words, i,
                         (Objective("o1", "Find a room", dt.date(2024, 4, 1)),), actions)
                    for i in range(goals)),
        next_meeting=dt.datetime(2024, 3, 12, 14, 30), caseworker_first_name=worker,
        reviews=(Review("r1", TODAY, True, f"{ORGANISATION}, {ADDRESS}", "ok", ""),),
        change_reason=f"Moved to {ADDRESS}", created_by=ORGANISATION,
        created_at=dt.datetime(2024, 3, 5, 9, 0))


def render(plan: PlanVersion | None = None, name: str = "Maria", **options: object) -> bytes:
    restricted = {"legal_name": LEGAL_NAME, "immigration_status": STATUS}
    opts = PrintOptions(**{"language": "en", **options})  # type: ignore[arg-type]
    return sp.render_plan(plan or make_plan(), name, opts, today=TODAY, restricted=restricted)


def raw_text(pdf: bytes) -> str:
    """Logical-order text without the bidi embedding marks pdftotext adds, in NFKC."""
    out = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True,
                         check=True).stdout.decode("utf-8")
    out = re.sub("[\u202a-\u202e\u200e\u200f]", "", unicodedata.normalize("NFKC", out))
    return re.sub(r"[ \t]+", " ", out)


def pdfium_text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def skeleton(text: str) -> str:
    """Letters only: shaped scripts extract ligatures and reordered vowel signs imperfectly.

    Punctuation and private-use code points go too: text extraction moves a right-to-left
    line's final full stop and maps some shaped Gurmukhi glyphs to private-use characters.
    """
    # A virama joins the next consonant into one glyph (ਗ੍ਰ), which extracts as private-use.
    text = re.sub("[\u094d\u0a4d].", "", unicodedata.normalize("NFKC", text))
    return "".join(c for c in text
                   if unicodedata.category(c) not in ("Mn", "Mc", "Cf", "Zs", "Cc", "Co")
                   and not unicodedata.category(c).startswith("P") and not c.isspace())


def pieces(text: str) -> list[str]:
    """The words of ``text`` (a zero-width non-joiner splits a Persian word for extraction)."""
    return [skeleton(word) for word in text.replace("\u200c", " ").split() if skeleton(word)]


HEADINGS = (sp.TITLE, sp.GOALS, sp.NEXT_MEETING, sp.HELP_NOW, sp.RIGHTS, *sp.RIGHT_SENTENCES)


@needs_poppler
@pytest.mark.parametrize("code", i18n.SHIPPED_LANGUAGES)
def test_headings_are_in_the_document_language(code: str) -> None:
    tr = i18n.translator_for(code)
    text = skeleton(raw_text(render(language=code)))
    expected = [tr.gettext(h) for h in HEADINGS] + [sp.WHAT(tr), sp.BY_WHEN(tr), sp.SIGNATURE(tr)]
    expected.append(tr.gettext(sp.PAGE_OF).format(page=1, pages=1))
    for heading in expected:
        # Word by word: extraction keeps each word but not always their order across the
        # directional runs and line breaks of a right-to-left or shaped paragraph.
        missing = [word for word in pieces(heading) if word not in text]
        assert not missing, (code, heading, missing)
    assert skeleton(tr.format_date(TODAY, "long")) in text


def test_the_ui_language_does_not_leak_into_the_document() -> None:
    i18n.set_language("fr")
    try:
        assert pypdfium2.PdfDocument(render(language="en")).get_metadata_dict()["Title"] == (
            i18n.translator_for("en").gettext(sp.TITLE))
    finally:
        i18n.set_language("en")


def test_what_the_plan_must_show() -> None:
    text = pdfium_text(render())
    for expected in ("Maria", "Version 2", "March 5, 2024", "I want a safe room of my own.",
                     "Visit two rooms", "legal appointment", "A partner service", "Me",
                     "My worker", "Find a room, by April 1, 2024", "Tuesday, March 12, 2024",
                     "2:30", "As agreed", "Anne", "911", "1-833-900-1010",
                     "Signature or mark", "Interpreter",
                     "I interpreted this plan into English for the person named above."):
        assert expected in text, expected
    assert "Tremblay" not in text  # the caseworker's first name only


def _forms(secret: str) -> list[bytes]:
    return [secret.encode("ascii", "ignore"), secret.encode("latin-1", "ignore"),
            secret.encode("utf-8"), secret.encode("utf-16-be"),
            b"\xfe\xff" + secret.encode("utf-16-be")]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_discreet_mode_reveals_no_organisation_or_address(language: str) -> None:
    pdf = render(language=language, organisation_name=ORGANISATION)
    texts = [pdfium_text(pdf)] + ([raw_text(pdf)] if shutil.which("pdftotext") else [])
    metadata = pypdfium2.PdfDocument(pdf).get_metadata_dict()
    for secret in (ORGANISATION, ADDRESS, "Canari", "Secrète", LEGAL_NAME, STATUS):
        for text in texts:
            assert secret not in text
        for value in metadata.values():
            assert secret not in value
        for form in _forms(secret):
            assert form not in pdf
    assert metadata["Title"] == i18n.translator_for(language).gettext(sp.TITLE)
    for key in ("Author", "Creator", "Producer", "Subject", "Keywords"):
        assert metadata.get(key, "") == "", key


def test_without_discretion_the_organisation_heads_every_page() -> None:
    pdf = render(make_plan(goals=8), discreet=False, organisation_name=ORGANISATION)
    pages = [page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(pdf)]
    assert len(pages) > 1 and all(ORGANISATION in page for page in pages)
    assert ADDRESS not in "".join(pages)


def test_restricted_items_appear_only_when_included() -> None:
    tr = i18n.translator_for("en")
    text = pdfium_text(render(include=frozenset({"legal_name"})))
    assert LEGAL_NAME in text and tr.gettext(sp.INCLUDED) in text
    assert STATUS not in text
    text = pdfium_text(render())
    assert LEGAL_NAME not in text and tr.gettext(sp.INCLUDED) not in text
    with pytest.raises(ValueError):
        render(include=frozenset({"police_report"}))


def test_every_page_says_page_x_of_y() -> None:
    tr = i18n.translator_for("en")
    document = pypdfium2.PdfDocument(render(make_plan(goals=8)))
    total = len(document)
    assert total >= 3
    for number, page in enumerate(document, start=1):
        expected = tr.gettext(sp.PAGE_OF).format(page=number, pages=total)
        assert expected in page.get_textpage().get_text_range()


@needs_poppler
def test_a_latin_name_inside_arabic_keeps_its_logical_order() -> None:
    words = "أريد أن أتحدث مع Maria Lopez كل أسبوع"
    text = raw_text(render(make_plan(words), name="أمينة", language="ar"))
    assert words in text
    assert "أمينة" in text


@needs_poppler
def test_persian_goal_reads_back_in_order() -> None:
    words = "می‌خواهم یک اتاق امن داشته باشم"
    text = raw_text(render(make_plan(words), name="مریم", language="fa"))
    # pdftotext splits a word at its zero-width non-joiner (the page shows it whole, in order),
    # so the order is checked on the words after it.
    assert "یک اتاق امن داشته باشم" in text
    assert "خواهم" in text and "می" in text


@pytest.mark.parametrize(("language", "words", "probe"), [
    ("zh_Hans", "我想要一个属于自己的安全房间。", "我想要一个属于自己的安全房间。"),
    ("ko", "나만의 안전한 방을 원해요.", "나만의 안전한 방을 원해요."),
    ("pa", "ਮੈਂ ਆਪਣਾ ਸੁਰੱਖਿਅਤ ਕਮਰਾ ਚਾਹੁੰਦੀ ਹਾਂ।", "ਆਪਣਾ"),
    ("en", "ᓀᐦᐃᔭᐍᐏᐣ ᑲᓇᑕ", "ᓀᐦᐃᔭᐍᐏᐣ ᑲᓇᑕ"),
])
def test_every_script_is_present(language: str, words: str, probe: str) -> None:
    text = pdfium_text(render(make_plan(words), language=language))
    assert probe in text
    if language == "pa":
        assert "ਕਮਰਾ" in text


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler) is missing")
@pytest.mark.parametrize(("language", "words"), [
    ("en", "I want a room"), ("ar", "أريد غرفة مع Maria"), ("pa", "ਮੈਂ ਕਮਰਾ ਚਾਹੁੰਦੀ ਹਾਂ"),
    ("zh_Hans", "我想要房间"), ("ko", "방을 원해요"), ("en", "ᓀᐦᐃᔭᐍᐏᐣ"),
])
def test_every_font_is_embedded(language: str, words: str) -> None:
    pdf = render(make_plan(words), language=language, second_language="fr")
    out = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=False)
    if out.returncode != 0:  # older poppler cannot read stdin
        pytest.skip("pdffonts cannot read from stdin")
    rows = out.stdout.decode().splitlines()[2:]
    assert rows
    for row in rows:
        columns = row.split()
        assert columns[-5] == "yes", row  # emb


@needs_poppler
def test_bilingual_plan_sets_each_paragraph_beside_its_translation() -> None:
    en, fr = i18n.translator_for("en"), i18n.translator_for("fr")
    pdf = render(language="fr", second_language="en")
    layout = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                            check=True).stdout.decode()
    for msgid in (sp.GOALS, sp.NEXT_MEETING, sp.RIGHT_SENTENCES[0]):
        line = next(line for line in layout.splitlines() if fr.gettext(msgid) in line)
        assert en.gettext(msgid) in line.replace(fr.gettext(msgid), "", 1) or (
            line.count(en.gettext(msgid)) >= 2)
    assert line.index(fr.gettext(msgid)) < line.rindex(en.gettext(msgid))


def test_closing_punctuation_of_arabic_script_words_moves_to_the_reading_end() -> None:
    """reportlab lays a word's runs out left to right; the stop must print on the left."""
    assert sp.rtl_punctuation("يمكنك تغيير هذه الخطة أو إيقافها.") == (
        "يمكنك تغيير هذه الخطة أو .إيقافها")
    assert sp.rtl_punctuation("سؤال؟ جواب: نعم") == "؟سؤال :جواب نعم"
    assert sp.rtl_punctuation("مع Maria Lopez.") == "مع Maria Lopez."  # a Latin word keeps it
