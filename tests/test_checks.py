"""helpers.checks: every status, the right message, lenient in a lab, strict in a solution."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import checks, runtime


def _play(role, monkeypatch):
    """Run as if the notebook's setup call had said ``role``."""
    monkeypatch.setitem(runtime._session, "role", role)


@pytest.fixture(autouse=True)
def lab_mode(monkeypatch):
    _play("lab", monkeypatch)
    monkeypatch.delenv("WORKSHOP_STRICT_CHECKS", raising=False)


def test_pass_prints_one_line(capsys):
    result = checks.check_at_least("validation accuracy", 0.81, 0.75, "hint")
    assert result and result.status == checks.PASS
    assert capsys.readouterr().out == "PASS · validation accuracy 0.81 >= 0.75\n"


def test_not_yet_shows_measure_target_and_hint_but_not_answer(capsys):
    result = checks.check_at_most("validation RMSE", np.float32(0.95), 0.9, "lower the L2 weight")
    assert not result and result.status == checks.NOT_YET
    line = capsys.readouterr().out.strip()
    assert line.startswith("NOT YET · validation RMSE 0.95")
    assert "<= 0.9" in line and "Hint: lower the L2 weight" in line


@pytest.mark.parametrize("blank", [None, ...])
def test_blank_is_not_attempted(blank, capsys):
    assert checks.check_at_least("test accuracy", blank, 0.75, "h").status == checks.NOT_ATTEMPTED
    assert capsys.readouterr().out.startswith("NOT ATTEMPTED · test accuracy")


@pytest.mark.parametrize("wrong", ["0.8", [0.8], {"acc": 0.8}, True, float("nan"), np.ones(3)])
def test_wrong_kind_says_what_was_expected(wrong, capsys):
    result = checks.check_at_least("test accuracy", wrong, 0.75, "h")
    assert result.status == checks.NOT_YET
    assert "expected a finite number" in capsys.readouterr().out


def test_zero_d_arrays_and_numpy_scalars_are_numbers():
    assert checks.check_at_least("auc", np.array(0.8), 0.7, "h")
    assert checks.check_at_least("auc", np.float64(0.8), 0.7, "h")


def test_check_that(capsys):
    assert checks.check_that("the loss works on logits", True, "h")
    missed = checks.check_that("the loss works on logits", False, "read the docs")
    assert missed.status == checks.NOT_YET
    assert checks.check_that("x", None, "h").status == checks.NOT_ATTEMPTED
    assert checks.check_that("x", "yes", "h").status == checks.NOT_YET
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "NOT YET · the loss works on logits. Hint: read the docs"
    assert "expected True or False" in lines[3]


def test_a_lab_never_raises():
    checks.check_at_least("a", 0.1, 0.9, "h")
    checks.check_at_least("a", None, 0.9, "h")
    checks.check_at_least("a", "text", 0.9, "h")


def test_a_solution_raises_on_a_miss_wherever_it_runs(monkeypatch, tmp_path, capsys):
    _play("solution", monkeypatch)
    monkeypatch.chdir(tmp_path)  # an instructor's demo folder: the role, not the folder, counts
    assert checks.strict_mode()
    assert checks.check_at_least("a", 0.95, 0.9, "h")
    with pytest.raises(checks.CheckFailed, match="NOT YET · a 0.1"):
        checks.check_at_least("a", 0.1, 0.9, "h")
    with pytest.raises(checks.CheckFailed, match="NOT ATTEMPTED"):
        checks.check_at_most("b", None, 0.9, "h")
    assert "NOT YET · a 0.1" in capsys.readouterr().out


def test_strictness_can_be_forced_either_way(monkeypatch):
    with pytest.raises(checks.CheckFailed):
        checks.check_at_least("a", 0.1, 0.9, "h", strict=True)
    monkeypatch.setenv("WORKSHOP_STRICT_CHECKS", "1")
    assert checks.strict_mode()
    _play("solution", monkeypatch)
    monkeypatch.setenv("WORKSHOP_STRICT_CHECKS", "0")
    assert not checks.strict_mode()
    assert checks.check_at_least("a", 0.1, 0.9, "h").status == checks.NOT_YET


@pytest.mark.parametrize("role", ["tutorial", "lab", None])
def test_only_a_solution_is_strict(role, monkeypatch):
    _play(role, monkeypatch)
    assert not checks.strict_mode()


def test_a_cell_ending_with_a_check_shows_its_line_once():
    from IPython.core.interactiveshell import InteractiveShell

    result = checks.check_at_least("a", 0.95, 0.9, "h")
    formatted = InteractiveShell.instance().display_formatter.format(result)
    assert formatted == ({}, {})  # Jupyter adds nothing to the line the check printed


@pytest.mark.parametrize("value, blank", [(None, True), (..., True), (0, False), ("", False)])
def test_is_blank_only_for_the_two_blanks(value, blank):
    assert checks.is_blank(value) is blank


@pytest.mark.parametrize("value, number", [(np.float32(0.5), 0.5), (np.array(2.0), 2.0),
                                           (3, 3.0), (True, None), (float("inf"), None),
                                           ("0.5", None), (np.array([1.0]), None)])
def test_as_number_takes_finite_real_numbers_only(value, number):
    assert checks.as_number(value) == number


def test_describe_names_the_type_and_a_short_repr():
    assert checks.describe("abc") == "str 'abc'"
    assert checks.describe(list(range(50))) == "list"


@pytest.mark.parametrize("name, value, rules", [
    ("EMBEDDING_DIM", 32, {"whole": True, "low": 1}),
    ("DROPOUT", 0.0, {"low": 0, "below": 1}),
    ("LEARNING_RATE", np.float32(0.01), {"above": 0}),
    ("POOLING", "sqrt", {"options": ("sum", "mean", "sqrt")}),
    ("METADATA", ("genres", "count"), {"options": ("genres", "year", "count"), "each": True}),
])
def test_require_setting_lets_a_good_setting_through(name, value, rules):
    checks.require_setting(name, value, **rules)


@pytest.mark.parametrize("name, value, rules, expected", [
    ("EMBEDDING_DIM", "32", {"whole": True, "low": 1}, "a whole number at least 1; got str '32'"),
    ("EMBEDDING_DIM", 32.0, {"whole": True, "low": 1}, "a whole number at least 1"),
    ("MAX_HISTORY", 0, {"whole": True, "low": 1}, "at least 1; got int 0"),
    ("DROPOUT", 1.0, {"low": 0, "below": 1}, "a number at least 0 and below 1"),
    ("LEARNING_RATE", -0.01, {"above": 0}, "a number above 0; got float -0.01"),
    ("L2_FACTORS", True, {"low": 0}, "a number at least 0; got bool True"),
    ("POOLING", "Mean", {"options": ("sum", "mean", "sqrt")}, "one of 'sum', 'mean', 'sqrt'"),
    ("METADATA", "year", {"options": ("genres", "year"), "each": True}, "a tuple of some of"),
    ("METADATA", ("genre",), {"options": ("genres", "year"), "each": True}, "got tuple"),
    ("METADATA", (), {"options": ("genres", "year"), "each": True}, "got tuple ()"),
])
def test_require_setting_refuses_in_one_sentence_naming_the_setting(name, value, rules,
                                                                    expected):
    with pytest.raises(checks.SettingError) as raised:
        checks.require_setting(name, value, **rules)
    message = str(raised.value)
    assert message.startswith(f"{name} must be ") and expected in message
    # Jupyter shows the sentence alone, without a traceback
    assert raised.value._render_traceback_() == [f"SettingError: {message}"]
