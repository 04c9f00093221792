"""The one cross-org name normalization (pipelines/names.py): what it merges and what it keeps apart."""

from __future__ import annotations

import pytest

from pipelines.names import name_key


@pytest.mark.parametrize(
    "a, b",
    [
        ("Team Meeting", "Team-Meeting"),
        ("Team Meeting", "  team   meeting "),
        ("Team Meeting", "Team–Meeting"),  # en dash
        ("Break", "Bréak"),
        ("Break", "ＢＲＥＡＫ"),  # full-width
        ("TeamMeeting", "Team\u200bMeeting"),  # a zero-width space is invisible, not a separator
        ("Strasse", "Straße"),
        ("Διάλειμμα", "ΔΙΑΛΕΙΜΜΑ"),
    ],
)
def test_the_same_name_written_differently_has_one_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("東京", "大阪"),
        ("Tokyo 東京", "Osaka 大阪"),
        ("ガ", "カ"),  # a dakuten makes another letter: kept
        ("استراحة", "اجتماع"),
        ("Break 1", "Break 2"),
    ],
)
def test_different_names_in_any_script_keep_different_keys(a, b):
    assert name_key(a) != name_key(b) and name_key(a) and name_key(b)


def test_examples_of_the_docstring():
    assert name_key(" Team–Meeting ") == "team meeting"
    assert name_key("Pausa Café") == "pausa cafe"
    assert name_key("休憩") == "休憩"
    assert name_key(None) is None
    assert name_key("--") == ""
