"""Which language a student reads: English or Simplified Chinese.

Why one place: every student command takes `--lang`, and when it is not given the
language follows the locale, the way a Chinese-speaking student's terminal already
says what it prefers. Decided once here so the quiz, the report, the hints and the
release agree.
"""

from __future__ import annotations

import os
from typing import Literal, Mapping

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")
DEFAULT: Lang = "en"


def from_locale(environ: Mapping[str, str] | None = None) -> Lang:
    """The language the locale asks for, by POSIX precedence (LC_ALL, LC_MESSAGES, LANG).

    LANGUAGE (GNU's preference list) is read first when set, as gettext does.
    Any Chinese locale (zh_CN, zh_TW, zh_SG, zh.UTF-8, ...) gives "zh"; everything else "en".
    """
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value:
            continue
        first = value.split(":", 1)[0].strip().lower()
        if first in ("", "c", "posix") or first.startswith("c."):
            if name == "LANGUAGE":
                continue  # an empty or C preference list defers to the locale
            return DEFAULT
        return "zh" if first.startswith("zh") else DEFAULT
    return DEFAULT


def resolve(option: str | None, environ: Mapping[str, str] | None = None) -> Lang:
    """`--lang` when given (already checked by click), else the locale's language."""
    if option:
        lang = option.strip().lower()
        if lang in LANGS:
            return lang  # type: ignore[return-value]
    return from_locale(environ)
