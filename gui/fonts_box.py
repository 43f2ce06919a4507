"""设置 → 字体: one sentence on what prints the documents, then which font prints each role (仿宋,
黑体, 楷体, 宋体, 小标宋), stand-ins marked, and a file chosen per role (a 方正 or Windows font the
office has)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.documents import font_settings
from core.documents.fonts import Face
from core.office import Office
from gui import roles
from gui.ops import OpRunner


class FontsBox(QGroupBox):
    def __init__(self, office: Office, runner: OpRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("打印字体"))
        self.setObjectName("fontsBox")
        self.office, self.runner = office, runner
        # The sentences above the grid, in a box layout: a grid gave their wrapped lines the height of
        # one line and they were drawn over each other.
        column = QVBoxLayout(self)
        grid = QGridLayout()
        hint = QLabel(self.tr("国家标准要求的字体（仿宋、黑体、楷体、宋体、小标宋）未安装时，程序用本机最接近的字体代替并在下面注明。"
                              "可为每种字体选择本机的 TrueType 字体文件（.ttf 或 .ttc）。"))
        hint.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("fontSummary")
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        column.addWidget(hint)
        column.addLayout(grid)
        self.labels: dict[Face, QLabel] = {}
        for row, face in enumerate(Face):
            grid.addWidget(QLabel(face.value), row, 0)
            label = QLabel()
            label.setObjectName(f"font_{face.name}")
            self.labels[face] = label
            grid.addWidget(label, row, 1)
            choose = QPushButton(self.tr("选择文件…"))
            choose.clicked.connect(lambda _checked=False, f=face: self.choose(f))
            reset = QPushButton(self.tr("自动"))
            reset.setToolTip(self.tr("不指定文件，由程序自动选择"))
            reset.clicked.connect(lambda _checked=False, f=face: self.set_file(f, None))
            roles.allow(office, "settings", choose, reset)
            grid.addWidget(choose, row, 2)
            grid.addWidget(reset, row, 3)
        grid.setColumnStretch(1, 1)
        self.refresh()

    def refresh(self) -> None:
        self.runner.run(font_settings.report, on_success=self._show, parent=self)

    def _show(self, report: font_settings.Report) -> None:
        self.summary.setText(report.sentence)
        for face, text, stands_in in report.rows:
            self.labels[face].setText(text + (self.tr("（代替）") if stands_in else ""))
            self.labels[face].setStyleSheet("color: #b26a00;" if stands_in else "")

    def choose(self, face: Face) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择“%1”字体文件").replace("%1", face.value), "",
                                              self.tr("TrueType 字体 (*.ttf *.ttc *.TTF *.TTC)"))
        if path:
            self.set_file(face, Path(path))

    def set_file(self, face: Face, path: Path | None) -> None:
        office = self.office
        self.runner.run(lambda: font_settings.set_file(office, face, path), on_success=lambda _r: self.refresh(),
                        parent=self, label=self.tr("正在检查字体文件…"))
