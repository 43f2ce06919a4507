"""Materials' text for the search (issue 14 §2): read from Word, Excel, PowerPoint, PDF and text
files at intake, bounded in characters, pages, unpacked bytes and time; a damaged, encrypted or
hostile file is taken in all the same, with no text and a note saying why."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from core.model import MaterialText
from core.office import Office
from core.services import material_text as mt
from core.text import text_problem
from tests.core.conftest import District
from tests.core.test_topic_service import submit

SENTENCE = "关于城区停车设施收费标准调整的请示（ＧＤＰ２０２６）"


def docx(*paragraphs: str) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "预算表"
    sheet.append(["项目", "金额（万元）"])
    sheet.append(["停车场改造", 1200])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def pptx(*slides: str) -> bytes:
    ns = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    return zipped({f"ppt/slides/slide{n}.xml": f'<p:sld {ns} xmlns:p="p"><a:p><a:t>{text}</a:t></a:p></p:sld>'.encode()
                   for n, text in enumerate(slides, 1)})


def pdf(text: str, *, pages: int = 1, encrypt: str | None = None) -> bytes:
    from reportlab.pdfgen import canvas

    from core.documents.fonts import Face, register

    font = register(Face.FANGSONG).reportlab_name
    out = io.BytesIO()
    page = canvas.Canvas(out, encrypt=encrypt)
    for _ in range(pages):
        page.setFont(font, 14)
        page.drawString(72, 720, text)
        page.showPage()
    page.save()
    return out.getvalue()


def test_word_excel_powerpoint_pdf_and_text_give_their_text() -> None:
    assert SENTENCE in mt.extract("请示.docx", docx("第一段", SENTENCE)).text
    sheet = mt.extract("预算.xlsx", xlsx())
    assert "预算表" in sheet.text and "停车场改造\t1200" in sheet.text and sheet.note == ""
    slides = mt.extract("汇报.pptx", pptx("第一页", "停车设施"))
    assert slides.text.index("第一页") < slides.text.index("停车设施")
    assert "城区停车设施" in mt.extract("请示.pdf", pdf("城区停车设施收费标准")).text
    for encoding in ("utf-8", "gb18030", "utf-16", "utf-8-sig"):
        found = mt.extract("说明.txt", SENTENCE.encode(encoding))
        assert found == mt.Extracted(SENTENCE), encoding
    assert mt.extract("名单.csv", "姓名,单位\n张明,区财政局\n".encode("gb18030")).text == "姓名,单位\n张明,区财政局"


def test_types_without_text_and_unreadable_files_are_said_so() -> None:
    assert mt.extract("扫描件.jpg", b"\xff\xd8\xff") == mt.Extracted("", mt.UNSUPPORTED)
    assert mt.extract("旧版.doc", b"\xd0\xcf\x11\xe0") == mt.Extracted("", mt.UNSUPPORTED)
    for name in ("坏.docx", "坏.xlsx", "坏.pptx", "坏.pdf"):
        assert mt.extract(name, b"not what the name says") == mt.Extracted("", mt.UNREADABLE), name
    assert mt.extract("加密.pdf", pdf("机密内容", encrypt="口令")) == mt.Extracted("", mt.UNREADABLE)
    assert mt.extract("空白.pdf", pdf("")) == mt.Extracted("", mt.NO_TEXT)  # a scan has no text layer


def test_control_format_and_private_use_characters_never_come_in() -> None:
    raw = "第一行\x0c第二行\u202e反向\ue000私用\x00空\r\n第三行"
    found = mt.extract("说明.txt", raw.encode("utf-8"))
    assert text_problem(found.text, multiline=True) is None  # an export of it imports again
    assert found.text == "第一行 第二行 反向 私用 空\n第三行"


def test_a_long_text_is_cut_at_the_limit() -> None:
    found = mt.extract("长.txt", ("预算" * mt.MAX_CHARS).encode("utf-8"))
    assert len(found.text) == mt.MAX_CHARS and found.note == mt.CUT_CHARS


def test_a_zip_bomb_stops_at_the_unpacked_limit_quickly() -> None:
    body = b"<w:document xmlns:w='w'><w:body><w:p><w:t>" + b"0" * (mt.MAX_UNZIPPED + 2**20) + b"</w:t></w:p></w:body></w:document>"
    bomb = zipped({"word/document.xml": body})
    assert len(bomb) < 200_000  # 65 MiB of zeros deflate to under 200 kB
    start = time.monotonic()
    found = mt.extract("炸弹.docx", bomb)
    assert time.monotonic() - start < 10
    assert found == mt.Extracted("", mt.CUT_ZIP)
    many = zipped({f"ppt/slides/slide{n}.xml": b"<a:t xmlns:a='a'>" + b"x" * (mt.MAX_UNZIPPED // 2) + b"</a:t>"
                   for n in range(1, 4)})
    assert mt.extract("多页.pptx", many).note in (mt.CUT_ZIP, mt.CUT_CHARS)
    xlsx_bomb = zipped({"xl/sharedStrings.xml": b"<sst>" + b" " * (mt.MAX_UNZIPPED + 1) + b"</sst>"})
    assert mt.extract("炸弹.xlsx", xlsx_bomb).note == mt.CUT_ZIP  # openpyxl is never handed it


def test_entity_expansion_is_refused_by_the_parser() -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
              + b"".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">'.encode() for p, c in zip("abcdefgh", "bcdefghi", strict=True))
              + b"]><w:document xmlns:w='w'><w:p><w:t>&i;</w:t></w:p></w:document>")
    start = time.monotonic()
    assert mt.extract("笑.docx", zipped({"word/document.xml": laughs})) == mt.Extracted("", mt.UNREADABLE)
    assert time.monotonic() - start < 5


def test_pages_and_time_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mt, "MAX_PAGES", 3)
    found = mt.extract("厚.pdf", pdf("每页一行", pages=5))
    assert found.text.count("每页一行") == 3 and found.note == mt.CUT_PAGES
    ticks = iter(range(0, 1000, 4))  # each look at the clock is four seconds later
    slow = mt.extract("慢.pptx", pptx(*(f"第{n}页" for n in range(1, 6))), clock=lambda: float(next(ticks)))
    assert slow.note == mt.CUT_TIME and "第1页" in slow.text and "第5页" not in slow.text


def test_intake_keeps_the_text_beside_the_file(office: Office, district: District, tmp_path: Path) -> None:
    tid = submit(office, district)
    good = office.topics.add_material(tid, "请示.docx", docx(SENTENCE))
    bad = office.topics.add_material(tid, "附件.pdf", b"%PDF-1.4 damaged")
    with office.sessions() as s:
        texts = {row.content_id: (row.text, row.note) for row in s.scalars(select(MaterialText))}
    assert len(texts) == 2
    assert (SENTENCE, "") in texts.values() and ("", mt.UNREADABLE) in texts.values()  # the damaged one is kept
    assert {office.topics.material_data(m)[0] for m in (good, bad)} == {"请示.docx", "附件.pdf"}
