"""The one fold by which project names and end customers are compared."""

from odoo.addons.dealer_channel_control import rules


def test_full_width_forms_fold_to_their_ascii_letters():
    # as a Chinese input method types them, the ideographic space included
    assert rules.fold_name("Ｍｅｔｒｏ　Ｌｉｎｅ") == "metroline"
    assert rules.fold_name("２０２６（一期）") == "2026(一期)"


def test_invisible_format_characters_and_all_whitespace_are_dropped():
    for text in (
        "Metro\u200bLine",  # zero-width space
        "Metro\u200c\u200dLine",  # zero-width non-joiner and joiner
        "\ufeffMetro\u2060Line",  # byte order mark, word joiner
        "Metro\u00adLine",  # soft hyphen
        " Metro\tLine\n",
        "Metro\u00a0Line\u3000",  # no-break and ideographic spaces
    ):
        assert rules.fold_name(text) == "metroline", text


def test_case_is_folded_beyond_ascii():
    assert rules.fold_name("STRASSE") == rules.fold_name("straße")
    assert rules.fold_name("ＡＣＭＥ") == rules.fold_name("acme")
    assert rules.fold_name("ﬁre") == rules.fold_name("FIRE")  # ligature


def test_what_differs_visibly_stays_different():
    assert rules.fold_name("Metro Line 2") != rules.fold_name("Metro Line")
    assert rules.fold_name("Metro-Line") != rules.fold_name("Metro Line")
    assert rules.fold_name("北京地铁") != rules.fold_name("南京地铁")


def test_empty_names_fold_to_nothing():
    assert rules.fold_name(None) == rules.fold_name(False) == rules.fold_name("\u200b ") == ""


def test_the_project_key_folds_both_names_and_keeps_them_apart():
    assert rules.project_key("ＡＣＭＥ Corp", "Metro\u200bLine") == rules.project_key(
        "acme corp", "METRO LINE"
    )
    # a "|" inside a name cannot make another end customer and name the same key
    assert rules.project_key("a|b", "c") != rules.project_key("a", "b|c")
    assert rules.project_key("a\\", "|b") != rules.project_key("a\\|", "b")
