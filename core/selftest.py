"""`huiwu --self-test`: proves a build (from source or the frozen bundle) works end to end.

In a fresh temporary folder it creates an encrypted file with a passphrase, fills the demo roster
and a little topic, meeting and minutes history, renders minutes to PDF (and draws its first page
with PDFium, as the preview does) and DOCX, runs the file check, and verifies what must hold for the data to be safe: the header is not plaintext, the
driver is SQLCipher (stdlib sqlite3 ignores the key silently, RELIABILITY.md finding 2), no
plaintext keyring (keyrings.alt, finding 1) is bundled. One line per step, in Chinese, or JSON.
Exit code 0 only when every step passed. Never imports Qt.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ADMIN, ADMIN_PASSWORD = "admin", "Huiwu-self-test-2026"
# Enough history to have issued minutes with decisions and follow-up items, well under 20 s.
TOPICS = 40
MEETINGS = 24
REPORTLAB_MINIMUM = (3, 6, 13)  # CVE-2023-33733 fixed in 3.6.13 (RELIABILITY.md finding 9)
ENV_STATE = "HUIWU_STATE_DIR"  # as in core.keeping.anchor
EXPECTED_DRIVERS = ("sqlcipher3", "sqlcipher3.dbapi2")  # never stdlib sqlite3


class StepFailed(Exception):
    """A check inside a step did not hold; the message is the Chinese explanation."""


@dataclass
class Step:
    name: str
    ok: bool
    detail: str
    seconds: float


@dataclass
class SelfTest:
    steps: list[Step] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(step.ok for step in self.steps)

    def step(self, name: str, action: Callable[[], str], *, emit: Callable[[Step], None]) -> bool:
        start = time.perf_counter()
        try:
            detail = action()
            ok = True
        except StepFailed as exc:
            detail, ok = str(exc), False
        except Exception as exc:  # noqa: BLE001 - any failure is a failed step, reported with its type
            message = getattr(exc, "message", "") or str(exc)
            detail, ok = f"{type(exc).__name__}：{message}", False
            self.facts.setdefault("tracebacks", []).append(traceback.format_exc())
        step = Step(name, ok, detail, round(time.perf_counter() - start, 3))
        self.steps.append(step)
        emit(step)
        return ok


class _Enough(Exception):
    """Raised from a progress callback to stop a demo generator after a few items."""


def _stop_after(count: int) -> Callable[[int, int], None]:
    def progress(done: int, total: int) -> None:
        if done >= count:
            raise _Enough()

    return progress


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split(".")[:3]:
        digits = re.match(r"\d*", piece).group()  # type: ignore[union-attr]
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def run(json_output: bool = False) -> int:
    result = SelfTest()

    def emit(step: Step) -> None:
        if not json_output:
            mark = "✓" if step.ok else "✗"
            print(f"{mark} {step.name}：{step.detail}（{step.seconds:.1f} 秒）", flush=True)

    result.facts["python"] = sys.version.split()[0]
    result.facts["frozen"] = bool(getattr(sys, "frozen", False))
    folder = Path(tempfile.mkdtemp(prefix="huiwu-selftest-"))
    # Per-user state (audit anchors) goes to the temporary folder too: the self-test leaves no trace.
    saved_state = os.environ.get(ENV_STATE)
    os.environ[ENV_STATE] = str(folder / "state")
    try:
        _run_steps(result, folder, emit)
    finally:
        if saved_state is None:
            os.environ.pop(ENV_STATE, None)
        else:
            os.environ[ENV_STATE] = saved_state
        shutil.rmtree(folder, ignore_errors=True)
    if json_output:
        print(json.dumps({"ok": result.ok, "steps": [asdict(s) for s in result.steps], "facts": result.facts},
                         ensure_ascii=False, indent=1))
    else:
        if not result.ok:
            for text in result.facts.get("tracebacks", []):
                print(text, file=sys.stderr)
        passed = sum(s.ok for s in result.steps)
        print(f"自检{'通过' if result.ok else '未通过'}：{passed}/{len(result.steps)} 项通过。", flush=True)
    return 0 if result.ok else 1


def _run_steps(result: SelfTest, folder: Path, emit: Callable[[Step], None]) -> None:
    from core.store.keys import RawKey

    path = folder / "selftest.huiwu"
    key = RawKey.generate()
    state: dict[str, Any] = {}
    step = result.step
    facts = result.facts

    def create() -> str:
        from core.demo.district import DEMO_OFFICE_NAME
        from core.office import Office

        office = Office.create(path, key, DEMO_OFFICE_NAME)
        state["office"] = office
        if not path.is_file():
            raise StepFailed(f"文件未创建：{path}")
        office.accounts.create_first_admin(ADMIN, ADMIN_PASSWORD)
        office.log_in(ADMIN, ADMIN_PASSWORD)
        return f"已创建加密文件（数据结构版本 {office.revision}）和管理员的账户密钥"

    def fill() -> str:
        from core.demo.district import fill_demo, history_start
        from core.demo.meetings import fill_demo_meetings
        from core.demo.minutes import fill_demo_minutes
        from core.demo.topics import fill_demo_topics
        from core.model.enums import MinutesStatus

        office = state["office"]
        counts = fill_demo(office, since=history_start(1))
        # The generators walk a year from its start; stopping early keeps the oldest part of it.
        for generate, count in ((fill_demo_topics, TOPICS), (fill_demo_meetings, MEETINGS)):
            with contextlib.suppress(_Enough):
                generate(office, 1, progress=_stop_after(count))
        fill_demo_minutes(office)
        minutes = office.minutes.minutes_list()
        issued = [m for m in minutes if m.status is MinutesStatus.ISSUED]
        if not minutes:
            raise StepFailed("演示数据中没有生成纪要")
        state["minutes"] = (issued or minutes)[0]
        text = "，".join(f"{k} {v}" for k, v in counts.items())
        return (f"{text}，议题 {len(office.topics.topics())}，会议 {len(office.meetings.meetings())}，"
                f"纪要 {len(minutes)}（已印发 {len(issued)}）")

    def render_pdf() -> str:
        from core.documents.minutes_pdf import render_minutes

        row = state["minutes"]
        detail = state["office"].minutes.detail(row.id)
        out = folder / "纪要.pdf"
        render_minutes(out, detail)
        data = out.read_bytes()
        if not data.startswith(b"%PDF-"):
            raise StepFailed("生成的文件不是 PDF")
        if b"/FontFile2" not in data:
            raise StepFailed("PDF 中没有嵌入 TrueType 字体")
        return f"{row.meeting_name}（{row.status.value}）→ {out.name}，{len(data) // 1024} KB，字体已嵌入"

    def draw_page() -> str:
        # The preview and in-app printing draw pages with PDFium (gui.meetings.pdf_pages): the
        # bundle must carry its library. Drawn here without Qt, in grey, at 72 dpi.
        import pypdfium2 as pdfium

        facts["pdfium"] = f"pypdfium2 {pdfium.PYPDFIUM_INFO}, PDFium {pdfium.PDFIUM_INFO.build}"
        with pdfium.PdfDocument((folder / "纪要.pdf").read_bytes()) as document:
            pages = len(document)
            bitmap = document[0].render(scale=1, grayscale=True)
            size, pixels = (bitmap.width, bitmap.height), bytes(bitmap.buffer)
        ink = sum(map((128).__gt__, pixels))
        if size != (596, 842) or ink < 1000:
            raise StepFailed(f"第 1 页画成 {size[0]}×{size[1]}，深色像素 {ink} 个：PDFium 未能画出页面")
        return f"{pages} 页，第 1 页 {size[0]}×{size[1]}，深色像素 {ink} 个（{facts['pdfium']}）"

    def render_docx() -> str:
        import zipfile

        from core.documents.minutes_docx import render_minutes_docx

        out = folder / "纪要.docx"
        render_minutes_docx(out, state["office"].minutes.detail(state["minutes"].id))
        with zipfile.ZipFile(out) as archive:
            names = set(archive.namelist())
            document = archive.read("word/document.xml").decode("utf-8") if "word/document.xml" in names else ""
        if not document:
            raise StepFailed("DOCX 中没有 word/document.xml")
        if "纪要" not in document:
            raise StepFailed("DOCX 正文中没有“纪要”字样")
        return f"→ {out.name}，{out.stat().st_size // 1024} KB"

    def render_ofd() -> str:
        # The OFD embeds font subsets made by fontTools, which loads its table modules by name:
        # drawn here so the bundle is shown to carry them.
        import zipfile

        from core.documents.minutes_ofd import render_minutes_ofd
        from core.model.enums import Classification, MinutesStatus

        minutes = state["office"].minutes
        details = (minutes.detail(row.id) for row in minutes.minutes_list(status=MinutesStatus.ISSUED))
        detail = next((d for d in details if d.classification is Classification.NONE), None)
        if detail is None:
            raise StepFailed("演示数据中没有已印发的非涉密纪要")
        out = render_minutes_ofd(folder / "纪要.ofd", detail)
        with zipfile.ZipFile(out) as archive:
            names = archive.namelist()
        fonts = [n for n in names if n.startswith("Doc_0/Res/") and n.endswith(".ttf")]
        if names[:1] != ["OFD.xml"] or not fonts:
            raise StepFailed("OFD 缺少入口文件 OFD.xml 或嵌入的字体")
        return f"{detail.meeting_name} → {out.name}，{out.stat().st_size // 1024} KB，嵌入字体 {len(fonts)} 个"

    def reopen_and_check() -> str:
        from core.keeping.health import run_checks
        from core.office import Office

        state.pop("office").close()
        # Through the administrator's key slot: scrypt and AES-GCM (cryptography) must be in the bundle.
        office = Office.open_as(path, ADMIN, ADMIN_PASSWORD)
        state["office"] = office
        report = run_checks(office)
        if not report.ok:
            raise StepFailed("；".join(line for line in report.lines() if line.startswith("✗")))
        return f"关闭后凭管理员密码（账户密钥）重新打开，{len(report.results)} 项检查全部通过"

    def driver() -> str:
        from core.store.engine import driver_facts

        found = driver_facts(state["office"].engine)
        facts.update(found)
        if found["driver"] not in EXPECTED_DRIVERS:
            raise StepFailed(f"数据库驱动是 {found['driver'] or '未知'}，应为 sqlcipher3")
        if not found["cipher_version"]:
            raise StepFailed("PRAGMA cipher_version 为空：没有使用 SQLCipher")
        # The bundle leaves stdlib sqlite3 out (it would ignore the key and write plaintext).
        import importlib.util

        facts["stdlib_sqlite3_present"] = importlib.util.find_spec("sqlite3") is not None
        if facts["frozen"] and facts["stdlib_sqlite3_present"]:
            raise StepFailed("打包程序中含有标准库 sqlite3（它会忽略密钥、写出未加密的文件）")
        return f"{found['driver']}，SQLCipher {found['cipher_version']}，SQLite {found['sqlite_version']}"

    def header() -> str:
        from core.demo.district import DEMO_OFFICE_NAME
        from core.store.engine import header_is_plaintext

        state.pop("office").close()
        if header_is_plaintext(path):
            raise StepFailed("文件头是明文“SQLite format 3”：文件没有加密")
        data = path.read_bytes()
        facts["header_plaintext"] = False
        for needle in (DEMO_OFFICE_NAME, "区发展改革委"):
            if needle.encode("utf-8") in data:
                raise StepFailed(f"文件中可以直接读到明文“{needle}”")
        return f"文件头不是明文，{len(data) // 1024} KB 中找不到演示数据的明文"

    def no_plaintext_keyring() -> str:
        import importlib.util

        # find_spec of a submodule raises when the parent package is missing: ask for the parent first.
        if importlib.util.find_spec("keyrings") is not None and importlib.util.find_spec("keyrings.alt") is not None:
            raise StepFailed("keyrings.alt 已安装：没有系统钥匙串时它会把密钥以明文写入文件")
        facts["keyrings_alt"] = None
        return "未包含 keyrings.alt"

    def keyring_backend() -> str:
        import keyring
        from keyring.backend import get_all_keyring

        from core.store.keystore import ALLOWED_BACKENDS, backend_name, is_allowed

        loaded = {backend_name(b) for b in get_all_keyring()}
        wanted = {"linux": "keyring.backends.SecretService.Keyring", "win32": "keyring.backends.Windows.WinVaultKeyring",
                  "darwin": "keyring.backends.macOS.Keyring"}.get(sys.platform)
        chosen = keyring.get_keyring()
        name = backend_name(chosen)
        facts["keyring_backend"] = name
        facts["keyring_backend_allowed"] = is_allowed(chosen)
        if name != "keyring.backends.fail.Keyring" and not is_allowed(chosen):
            raise StepFailed(f"系统选用的钥匙串后端 {name} 不在允许清单中")
        # keyring finds its backends through entry points (its metadata must be in a frozen build);
        # only viable backends are listed, but the allowlisted class must at least be importable.
        from importlib import metadata

        registered = {ep.value for ep in metadata.entry_points(group="keyring.backends")}
        facts["keyring_entry_points"] = sorted(registered)
        if wanted and wanted.rpartition(".")[0] not in registered:
            raise StepFailed(f"keyring 的后端登记中没有 {wanted.rpartition('.')[0]}（缺少 keyring 的元数据？）")
        if wanted:
            module, _, cls = wanted.rpartition(".")
            __import__(module)
            if not hasattr(sys.modules[module], cls):
                raise StepFailed(f"缺少钥匙串后端 {wanted}")
        usable = sorted(loaded & ALLOWED_BACKENDS)
        if is_allowed(chosen):
            return f"使用 {name}（在允许清单中）"
        return f"本机没有可用的系统钥匙串（{name}），不影响使用（数据文件凭账户密码打开）；可用的允许后端：{'、'.join(usable) or '无'}"

    def reportlab_version() -> str:
        import reportlab

        version = reportlab.Version
        facts["reportlab"] = version
        if _version_tuple(version) < REPORTLAB_MINIMUM:
            raise StepFailed(f"reportlab {version} 过旧，需要 3.6.13 以上（CVE-2023-33733）")
        return f"reportlab {version}"

    def no_qt() -> str:
        # The `huiwu` entry point (gui.launcher) is loaded, and imports no Qt: any other window module is.
        loaded = sorted(m for m in sys.modules if m == "PySide6" or m.startswith("PySide6.")
                        or (m.startswith("gui.") and m != "gui.launcher"))
        if facts["frozen"]:
            # PyInstaller's PySide6 runtime hook imports PySide6 (and QtCore) before the program starts.
            preloaded = [m for m in loaded if m in ("PySide6", "PySide6.QtCore") or m.startswith("PySide6.support")]
            loaded = [m for m in loaded if m not in preloaded]
            if loaded:
                raise StepFailed("自检过程中加载了界面模块：" + "、".join(loaded))
            return "自检未加载界面模块（PySide6.QtCore 由打包程序的启动钩子预先加载）"
        if loaded:
            raise StepFailed("自检过程中加载了 Qt：" + "、".join(loaded))
        return "自检未加载 Qt"

    if not step("创建加密文件", create, emit=emit):
        return
    filled = step("写入演示数据", fill, emit=emit)
    if filled:
        if step("纪要 PDF", render_pdf, emit=emit):
            step("纪要页面", draw_page, emit=emit)
        step("纪要 DOCX", render_docx, emit=emit)
        step("纪要 OFD", render_ofd, emit=emit)
    if step("文件检查", reopen_and_check, emit=emit):
        step("数据库驱动", driver, emit=emit)
        step("文件加密", header, emit=emit)
    if "office" in state:
        state.pop("office").close()
    step("明文钥匙串", no_plaintext_keyring, emit=emit)
    step("钥匙串后端", keyring_backend, emit=emit)
    step("reportlab 版本", reportlab_version, emit=emit)
    step("不依赖界面", no_qt, emit=emit)
