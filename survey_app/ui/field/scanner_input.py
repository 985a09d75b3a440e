"""A USB scanner types a paper ballot's QR text (`SAB|NH-001/3-2-501|R1`) and Enter, like a
very fast keyboard, into whatever has the focus. Typed into the household tree it would run
the tree's type-ahead, typed into the vote form it would land in a field, and its Enter would
act there. This filter, installed on the application, recognises the text wherever the
focus is in the window and hands it to the search instead.

Keys that could start the prefix `SAB|` are held back; when the next key comes too slowly
(a person typing) or does not continue the prefix, the held keys are delivered unchanged to
the widget that has the focus, in order. Once the prefix is complete, everything up to the
Enter is the scan.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from survey_app.core.qr_prefixes import BALLOT_PREFIX

PREFIX = BALLOT_PREFIX + "|"
KEY_GAP_MS = 60
"""A scanner types a character every few milliseconds; a person needs well over 60."""
HOLD_MS = 300
"""A key held back as a possible start of a scan is delivered after this wait at the latest."""
SCAN_GAP_MS = 1000
"""A scan whose next key does not come within this time is over (a scanner without Enter)."""
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
MODIFIER_KEYS = (
    Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta, Qt.Key.Key_AltGr,
    Qt.Key.Key_CapsLock,
)  # fmt: skip
KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).upper()


class ScannerInput(QObject):
    """Watches the key presses aimed at `window`; calls `on_scan(text)` for each ballot scan
    ended by Enter, and `on_unfinished(text)` for a scan that stopped without one."""

    def __init__(
        self,
        window: QWidget,
        *,
        on_scan: Callable[[str], object],
        on_unfinished: Callable[[str], None],
        listening: bool = True,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.on_scan = on_scan
        self.on_unfinished = on_unfinished
        self._held: list[QKeyEvent] = []
        self._typed = ""
        self._scanning = False
        self._last_key_ms = 0
        self._replaying = False
        self._eat_enter_release = False
        self._reading_late_keys = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._timed_out)
        self.listening = False
        if listening:
            self.listen()

    def listen(self) -> None:
        """Start watching every event of the application (once): a filter in Python costs a
        call for each of them, so a window starts it only once it has painted."""
        if self.listening:
            return
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.listening = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self._replaying
            or event.type() not in KEY_EVENTS
            or not isinstance(event, QKeyEvent)
            or event.key() in MODIFIER_KEYS
            or not self._aimed_at_window(watched)
        ):
            return False
        if event.type() == QEvent.Type.KeyRelease:
            return self._released(event)
        if self._scanning:
            return self._scan_key(event)
        return self._maybe_prefix(event)

    def _aimed_at_window(self, watched: QObject) -> bool:
        """Only the first delivery of a key to this window's focus widget (a key a widget
        ignores is offered to its parents too), and not while a dialog or menu is up."""
        target = QApplication.focusWidget() or QApplication.activeWindow()
        return (
            target is not None
            and watched is target
            and target.window() is self.window
            and self.window.isVisible()
            and QApplication.activeModalWidget() is None
            and QApplication.activePopupWidget() is None
        )

    # -- before the prefix is complete ----------------------------------------------
    def _maybe_prefix(self, event: QKeyEvent) -> bool:
        now = self._stamp(event)
        quick = not self._held or now - self._last_key_ms <= KEY_GAP_MS
        typed = self._typed + _fold(event.text())
        if self._plain(event) and quick and PREFIX.startswith(typed) and typed:
            self._hold(event, typed, now)
            return True
        self._deliver_held()
        typed = _fold(event.text())
        if self._plain(event) and typed and PREFIX.startswith(typed):
            self._hold(event, typed, now)
            return True
        return False

    def _hold(self, event: QKeyEvent, typed: str, now: int) -> None:
        self._held.append(event.clone())
        self._typed = typed
        self._last_key_ms = now
        if typed == PREFIX:
            self._held.clear()
            self._scanning = True
            self.timer.start(SCAN_GAP_MS)
        else:
            self.timer.start(HOLD_MS)

    @staticmethod
    def _plain(event: QKeyEvent) -> bool:
        """A character typed with at most Shift (a scanner never holds Ctrl or Alt)."""
        extra = event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        return bool(event.text()) and not extra

    @staticmethod
    def _stamp(event: QKeyEvent) -> int:
        """The key's own time (a real keyboard's, unaffected by a busy event loop), else now."""
        return int(event.timestamp()) or int(time.monotonic() * 1000)

    def _deliver_held(self) -> None:
        """Not a scan after all: the held keys go, in order, to whatever has the focus."""
        held, self._held, self._typed = self._held, [], ""
        self.timer.stop()
        target = QApplication.focusWidget() or QApplication.activeWindow()
        if target is None:
            return
        self._replaying = True
        try:
            for event in held:
                QApplication.sendEvent(target, event)
        finally:
            self._replaying = False

    # -- the scan --------------------------------------------------------------------
    def _scan_key(self, event: QKeyEvent) -> bool:
        if event.key() in ENTER_KEYS:
            text = self._typed
            self._reset()
            self._eat_enter_release = True
            self.on_scan(text)
            return True
        self._typed += event.text()
        self.timer.start(SCAN_GAP_MS)
        return True

    def _released(self, event: QKeyEvent) -> bool:
        if self._eat_enter_release and event.key() in ENTER_KEYS:
            self._eat_enter_release = False
            return True
        if self._held:
            self._held.append(event.clone())
            return True
        return self._scanning

    def _timed_out(self) -> None:
        """The wait is over by the clock. A window busy meanwhile (a save, a sync) may not yet
        have read the keys the scanner typed in time, so those are read first: one that came
        quickly by its own time continues the prefix or the scan and the wait goes on."""
        if self._reading_late_keys:
            return
        self._reading_late_keys = True
        try:
            QApplication.processEvents()
        finally:
            self._reading_late_keys = False
        if self.timer.isActive():  # a key read just now continued the prefix or the scan
            return
        if self._scanning:
            text = self._typed
            self._reset()
            self.on_unfinished(text)
        else:
            self._deliver_held()

    def _reset(self) -> None:
        self.timer.stop()
        self._held, self._typed, self._scanning = [], "", False
