"""The language a student reads follows --lang, else the locale."""

from grader.i18n import from_locale, resolve


def test_chinese_locales_give_zh():
    for value in ("zh_CN.UTF-8", "zh_TW.UTF-8", "zh_SG", "zh"):
        assert from_locale({"LANG": value}) == "zh"


def test_other_and_missing_locales_give_en():
    assert from_locale({"LANG": "en_US.UTF-8"}) == "en"
    assert from_locale({"LANG": "de_DE.UTF-8"}) == "en"
    assert from_locale({}) == "en"


def test_posix_precedence():
    assert from_locale({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert from_locale({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}) == "zh"
    assert from_locale({"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}) == "zh"
    assert from_locale({"LANGUAGE": "", "LANG": "zh_CN.UTF-8"}) == "zh"


def test_option_wins_over_locale():
    assert resolve("en", {"LANG": "zh_CN.UTF-8"}) == "en"
    assert resolve("ZH", {"LANG": "en_US.UTF-8"}) == "zh"
    assert resolve(None, {"LANG": "zh_CN.UTF-8"}) == "zh"
