"""Legible at 1366×768: with a title bar and a taskbar the window gets about 1366×690."""

from __future__ import annotations

import pytest

from survey_app.core.votes import Choice

USABLE = (1366, 690)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_vote_page_fits_a_small_laptop_screen(qtbot, window, language):
    window.switch_language(language)
    window.open_household("NH-001/1-1-101", round_no=1)
    panel = window.household_page.vote_panels[1]
    panel.choose(Choice.AGREE)
    hint = window.minimumSizeHint()
    assert hint.width() <= USABLE[0] and hint.height() <= USABLE[1], hint
    window.resize(*USABLE)
    qtbot.waitUntil(lambda: window.height() <= USABLE[1])
    assert panel.record_button.isVisible()
    bottom = panel.record_button.mapTo(window, panel.record_button.rect().bottomRight())
    assert bottom.y() < USABLE[1]
    assert window.household_page.address.height() >= 36


def test_progress_fits_too(window):
    window.show_progress()
    hint = window.minimumSizeHint()
    assert hint.height() <= USABLE[1], hint
