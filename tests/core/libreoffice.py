"""LibreOffice headless for the DOCX tests: several DOCX converted to PDF in one soffice call (a call
costs ~2-5 s), in a private profile, with the standard faces mapped to the free fonts CI installs.

Two things are given to LibreOffice from outside the document, and why:
- Its DOCX import does not read the document's 避头尾 sets (w:noLineBreaksBefore/After in
  settings.xml; writerfilter's SettingsTable has no case for them), but it applies the user's
  "Asian layout" start/end characters to every document it opens. The profile gets the sets the
  DOCX declares — read from the DOCX, so a document that declares none is converted without.
- 仿宋, 黑体, 楷体, 宋体 and 方正小标宋简体 are not installed on Debian; fontconfig would give every
  one of them the same fallback face. Aliases to the packages in .ci/run (the roles the PDF uses)
  let a measurement tell the 楷体 heading from the 仿宋 text.

Without LibreOffice the tests fail under CI (CI=true) and are skipped, with the reason, elsewhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape

import pytest

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ALIASES = {"仿宋": "AR PL UMing CN", "宋体": "AR PL UMing CN", "楷体": "LXGW WenKai",
           "黑体": "WenQuanYi Zen Hei", "方正小标宋简体": "WenQuanYi Zen Hei"}


def soffice() -> str:
    """The soffice command; fails in CI and skips elsewhere when LibreOffice is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    reason = "LibreOffice 未安装（Debian：apt-get install libreoffice-writer-nogui），无法把 DOCX 转为 PDF 测量。"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(reason)
    pytest.skip(reason)


def declared_kinsoku(docx: Path) -> tuple[str, str]:
    """(line-start, line-end) characters the DOCX declares for zh-CN in its settings.xml."""
    with zipfile.ZipFile(docx) as z:
        settings = ElementTree.fromstring(z.read("word/settings.xml"))
    sets = {}
    for tag in ("noLineBreaksBefore", "noLineBreaksAfter"):
        el = settings.find(f"{W}{tag}")
        if el is not None and el.get(f"{W}lang") == "zh-CN":
            sets[tag] = el.get(f"{W}val", "")
    return sets.get("noLineBreaksBefore", ""), sets.get("noLineBreaksAfter", "")


def _profile(folder: Path, kinsoku: tuple[str, str]) -> Path:
    start, end = kinsoku
    user = folder / "profile" / "user"
    user.mkdir(parents=True)
    node = ""
    if start or end:
        node = ('<item oor:path="/org.openoffice.Office.Common/AsianLayout/StartEndCharacters">'
                '<node oor:name="zh-CN" oor:op="replace">'
                f'<prop oor:name="StartCharacters" oor:op="fuse"><value>{escape(start)}</value></prop>'
                f'<prop oor:name="EndCharacters" oor:op="fuse"><value>{escape(end)}</value></prop>'
                '</node></item>')
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{node}</oor:items>\n", encoding="utf-8")
    return folder / "profile"


def _fontconfig(folder: Path) -> Path:
    aliases = "".join(f'<alias binding="same"><family>{name}</family><prefer><family>{font}</family></prefer></alias>'
                      for name, font in ALIASES.items())
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f'{aliases}<include ignore_missing="yes">/etc/fonts/fonts.conf</include></fontconfig>',
                    encoding="utf-8")
    return conf


def convert(docx: list[Path], folder: Path, kinsoku: tuple[str, str]) -> dict[str, Path]:
    """PDF of each DOCX (by stem), converted in one call with a fresh profile in `folder`."""
    office = soffice()
    profile = _profile(folder, kinsoku)
    env = dict(os.environ, HOME=str(folder), FONTCONFIG_FILE=str(_fontconfig(folder)))
    out = folder / "pdf"
    subprocess.run([office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, docx)],
                   check=True, capture_output=True, timeout=300, env=env)
    pdfs = {p.stem: out / f"{p.stem}.pdf" for p in docx}
    missing = [name for name, pdf in pdfs.items() if not pdf.exists()]
    assert not missing, f"LibreOffice wrote no PDF for {missing}"
    return pdfs
