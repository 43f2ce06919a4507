"""Every document on each machine's fonts, by name (issue 13 §3): stock Windows, an office Windows
with 方正小标宋 and the _GB2312 fonts under Chinese file names, Windows 11 with SimSun only, 统信
UOS 20, 麒麟 V10, Debian with the .ci/run packages — the resolver sees only that folder
(tests/core/platform_fonts.py builds them). For each: which file prints each role, the sentence
the window and the command line show, and every document rendered with its fonts embedded as
TrueType and the right face on the right text. A machine with CFF fonts only gets a message that
says what to install."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest

from core.documents import font_files, font_report, fonts
from core.documents.audit_report import render_audit_report
from core.documents.followup_report import render_followup_report
from core.documents.fonts import Face, FontUnavailable
from core.documents.meeting_docs import render_attendance, render_notice, render_signin
from core.documents.minutes_pdf import render_minutes
from core.documents.recovery_sheet import render as render_recovery
from core.documents.signing_sheet import render_signing_sheet
from core.model.enums import DecisionType, FollowUpStatus
from core.office import Office
from core.services.audit_log import AuditRow
from core.services.followup import FollowUpRow
from core.services.minutes_types import SigningView
from core.store import recovery
from core.store.keys import RawKey
from tests.core import platform_fonts
from tests.core.conftest import TODAY, District
from tests.core.platform_fonts import PLATFORMS, Builder
from tests.core.test_meeting_service import confirmed_topic, executive
from tests.core.test_minutes_pdf import detail

F, H, K, S, B = Face.FANGSONG, Face.HEI, Face.KAI, Face.SONG, Face.BIAOSONG

# Per platform: role → (file, face index in it, standard for the role, drawn bold), and the sentence.
EXPECTED: dict[str, tuple[dict[Face, tuple[str, int, bool, bool]], str]] = {
    "windows": ({F: ("simfang.ttf", 0, True, False), H: ("simhei.ttf", 0, True, False),
                 K: ("simkai.ttf", 0, True, False), S: ("simsun.ttc", 0, True, False),
                 B: ("simhei.ttf", 0, False, False)},
                "本机未安装方正小标宋，标题用黑体代替；仿宋、黑体、楷体、宋体均为标准字体。"),
    "windows-office": ({F: ("仿宋_GB2312.ttf", 0, True, False), H: ("simhei.ttf", 0, True, False),
                        K: ("楷体_GB2312.ttf", 0, True, False), S: ("simsun.ttc", 0, True, False),
                        B: ("方正小标宋简体.ttf", 0, True, False)},
                       "仿宋、黑体、楷体、宋体、小标宋均为标准字体。"),
    "windows11-core": ({F: ("simsun.ttc", 0, False, False), H: ("simsun.ttc", 0, False, False),
                        K: ("simsun.ttc", 0, False, False), S: ("simsun.ttc", 0, True, False),
                        B: ("simsun.ttc", 0, False, True)},
                       "本机未安装方正小标宋，标题用加粗的宋体代替；仿宋、黑体、楷体用宋体代替；"
                       "宋体为标准字体。"),
    "uos20": ({role: ("wqy-microhei.ttc", 0, False, False) for role in Face},
              "本机没有标准公文字体，仿宋、黑体、楷体、宋体、标题（小标宋）用文泉驿微米黑代替；"
              "Noto Sans CJK SC、Noto Serif CJK SC 是 OpenType（CFF）字体，无法嵌入 PDF，未使用。"),
    "kylin-v10": ({F: ("方正仿宋_GBK.ttf", 0, True, False), H: ("方正黑体_GBK.ttf", 0, True, False),
                   K: ("方正楷体_GBK.ttf", 0, True, False), S: ("方正书宋_GBK.ttf", 0, True, False),
                   B: ("方正黑体_GBK.ttf", 0, False, False)},
                  "本机未安装方正小标宋，标题用方正黑体代替；仿宋、黑体、楷体、宋体均为标准字体。"),
    "debian": ({F: ("uming.ttc", 0, False, False), H: ("wqy-zenhei.ttc", 0, False, False),
                K: ("LXGWWenKai-Regular.ttf", 0, False, False), S: ("uming.ttc", 0, False, False),
                B: ("wqy-zenhei.ttc", 0, False, False)},
               "本机没有标准公文字体，仿宋、宋体用AR PL UMing代替；黑体、标题（小标宋）用文泉驿正黑"
               "代替；楷体用霞鹜文楷代替。"),
}


@pytest.fixture(scope="session")
def builder(request: pytest.FixtureRequest) -> Builder:
    """The folders, kept in pytest's cache between runs under a key of everything they are made
    from (the characters, the specs, the source fonts), so they are built once (~7 s)."""
    for source in (platform_fonts.UMING, platform_fonts.UKAI, platform_fonts.ZENHEI, platform_fonts.WENKAI,
                   platform_fonts.WENKAI_BOLD):
        if not source.exists():
            pytest.fail(f"缺少 {source}：CI 的 .ci/run 安装 fonts-arphic-uming/ukai、fonts-wqy-zenhei、fonts-lxgw-wenkai")
    key = hashlib.sha1(repr((platform_fonts.characters(), PLATFORMS, [
        (p.stat().st_size, p.stat().st_mtime) for p in (platform_fonts.UMING, platform_fonts.UKAI,
                                                          platform_fonts.ZENHEI, platform_fonts.WENKAI)])).encode())
    folder = request.config.cache.mkdir(f"platform-fonts-{key.hexdigest()[:12]}")
    for old in folder.parent.glob("platform-fonts-*"):
        if old != folder:  # built from characters or fonts that have changed since
            shutil.rmtree(old, ignore_errors=True)
    return Builder(folder)


@pytest.fixture
def on(builder: Builder) -> Iterator[object]:
    """on(platform): print with that folder's fonts only, until the test ends."""

    def use(platform: str) -> Path:
        folder = builder.folder(platform)
        fonts.use_folders([folder])
        return folder

    yield use
    fonts.use_folders(None)


def postscript(platform: str, file: str, index: int) -> str:
    specs = next(specs for path, specs in PLATFORMS[platform].items() if Path(path).name == file)
    return specs[index].postscript


def pdf_fonts(pdf: Path) -> list[tuple[str, str, str]]:
    """(PostScript name without subset tag, type, embedded) for each font of the PDF (pdffonts)."""
    if shutil.which("pdffonts") is None:
        pytest.fail("pdffonts 未安装（poppler-utils）；CI 的 .ci/run 会安装它")
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        cols = line.split()
        rows.append((re.sub(r"^[A-Z]{6}\+|-\d+$", "", cols[0]), " ".join(cols[1:-6]), cols[-5]))
    return rows


def font_of(pdf: Path, text: str, page: int = 0) -> str:
    """The PostScript name of the font drawing the first occurrence of `text` on the page."""
    with pdfplumber.open(pdf) as doc:
        chars = doc.pages[page].chars
    joined = "".join(c["text"] for c in chars)
    at = joined.find(text)
    assert at >= 0, f"“{text}” not on page {page + 1}"
    return re.sub(r"^[A-Z]{6}\+|-\d+$", "", chars[at]["fontname"])


def content(pdf: Path, page: int = 0) -> bytes:
    with pdfplumber.open(pdf) as doc:
        streams = doc.pages[page].page_obj.contents
        return b"".join(s.get_data() for s in (streams if isinstance(streams, list) else [streams]))


def all_documents(office: Office, d: District, out: Path) -> dict[str, Path]:
    """Every PDF the app makes: minutes, notice, sign-in and attendance sheets, 签发单, follow-up
    summary, audit report, recovery sheet."""
    mid = executive(office, d)
    office.meetings.schedule(mid, confirmed_topic(office, d, "关于调整城区公交线路的议题", involved=[d.finance]))
    office.meetings.generate_roster(mid)
    meeting = office.meetings.detail(mid)
    minutes = detail()
    view = SigningView(authority="区长", acting="", consent_needed=True,
                       reasons=("依《工作规则》第四十五条，区政府常务会议纪要由区长签发。",))
    row = FollowUpRow(id=1, minutes_id=1, decision="原则同意调整城区公交线路。", decision_type=DecisionType.AGREE_IN_PRINCIPLE,
                      department="区交通局", co_departments="区财政局", leader="丙副区长", deadline=TODAY,
                      status=FollowUpStatus.OPEN, closed_on=None, last_note="已完成方案修改。")
    audit = [AuditRow(1, "2026-06-30T09:00:00+08:00", "测试秘书", "会议.修改", "meeting", "1", True, "修改会议地点")]
    office_name = "澄溪区人民政府办公室"
    return {
        "minutes": render_minutes(out / "minutes.pdf", minutes),
        "notice": render_notice(out / "notice.pdf", meeting, office_name=office_name, issued_on=dt.date(2026, 7, 1)),
        "signin": render_signin(out / "signin.pdf", meeting),
        "attendance": render_attendance(out / "attendance.pdf", meeting),
        "signing": render_signing_sheet(out / "signing.pdf", minutes, view, meeting_line="区政府第12次常务会议"),
        "followup": render_followup_report(out / "followup.pdf", [row], office_name=office_name, as_of=TODAY),
        "audit": render_audit_report(out / "audit.pdf", audit, office_name=office_name, chain_text="审计链完整",
                                     anchor_text="审计锚点一致", period_text="2026年6月"),
        "recovery": render_recovery(out / "recovery.pdf", recovery.encode(RawKey.generate().secret),
                                    file_id="ab12cd34ef56ab12cd", office_name=office_name, created=TODAY),
    }


@pytest.mark.parametrize("platform", list(EXPECTED))
def test_every_document_on_the_platforms_fonts(platform: str, on, office: Office, district: District,
                                               tmp_path: Path) -> None:
    on(platform)
    roles, said = EXPECTED[platform]
    for role, (file, index, standard, bold) in roles.items():
        chosen = fonts.register(role)
        assert (chosen.path.name, chosen.index, chosen.standard, chosen.bold) == (file, index, standard, bold), role
    assert font_report.sentence(fonts.resolution(), fonts.unembeddable()) == said
    # the files on demand, one line per role, the stand-ins marked
    lines = font_report.details(fonts.resolution()).splitlines()
    assert [line.split("（")[-1].split("）")[0] for line in lines] == [roles[f][0] for f in Face]
    assert [line.endswith("，代替") for line in lines] == [not roles[f][2] for f in Face]
    ps = {role: postscript(platform, file, index) for role, (file, index, _s, _b) in roles.items()}

    documents = all_documents(office, district, tmp_path)
    for name, pdf in documents.items():
        found = pdf_fonts(pdf)
        assert found, name
        for font, kind, embedded in found:
            assert embedded == "yes" and "TrueType" in kind, (name, font, kind)  # never CFF, never a base-14 font
            assert font in ps.values(), (name, font)
    minutes = documents["minutes"]
    assert font_of(minutes, "澄溪区人民政府常务会议纪要") == ps[B]        # the 标志
    assert font_of(minutes, "现将会议议定事项纪要如下") == ps[F]           # the body
    assert font_of(minutes, "出席：", page=-1) == ps[H]                 # the 出席 label
    assert font_of(minutes, "— 1 —") == ps[S]                           # the page number
    assert font_of(documents["notice"], "关于召开区政府第1次常务会议的通知") == ps[B]
    assert font_of(documents["signing"], "纪要签发单") == ps[B]
    emboldened = b" 2 Tr" in content(minutes)
    assert emboldened == roles[B][3]  # the masthead stroked only when 宋体 stands in for 小标宋
    assert (b" 2 Tr" in content(documents["signing"])) == roles[B][3]


def test_cff_only_machine_is_told_what_to_install(on, tmp_path: Path) -> None:
    on("noto-only")
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    noto = next(f for f in fonts.installed() if f.name == "Noto Sans CJK SC")
    assert noto.cff
    with pytest.raises(TTFError, match="postscript outlines"):  # why it is passed over
        TTFont("noto", str(noto.path), subfontIndex=noto.index)
    with pytest.raises(FontUnavailable) as raised:
        render_minutes(tmp_path / "m.pdf", detail())
    message = str(raised.value)
    assert message.startswith("找不到可用于“宋体”的中文字体。")  # the role that was asked for
    assert "Noto Sans CJK SC、Noto Serif CJK SC 是 OpenType（CFF）字体，PDF 无法嵌入" in message
    assert "sudo apt install fonts-arphic-uming" in message
    assert "仿宋、黑体、楷体" not in message  # no list of fonts that may well be installed
    assert not list(tmp_path.iterdir())


def test_on_windows_the_message_names_the_windows_way(on, monkeypatch: pytest.MonkeyPatch) -> None:
    on("noto-only")
    monkeypatch.setattr(sys, "platform", "win32")
    message = str(fonts.unavailable(Face.KAI))
    assert message.startswith("找不到可用于“楷体”的中文字体。")
    assert "简体中文补充字体" in message and "apt" not in message


def test_a_font_reportlab_refuses_gives_way_to_the_next(builder: Builder, tmp_path: Path) -> None:
    """A 黑体 whose name reads well but whose tables reportlab refuses (here an unknown `post`
    version: a damaged or exotic file) is passed over for the next face, not a failed print."""
    import struct

    (tmp_path / "fonts").mkdir()
    damaged = tmp_path / "fonts/simhei.ttf"
    data = bytearray((builder.folder("windows") / "Windows/Fonts/simhei.ttf").read_bytes())
    count = struct.unpack_from(">H", data, 4)[0]
    post = next(struct.unpack_from(">I", data, 12 + 16 * n + 8)[0] for n in range(count)
                if data[12 + 16 * n:16 + 16 * n] == b"post")
    struct.pack_into(">I", data, post, 0x00090000)
    damaged.write_bytes(bytes(data))
    shutil.copy(builder.folder("uos20") / "usr/share/fonts/truetype/wqy/wqy-microhei.ttc", tmp_path / "fonts")
    fonts.use_folders([tmp_path / "fonts"])
    try:
        assert fonts.resolve(Face.HEI).path.name == "simhei.ttf"  # the best by name …
        assert fonts.register(Face.HEI).path.name == "wqy-microhei.ttc"  # … but reportlab cannot read it
        assert render_minutes(tmp_path / "m.pdf", detail()).exists()
    finally:
        fonts.use_folders(None)


def test_font_folders_are_read_once_per_process(on, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    on("windows")
    reads: list[Path] = []
    real = font_files.read_faces
    monkeypatch.setattr(font_files, "read_faces", lambda path: reads.append(path) or real(path))
    render_minutes(tmp_path / "a.pdf", detail())
    render_minutes(tmp_path / "b.pdf", detail())
    font_report.sentence(fonts.resolution(), fonts.unembeddable())
    assert sorted(p.name for p in reads) == ["msyh.ttc", "simfang.ttf", "simhei.ttf", "simkai.ttf", "simsun.ttc"]


def test_command_line_renders_on_windows_fonts_and_says_the_stand_in(builder: Builder, tmp_path: Path) -> None:
    """`huiwu render minutes` on a stock Windows font set: exit 0 (it exited 1 before issue 13), and
    the sentence on stderr; on CFF fonts only, exit 1 with what to install."""
    from tests.core.test_cli import run

    secret = tmp_path / "key.txt"
    secret.write_text(recovery.encode(RawKey.generate().secret), encoding="utf-8")
    common = ["--db", str(tmp_path / "a.huiwu"), "--passphrase-file", str(secret)]
    assert run(*common, "demo", "--years", "1").returncode == 0
    assert run(*common, "export", "json", str(tmp_path / "all.json")).returncode == 0
    minutes = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))["tables"]["minutes"]
    held = str(next(m["meeting_id"] for m in minutes if m["classification"] == "NONE" and m["edition"] == 1))
    windows = {"HUIWU_FONTS_ONLY": str(builder.folder("windows"))}
    made = run(*common, "render", "minutes", held, "--pdf", str(tmp_path / "m.pdf"), env_extra=windows)
    assert made.returncode == 0, made.stderr
    assert EXPECTED["windows"][1] in made.stderr
    notice = run(*common, "render", "notice", held, "--pdf", str(tmp_path / "n.pdf"), env_extra=windows)
    assert notice.returncode == 0 and EXPECTED["windows"][1] in notice.stderr
    noto = {"HUIWU_FONTS_ONLY": str(builder.folder("noto-only"))}
    refused = run(*common, "render", "minutes", held, "--pdf", str(tmp_path / "x.pdf"), env_extra=noto)
    assert refused.returncode == 1 and "sudo apt install" in refused.stderr
    assert not (tmp_path / "x.pdf").exists()

