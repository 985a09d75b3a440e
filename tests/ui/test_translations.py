"""The English catalogue covers every UI string, completely, with the same placeholders."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET

from survey_app.ui import translations

PLACEHOLDER = re.compile(r"\{\w+\}|%n")


def messages(path):
    root = ET.parse(path).getroot()
    for context in root.iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name"), message


def test_every_string_is_translated_with_its_placeholders():
    ts = translations.ts_path("en")
    found = list(messages(ts))
    assert len(found) > 150
    for context, message in found:
        source = message.findtext("source")
        translation = message.find("translation")
        assert translation.get("type") is None, f"{context}: {source} is not translated"
        texts = [f.text for f in translation.iter("numerusform")] or [translation.text]
        for text in texts:
            assert text, f"{context}: {source}"
            assert sorted(set(PLACEHOLDER.findall(text))) == sorted(
                set(PLACEHOLDER.findall(source))
            ), f"{context}: {source} → {text}"


def test_the_catalogue_is_up_to_date_with_the_code(tmp_path, monkeypatch):
    copy = tmp_path / "survey_app_en.ts"
    shutil.copy(translations.ts_path("en"), copy)
    monkeypatch.setattr(translations, "ts_path", lambda language: copy)
    translations.update()
    assert [m.findtext("source") for _c, m in messages(copy)] == [
        m.findtext("source") for _c, m in messages(translations.TS_DIR / "survey_app_en.ts")
    ]
    unfinished = [m.findtext("source") for _c, m in messages(copy)
                  if m.find("translation").get("type") == "unfinished"]  # fmt: skip
    assert unfinished == [], "run `python -m survey_app.ui.translations update` and translate"


def test_build_makes_the_qm_files(tmp_path):
    built = translations.build(tmp_path)
    assert [p.name for p in built] == ["survey_app_en.qm"]
    assert built[0].stat().st_size > 1000


def test_language_codes():
    assert translations.normalise_language("en_US") == "en"
    assert translations.normalise_language("zh-CN") == "zh_CN"
    assert translations.normalise_language(None) == "zh_CN"
