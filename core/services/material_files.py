"""Which files are taken in as materials (议题材料, 督办反馈材料), and which may be handed to the
desktop to open.

"打开" gives a copy to the desktop's handler for the file's type, and on Windows the handler of
.exe, .js, .lnk, .hta or .msi runs it. So materials are an allowlist of the document types a
区政府办公室 exchanges, not a list of known-bad types that a new script type slips past:
programs, scripts, shortcuts, installers, web pages and macro-enabled Office files are refused.
Archives are refused too: a .zip opens as a folder in Windows Explorer, where a program inside
runs on a double click, and the check here cannot vouch for what is inside.

A name with control or bidi characters is refused as well: U+202E turns "报告\u202egpj.exe" into
what shows as "报告exe.jpg". Materials stored before this rule (or imported) are never refused
from being read, only from being opened: the window offers 另存为… for them.
"""

from __future__ import annotations

from core.errors import Invalid
from core.text import text_problem, visible

# 版式、文字、表格、演示 (Microsoft, WPS and OpenDocument formats), plain text, scanned images.
# .doc/.xls/.ppt may hold macros too, but offices cannot do without them, and the office suite
# asks before running a macro; the types whose purpose is macros (.docm, .xlsm…) are refused.
DOCUMENT_TYPES = frozenset({
    ".pdf", ".ofd",
    ".doc", ".docx", ".wps", ".rtf", ".odt", ".txt",
    ".xls", ".xlsx", ".et", ".csv", ".ods",
    ".ppt", ".pptx", ".dps", ".odp",
    ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".gif",
})
_ACCEPTED_TEXT = "PDF、OFD、Word、WPS、Excel、PowerPoint、OpenDocument 文档，文本、CSV 和常见图片"

# What to suggest for types people do send, instead of the bare refusal.
_HINTS: dict[str, str] = {
    **dict.fromkeys((".zip", ".rar", ".7z", ".tar", ".gz", ".arj", ".cab", ".iso"),
                    "压缩包请解压后逐个添加其中的文档"),
    **dict.fromkeys((".docm", ".dotm", ".xlsm", ".xltm", ".xlsb", ".pptm", ".potm", ".ppsm"),
                    "含宏的文档请另存为不含宏的 .docx、.xlsx 或 .pptx 后再添加"),
    **dict.fromkeys((".htm", ".html", ".mht", ".mhtml", ".svg", ".xml", ".xhtml"),
                    "网页可能带有脚本，请另存为 PDF 后再添加"),
}

# The first bytes of a Windows program (PE, "MZ") and of a Linux one (ELF): whatever the name
# says, such a file is a program renamed to look like a document.
_PROGRAM_MAGIC = (b"MZ", b"\x7fELF")


def suffix(name: str) -> str:
    """The type a desktop would go by: the last suffix, lower case, after the trailing dots and
    spaces Windows drops ("a.exe." is a.exe there)."""
    stem, dot, ext = name.rstrip(" .").rpartition(".")
    return "." + ext.lower() if dot and stem.strip() else ""


def name_refusal(name: str) -> str | None:
    """Why a file of this name is not taken in or opened, in Chinese; None if it may be."""
    problem = text_problem(name)  # the one shared check: bidi controls, zero-width, control characters
    if problem is not None:
        return (f"文件名“{visible(name)}”{problem}：这类字符能让文件名显示成与实际类型不同的样子"
                "（如把 .exe 显示成 .jpg），不予接收。请改名后再添加。")
    ext = suffix(name)
    if not ext:
        return f"文件“{name}”没有扩展名，无法确定文件类型，不予接收。"
    if ext in DOCUMENT_TYPES:
        return None
    hint = _HINTS.get(ext, "可执行程序、脚本、快捷方式和安装包可能在打开时运行")
    return (f"文件“{name}”的类型（{ext}）不是会务接收的材料类型：{hint}。"
            f"可接收的材料：{_ACCEPTED_TEXT}。")


def content_refusal(name: str, data: bytes) -> str | None:
    if data.startswith(_PROGRAM_MAGIC):
        return f"文件“{visible(name)}”的内容是可执行程序（与扩展名不符），不予接收。"
    return None


def check_intake(name: str, data: bytes) -> None:
    """Refuse (Invalid, in Chinese, naming the file) a file that must not become a material."""
    reason = name_refusal(name) or content_refusal(name, data)
    if reason is not None:
        raise Invalid(reason)


def may_open(name: str) -> bool:
    """Whether a stored material may be handed to the desktop's handler (else: 另存为… only)."""
    return name_refusal(name) is None
