"""Every view of both windows in English shows English: each view the screenshot tool stages
(field window, office dialogs, the new ones) is walked widget by widget, and no visible text,
title, tooltip, item, header or menu entry holds a Chinese character, except the data (names,
addresses, compound names, notes) the sample batch holds."""

from __future__ import annotations

import gc
import re

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from survey_app.store.database import open_store
from survey_app.store.sample import write_sample
from survey_app.ui.base.translations import Translations
from survey_app.ui.field.workspace import Workspace
from survey_app.ui.main_window import MainWindow
from tests.tools.test_screenshots import screenshots

CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
"""Han characters and the full-width punctuation of Chinese text (,:;()。)."""
TAGS = re.compile(r"<[^>]+>")
ROWS_READ = 60
SAMPLE_WORDS = (
    "户主本人", "本人签字确认", "户主在外地,电话确认", "记错户了,应为隔壁一户", "晚上七点后在家",
    "和平小区", "导出", "示例中心文件口令", "邻礼通表决结果", "来历不明", "街道办公室", "解放街道",
    "王某", "周主任", "李会计", "名册", "王芳", "李娜", "王",
    *re.split(r"[,\n]", screenshots.ROSTER),
)  # fmt: skip
"""Data the screenshot tool itself types in (signers, notes, file and device names, the name
searched for, the roster it imports: its headers and cells are the file's, shown as written)."""
ON_PURPOSE = ("&Language 语言", "中文")
"""Chinese on purpose: the language menu names itself and Chinese in both languages, so a
person who cannot read the other language still finds the way back."""


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "demo.db"
    store = open_store(path)
    write_sample(store=store, compounds=3, min_households=12, max_households=20)
    store.close()
    return path


@pytest.fixture
def english(qapp):
    # a translator an earlier test left installed (Qt's qtbase Chinese, say) would word Qt's own
    # buttons: start from none, as the app does
    for leaked in [o for o in gc.get_objects() if isinstance(o, QTranslator)]:
        QCoreApplication.removeTranslator(leaked)
    installed = Translations()
    installed.install("en")
    yield installed
    installed.uninstall()


def data_words(store) -> list[str]:
    """Every text the data file holds for people and places (they stay as written)."""
    queries = [
        "SELECT name FROM compounds UNION SELECT street FROM compounds "
        "UNION SELECT community FROM compounds UNION SELECT district FROM compounds",
        "SELECT head FROM households UNION SELECT note FROM households",
        "SELECT json_extract(fields, '$.signer') FROM personal "
        "UNION SELECT json_extract(fields, '$.note') FROM personal "
        "UNION SELECT json_extract(payload, '$.surveyor') FROM records WHERE kind = 'vote'",
        "SELECT name FROM devices UNION SELECT surveyor FROM devices",
    ]
    found = {str(v) for q in queries for (v,) in store.db.execute(q) if v}
    found |= {store.surveyor, store.device_name}
    return sorted((w for w in found | set(SAMPLE_WORDS) if w), key=len, reverse=True)


def columns(model, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a QListWidget's own model keeps it private: one column
        return 1


def model_texts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    texts = [str(model.headerData(c, Qt.Orientation.Horizontal) or "")
             for c in range(columns(model, QModelIndex()))]  # fmt: skip
    pending, read = [QModelIndex()], 0
    while pending and read < ROWS_READ:
        parent = pending.pop(0)
        for row in range(model.rowCount(parent)):
            read += 1
            for column in range(columns(model, parent)):
                index = model.index(row, column, parent)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(index, role)
                    if isinstance(value, str):
                        texts.append(value)
            pending.append(model.index(row, 0, parent))
    return texts


def menu_texts(menu: QMenu) -> list[str]:
    texts = [menu.title()]
    for action in menu.actions():
        texts += [action.text(), action.toolTip(), action.statusTip()]
        if action.menu() is not None:
            texts += menu_texts(action.menu())
    return texts


def widget_texts(widget: QWidget) -> list[str]:
    texts = [widget.toolTip(), widget.statusTip(), widget.accessibleName()]
    if widget.isWindow():
        texts.append(widget.windowTitle())
    if isinstance(widget, (QLabel, QAbstractButton)):
        texts.append(widget.text())
    elif isinstance(widget, QGroupBox):
        texts.append(widget.title())
    elif isinstance(widget, QLineEdit):
        texts += [widget.placeholderText(), widget.text()]
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        texts += [widget.toPlainText(), widget.placeholderText()]
    elif isinstance(widget, QComboBox):
        texts += [widget.itemText(i) for i in range(widget.count())]
    elif isinstance(widget, QTabWidget):
        texts += [widget.tabText(i) for i in range(widget.count())]
    elif isinstance(widget, QAbstractItemView):
        texts += model_texts(widget)
    elif isinstance(widget, QMenu):
        texts += menu_texts(widget)
    if isinstance(widget, QMainWindow):
        texts += [t for a in widget.menuBar().actions() if a.menu()
                  for t in menu_texts(a.menu())]  # fmt: skip
        texts.append(widget.statusBar().currentMessage())
    return texts


def shown(widget: QWidget, top: QWidget) -> bool:
    return widget is top or widget.isVisibleTo(top)


def chinese_left(top: QWidget, data: list[str]) -> list[str]:
    found = []
    for widget in [top, *top.findChildren(QWidget)]:
        if isinstance(widget, QHeaderView):
            continue  # its texts are its view's model's, read with the view
        if not shown(widget, top):
            continue
        for text in widget_texts(widget):
            if text in ON_PURPOSE:
                continue
            plain = TAGS.sub("", text or "")
            for word in data:
                plain = plain.replace(word, "")
            if CHINESE.search(plain):
                name = widget.objectName() or type(widget).__name__
                found.append(f"{type(top).__name__}/{name}: {text!r}")
    return found


@pytest.mark.parametrize("view", sorted(set(screenshots.VIEWS) - screenshots.STANDALONE))
def test_every_view_in_english_shows_no_chinese_but_data(qtbot, sample_db, english, tmp_path,
                                                         view):  # fmt: skip
    store = open_store(screenshots.copy_of(open_store(sample_db), "demo.db"))
    window = MainWindow(Workspace(store), english)
    qtbot.addWidget(window)
    window.resize(*screenshots.SIZE)
    window.show()
    screenshots.settle()
    extra = screenshots.VIEWS[view](window)
    screenshots.settle()
    titles = [form.settings.form_title for form in window.workspace.survey_forms()]
    data = [*data_words(store), *titles, str(store.path.parent), str(tmp_path)]  # a form's
    found = chinese_left(window, data)  # title is its author's words, like a compound's name
    for widget in extra:
        found += chinese_left(widget, data + data_words(window.workspace.store))
    for widget in extra:
        widget.hide()
    window.hide()
    assert not found, "\n".join(found)


@pytest.mark.parametrize("view", sorted(screenshots.STANDALONE))
def test_the_dialogs_before_the_window_in_english(qtbot, sample_db, english, view):
    store = open_store(sample_db)
    window = MainWindow(Workspace(store), english)
    qtbot.addWidget(window)
    extra = screenshots.VIEWS[view](window)
    found = [t for w in extra for t in chinese_left(w, [])]
    for widget in extra:
        widget.hide()
    assert not found, "\n".join(found)


def test_the_walk_finds_chinese_where_there_is_some(qtbot, english):
    label = QLabel("Round 1 · 第1轮")
    qtbot.addWidget(label)
    assert chinese_left(label, []) == ["QLabel/QLabel: 'Round 1 · 第1轮'"]
    assert chinese_left(label, ["第1轮"]) == []
    assert QApplication.instance() is not None
