"""One window per data file: the running copy listens, a second copy asks it to come forward.

The name is a hash of the file's absolute path, so two different files can be open at once.
Only the copy that holds the file lock listens (it removes a stale socket of a copy that died).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = b"raise\n"


def server_name(db_path: Path) -> str:
    digest = hashlib.sha256(str(Path(db_path).absolute()).encode("utf-8")).hexdigest()
    return f"huiwu-{digest[:24]}"


class InstanceServer(QObject):
    raise_requested = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(db_path)
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        # We hold the file lock, so any socket by this name belongs to a copy that is gone.
        QLocalServer.removeServer(self.name)
        return self._server.listen(self.name)

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE.strip()):
            self.raise_requested.emit()


def ask_running_copy_to_raise(db_path: Path, timeout_ms: int = 1500) -> bool:
    """True if a running copy for this file got the message."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(db_path))
    if not socket.waitForConnected(timeout_ms):
        return False
    if socket.write(RAISE) != len(RAISE):
        return False
    socket.flush()
    if socket.bytesToWrite() > 0:
        socket.waitForBytesWritten(timeout_ms)
    ok = socket.bytesToWrite() == 0
    socket.disconnectFromServer()
    return ok
