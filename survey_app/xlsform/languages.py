"""Label languages as written in column headers: `label::zh`, `label::Chinese (zh)`,
`label::English(en)`, `label::english`, `label::العربية` all name a language."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

WITH_CODE = re.compile(r"^(.*?)\s*\(\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\s*\)$")
BARE_CODE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*$")
KNOWN_NAMES = {
    "chinese": "zh", "中文": "zh", "汉语": "zh", "简体中文": "zh", "繁體中文": "zh-hant",
    "english": "en", "英文": "en", "英语": "en", "french": "fr", "français": "fr",
    "spanish": "es", "español": "es", "portuguese": "pt", "português": "pt",
    "arabic": "ar", "العربية": "ar", "swahili": "sw", "kiswahili": "sw", "russian": "ru",
    "русский": "ru", "german": "de", "deutsch": "de", "japanese": "ja", "日本語": "ja",
    "korean": "ko", "한국어": "ko", "hindi": "hi", "igbo": "ig", "hausa": "ha",
    "yoruba": "yo", "chichewa": "ny", "bengali": "bn", "urdu": "ur", "indonesian": "id",
    "bahasa indonesia": "id", "vietnamese": "vi", "tiếng việt": "vi", "thai": "th",
    "uyghur": "ug", "tibetan": "bo", "mongolian": "mn",
}  # fmt: skip


@dataclass(frozen=True)
class Language:
    key: str  # the code when known (zh, en), else the lower-case name
    name: str  # as first written in a header
    code: str = ""

    def matches(self, wanted: str) -> bool:
        wanted = wanted.strip().casefold()
        return wanted in (self.key, self.code.casefold(), self.name.casefold())


def parse_language(header_suffix: str) -> Language:
    text = " ".join(header_suffix.split())
    match = WITH_CODE.match(text)
    if match:
        name, code = match.group(1) or match.group(2), match.group(2).lower()
    elif BARE_CODE.match(text) and text.casefold() not in KNOWN_NAMES:
        name, code = text, text.lower()
    else:
        name, code = text, KNOWN_NAMES.get(text.casefold(), "")
    return Language(key=code or name.casefold(), name=name, code=code)


def resolve(wanted: str, languages: Iterable[Language]) -> str | None:
    """The key of the language a user asked for (zh, Chinese, 中文...), or None."""
    if not wanted:
        return None
    for language in languages:
        if language.matches(wanted):
            return language.key
    return parse_language(wanted).key


def pick_text(texts: Mapping[str, str], wanted: list[str], languages: list[Language]) -> str:
    """The text in the first wanted language that has one, else the plain column, else any."""
    for request in wanted:
        key = resolve(request, languages)
        if key is not None and texts.get(key):
            return texts[key]
    if texts.get(""):
        return texts[""]
    ordered = [texts.get(language.key, "") for language in languages]
    return next((text for text in [*ordered, *texts.values()] if text), "")
