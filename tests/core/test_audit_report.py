"""The audit trail PDF: fonts embedded, nothing active, the chain and anchor verdicts on the first
page, user text printed literally, long summaries wrapped over pages, not cut."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from core.documents.audit_report import render_audit_report
from core.office import Office
from core.services.audit_log import AuditRow
from tests.core.test_meeting_docs import assert_safe_pdf


def _rows(n: int, summary: str = "") -> list[AuditRow]:
    return [AuditRow(i, f"2026-11-{1 + i % 28:02d}T09:{i % 60:02d}:00+08:00", "张秘书", "会议.修改", "meeting",
                     str(i), i % 7 != 3, summary or f"第{i}次修改") for i in range(1, n + 1)]


def _raw(pdf: Path) -> str:
    """The text in drawing order (cell by cell), not laid out: a wrapped cell reads whole."""
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _pages(pdf: Path) -> list[str]:
    text = _raw(pdf)
    return [re.sub(r"\s+", "", p) for p in text.split("\f") if p.strip()]


def test_first_page_has_the_verdicts_and_user_text_is_literal(tmp_path: Path) -> None:
    rows = _rows(3)
    rows.append(AuditRow(4, "2026-11-05T10:00:00+08:00", "<b>&amp;", "设置.修改", "setting", "office_name",
                         True, '机关名称：“旧” → “<b>新&</b>” <a href="http://x">链接</a>'))
    pdf = render_audit_report(tmp_path / "audit.pdf", rows, office_name="澄溪区人民政府办公室",
                              chain_text="第 3 条审计记录被改动或链条断开", anchor_text="审计锚点一致",
                              period_text="2026年11月1日至2026年11月30日", chain_ok=False)
    body = re.sub(r"\s+", "", assert_safe_pdf(pdf))
    assert body.startswith("审计记录澄溪区人民政府办公室范围：2026年11月1日至2026年11月30日"
                           "审计链：第3条审计记录被改动或链条断开审计锚点：审计锚点一致本表共4条记录")
    body = re.sub(r"\s+", "", _raw(pdf))
    assert "<b>&amp;" in body and "<b>新&</b>" in body and 'href="http://x">链接</a>' in body
    assert "2026-11-0209:01:00+08:00" in body and "会议1" in body and "失败" in body
    assert b"/URI" not in pdf.read_bytes()


def test_many_rows_continue_over_pages_with_headers(tmp_path: Path) -> None:
    long = "修改前：" + "长长的摘要" * 100 + "。修改后：office-20261128-113329-备份-" + "x" * 80 + ".huiwu"
    rows = _rows(60) + [AuditRow(61, "2026-11-30T18:00:00+08:00", "李", "数据.备份", "file", "", True, long)]
    pdf = render_audit_report(tmp_path / "many.pdf", rows, office_name="澄溪区人民政府办公室",
                              chain_text="审计记录完整，共 61 条", anchor_text="审计锚点一致", period_text="全部时间")
    pages = _pages(pdf)
    assert len(pages) >= 4
    assert all("编号时间用户事件对象结果摘要" in p for p in pages)
    assert "审计链" in pages[0] and not any("审计链" in p for p in pages[1:])
    joined = "".join(pages)
    assert joined.count("长长的摘要") == 100  # the long summary whole, over as many lines as it needs
    assert "x" * 80 in re.sub(r"—\d+—", "", joined) or joined.count("x") >= 80


def test_empty_selection(tmp_path: Path) -> None:
    pdf = render_audit_report(tmp_path / "none.pdf", [], office_name="澄溪区人民政府办公室",
                              chain_text="审计记录完整，共 0 条", anchor_text="审计锚点尚未记录", period_text="全部时间")
    assert "所选范围内没有审计记录。" in re.sub(r"\s+", "", assert_safe_pdf(pdf))


def test_real_rows_from_the_service(office: Office, tmp_path: Path) -> None:
    office.settings.set("note", "<script>alert(1)</script>")
    rows = office.audit_log.for_export()
    chain = office.audit_log.chain()
    pdf = render_audit_report(tmp_path / "real.pdf", rows, office_name="澄溪区人民政府办公室", chain_text=chain.text,
                              anchor_text="审计锚点尚未记录", period_text="全部时间")
    body = re.sub(r"\s+", "", assert_safe_pdf(pdf))
    assert f"审计记录完整，共{chain.rows}条" in body and "设置.修改" in body
    assert "测试秘书" not in body and "未登" in body  # no login: the scripted actor is not shown (issue 12 §2)
