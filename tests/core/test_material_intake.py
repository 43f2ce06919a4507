"""Materials are an allowlist of document types (issue 11 §6): a program, a script, a shortcut or
an archive, a name with a bidi control ("报告\u202egpj.exe" shows as "报告exe.jpg") and a program
renamed to .pdf are refused at intake with a Chinese message naming the file, and nothing is
written — for a topic's materials and for a follow-up's feedback file alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.errors import Invalid
from core.model import FollowUpNote, Material, MaterialContent
from core.office import Office
from core.services.material_files import may_open, name_refusal, suffix
from tests.core.conftest import TODAY, District
from tests.core.test_followup import issued  # noqa: F401  (the fixture)
from tests.core.test_topic_service import refused_without_writing, submit

PROGRAMS = ("安装程序.exe", "run.bat", "a.cmd", "x.com", "屏保.scr", "x.pif", "脚本.js", "x.jse", "x.vbs", "x.vbe",
            "x.wsf", "x.wsh", "x.ps1", "x.psm1", "x.msi", "x.msp", "方案.lnk", "x.url", "x.hta", "x.cpl", "x.jar",
            "x.reg", "x.dll", "x.sh", "x.desktop", "x.AppImage", "X.EXE", "方案.pdf.exe", "方案.exe.",
            "方案.exe ", "x.py")
OTHERS = ("资料.zip", "资料.rar", "宏.docm", "宏.xlsm", "页面.html", "图.svg", "无扩展名", ".pdf")
DOCUMENTS = ("方案.pdf", "方案.ofd", "方案.doc", "方案.docx", "方案.wps", "表.xls", "表.xlsx", "表.et", "演示.ppt",
             "演示.pptx", "演示.dps", "说明.txt", "说明.rtf", "名单.csv", "扫描件.jpg", "扫描件.JPEG", "扫描件.png",
             "扫描件.tif", "扫描件.tiff", "扫描件.bmp", "方案（送审稿）.v2.docx", "方案.pdf ")


def material_rows(office: Office) -> int:
    with office.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(Material)))


def content_rows(office: Office) -> int:
    with office.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(MaterialContent)))


@pytest.mark.parametrize("name", PROGRAMS + OTHERS)
def test_a_type_outside_the_allowlist_is_refused_naming_the_file(name: str) -> None:
    reason = name_refusal(name)
    assert reason is not None and f"“{name}”" in reason and not may_open(name)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_office_document_types_are_taken_in(name: str) -> None:
    assert name_refusal(name) is None and may_open(name)


def test_the_type_is_what_a_desktop_goes_by() -> None:
    assert suffix("方案.pdf.exe") == ".exe"
    assert suffix("方案.EXE. . ") == ".exe"  # Windows drops trailing dots and spaces
    assert suffix(".bashrc") == "" and suffix("README") == ""


@pytest.mark.parametrize("control", ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u200e", "\u200f",
                                     "\u061c", "\x00", "\x07", "\u200b", "\ufeff"])
def test_a_name_with_a_bidi_or_control_character_is_refused(control: str) -> None:
    name = f"报告{control}gpj.exe" if control == "\u202e" else f"报告{control}.pdf"
    reason = name_refusal(name)
    assert reason is not None and f"U+{ord(control):04X}" in reason and control not in reason
    assert not may_open(name)


def test_executable_and_bidi_materials_are_refused_at_intake_and_nothing_is_written(
        office: Office, district: District, tmp_path: Path) -> None:
    tid = submit(office, district)
    before = (material_rows(office), content_rows(office))
    exe = tmp_path / "会议材料.exe"
    exe.write_bytes(b"MZ\x90\x00program")
    error = refused_without_writing(office, lambda: office.topics.add_material_file(tid, exe), Invalid)
    assert "“会议材料.exe”" in error.message and "（.exe）" in error.message and "不是会务接收的材料类型" in error.message

    disguised = tmp_path / "关于城区公交线路的报告\u202efdp.exe"  # shows as "…报告exe.pdf"
    disguised.write_bytes(b"MZ")
    error = refused_without_writing(office, lambda: office.topics.add_material_file(tid, disguised), Invalid)
    assert "U+202E" in error.message and "改变文字显示方向" in error.message and "\u202e" not in error.message

    renamed = tmp_path / "方案.pdf"  # a Windows program under a document's name
    renamed.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00")
    error = refused_without_writing(office, lambda: office.topics.add_material_file(tid, renamed), Invalid)
    assert "“方案.pdf”" in error.message and "可执行程序" in error.message

    refused_without_writing(office, lambda: office.topics.add_material(tid, "脚本.js", b"WScript.Shell"), Invalid,
                            "脚本.js")
    good = tmp_path / "方案.docx"
    good.write_bytes(b"PK\x03\x04 a document")
    mid = office.topics.add_material_file(tid, good)
    refused_without_writing(office, lambda: office.topics.replace_material(mid, exe), Invalid, "会议材料.exe")
    assert (material_rows(office), content_rows(office)) == (before[0] + 1, before[1] + 1)


def test_a_feedback_file_follows_the_same_rule(office: Office, issued: int, tmp_path: Path) -> None:  # noqa: F811
    item = office.followup.items(view="open")[0]
    for name, data in (("反馈.bat", b"@echo off"), ("反馈\u202egnp.exe", b"MZ"), ("反馈.pdf", b"\x7fELF\x02")):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(Invalid, match="不予接收|不是会务接收的材料类型"):
            office.followup.add_note(item.id, noted_on=TODAY, text="已报送反馈", file=path)
    with office.sessions() as s:
        assert s.scalar(select(func.count()).select_from(FollowUpNote)) == 0
    assert content_rows(office) == 0
