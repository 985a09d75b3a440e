"""The English catalogue covers every UI string, completely, with the same placeholders."""

from __future__ import annotations

import importlib.util
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from survey_app.ui.base import translations

ROOT = Path(__file__).resolve().parents[3]
TS_EN = ROOT / "resources" / "translations" / "survey_app_en.ts"


def build_tool():
    spec = importlib.util.spec_from_file_location(
        "build_resources", ROOT / "tools/build_resources.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PLACEHOLDER = re.compile(r"\{\w+\}|%n")


def messages(path):
    root = ET.parse(path).getroot()
    for context in root.iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name"), message


def test_every_string_is_translated_with_its_placeholders():
    found = list(messages(TS_EN))
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
    tool = build_tool()
    copy = tmp_path / "survey_app_en.ts"
    shutil.copy(TS_EN, copy)
    monkeypatch.setattr(tool, "TS_SOURCES", tmp_path)
    tool.update_catalogues()
    assert [m.findtext("source") for _c, m in messages(copy)] == [
        m.findtext("source") for _c, m in messages(TS_EN)
    ]
    unfinished = [m.findtext("source") for _c, m in messages(copy)
                  if m.find("translation").get("type") == "unfinished"]  # fmt: skip
    assert unfinished == [], "run `python tools/build_resources.py update` and translate"


def test_the_package_ships_catalogues_built_from_the_current_sources(tmp_path):
    tool = build_tool()
    built = tool.built_files(tmp_path)
    assert "survey_app_en.qm" in [p.name for p in built]
    assert translations.qm_path("en").stat().st_size > 1000
    assert tool.out_of_date() == []


def test_language_codes():
    assert translations.normalise_language("en_US") == "en"
    assert translations.normalise_language("zh-CN") == "zh_CN"
    assert translations.normalise_language(None) == "zh_CN"
