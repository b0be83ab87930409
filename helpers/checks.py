"""Self-checks for the labs: one printed line, kind and specific.

Every check prints exactly one line and returns a :class:`CheckResult`:

- ``PASS · ...``: the target is met;
- ``NOT YET · ...``: what was measured, the target, and a hint (never the answer);
- ``NOT ATTEMPTED · ...``: the ``Do:`` place still holds its blank (``None`` or ``...``).

In a lab a check never raises, so Run All always reaches the end. In a solution (a notebook
whose setup call says ``runtime.setup(role="solution")``) a check that does not pass raises
:class:`CheckFailed` after printing its line, so CI catches a regression.
``WORKSHOP_STRICT_CHECKS=1`` (or ``0``) makes every check strict (or lenient) whatever the
role; the leak test uses ``0`` to run a solution on shuffled test ratings to its end.

Used by: every lab and solution.
"""

from __future__ import annotations

import math
import numbers
import os
from dataclasses import dataclass

from helpers import runtime

PASS, NOT_YET, NOT_ATTEMPTED = "PASS", "NOT YET", "NOT ATTEMPTED"


class CheckFailed(AssertionError):
    """A check did not pass in a solution notebook (strict mode)."""


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: ``status`` is PASS, NOT YET or NOT ATTEMPTED."""

    status: str
    line: str

    def __bool__(self) -> bool:
        return self.status == PASS

    def _ipython_display_(self) -> None:
        """Show nothing when a cell ends with a check: its line is already printed."""


def strict_mode() -> bool:
    """True when a miss raises: in a solution, unless ``WORKSHOP_STRICT_CHECKS`` says otherwise."""
    forced = os.environ.get("WORKSHOP_STRICT_CHECKS", "")
    if forced in ("0", "1"):
        return forced == "1"
    return runtime.current_role() == "solution"


def check_at_least(
    what: str, measured: object, target: float, hint: str, strict: bool | None = None
) -> CheckResult:
    """PASS when the number ``measured`` is at least ``target`` (accuracy, AUC, NDCG...).

    Args:
        what: what was measured, as the attendee would say it ("validation accuracy").
        measured: the attendee's figure; ``None`` or ``...`` means not attempted yet.
        target: the bar to reach.
        hint: a nudge shown with NOT YET; it must not give the answer away.
        strict: raise CheckFailed on a miss; by default only in a solution.
    """
    return _check_number(what, measured, target, hint, higher_is_better=True, strict=strict)


def check_at_most(
    what: str, measured: object, target: float, hint: str, strict: bool | None = None
) -> CheckResult:
    """PASS when the number ``measured`` is at most ``target`` (RMSE, loss, seconds...).

    Arguments as in :func:`check_at_least`.
    """
    return _check_number(what, measured, target, hint, higher_is_better=False, strict=strict)


def check_that(
    what: str, condition: object, hint: str, strict: bool | None = None
) -> CheckResult:
    """PASS when ``condition`` is True, e.g. ``check_that("the loss works on logits", ...)``.

    ``condition`` is ``None`` or ``...`` while the place is not attempted; anything but a
    bool is reported as the wrong kind of answer.
    """
    if is_blank(condition):
        return _report(NOT_ATTEMPTED, f"{what}: fill in the Do: place above, then re-run.", strict)
    if not isinstance(condition, bool):
        return _report(
            NOT_YET, f"{what}: expected True or False, got {describe(condition)}.", strict
        )
    if condition:
        return _report(PASS, what, strict)
    return _report(NOT_YET, f"{what}. Hint: {hint}", strict)


def _check_number(
    what: str,
    measured: object,
    target: float,
    hint: str,
    higher_is_better: bool,
    strict: bool | None,
) -> CheckResult:
    if is_blank(measured):
        return _report(NOT_ATTEMPTED, f"{what}: fill in the Do: place above, then re-run.", strict)
    value = as_number(measured)
    if value is None:
        return _report(
            NOT_YET,
            f"{what}: expected a finite number (a float such as 0.81), got {describe(measured)}.",
            strict,
        )
    sign = ">=" if higher_is_better else "<="
    met = value >= target if higher_is_better else value <= target
    if met:
        return _report(PASS, f"{what} {value:.4g} {sign} {target:.4g}", strict)
    return _report(
        NOT_YET, f"{what} {value:.4g}, target {sign} {target:.4g}. Hint: {hint}", strict
    )


def _report(status: str, text: str, strict: bool | None) -> CheckResult:
    result = CheckResult(status, f"{status} · {text}")
    print(result.line)
    if status != PASS and (strict_mode() if strict is None else strict):
        raise CheckFailed(result.line)
    return result


def is_blank(value: object) -> bool:
    """True while a ``Do:`` place holds its blank: ``None`` or ``...``."""
    return value is None or value is Ellipsis


def as_number(value: object) -> float | None:
    """A finite float from a Python/NumPy number or 0-d array, else None."""
    if isinstance(value, bool):
        return None
    if hasattr(value, "shape") and value.shape == () and hasattr(value, "item"):
        value = value.item()
    if isinstance(value, numbers.Real) and math.isfinite(float(value)):
        return float(value)
    return None


def describe(value: object) -> str:
    """A value as a NOT YET line names it: its type, and its repr when that is short."""
    kind = type(value).__name__
    text = repr(value)
    return f"{kind} {text}" if len(text) <= 40 else kind


class SettingError(ValueError):
    """A lab setting of the wrong kind; Jupyter shows its one sentence, no traceback."""

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


def require_setting(
    name: str,
    value: object,
    *,
    options: tuple[object, ...] | None = None,
    each: bool = False,
    whole: bool = False,
    low: float | None = None,
    above: float | None = None,
    below: float | None = None,
) -> None:
    """Refuse, in one sentence, a setting a lab's ``Do:`` place holds, before it is used.

    Args:
        name: the setting as the lab spells it (``"EMBEDDING_DIM"``).
        value: what it holds now.
        options: the values allowed, if a choice among a few (names or classes).
        each: ``value`` is a non-empty tuple or list of such choices (``("genres", "year")``).
        whole: a whole number is expected (``int``, not ``float`` or ``bool``).
        low, above, below: bounds of a number: at least ``low``, more than ``above``,
            less than ``below`` (each optional).

    Raises:
        SettingError: the value is not one of ``options``, not a (whole) number, or out of
            its bounds; the message names the setting and what it expected.
    """
    if options is not None:
        names = ", ".join(getattr(option, "__name__", repr(option)) for option in options)
        if each:
            allowed = (isinstance(value, (tuple, list)) and len(value) > 0
                       and all(_one_of(item, options) for item in value))
        else:
            allowed = _one_of(value, options)
        if not allowed:
            wanted = f"a tuple of some of {names}" if each else f"one of {names}"
            raise SettingError(f"{name} must be {wanted}; got {describe(value)}.")
        return
    number = as_number(value)
    limits = [f"{word} {bound:g}" for word, bound in
              (("at least", low), ("above", above), ("below", below)) if bound is not None]
    wanted = " ".join(["a whole number" if whole else "a number", *limits[:1],
                       *(f"and {limit}" for limit in limits[1:])])
    if (number is None or (whole and not isinstance(value, numbers.Integral))
            or (low is not None and number < low) or (above is not None and number <= above)
            or (below is not None and number >= below)):
        raise SettingError(f"{name} must be {wanted}; got {describe(value)}.")


def _one_of(value: object, options: tuple[object, ...]) -> bool:
    """Whether ``value`` is one of ``options`` (the same object, or equal to it)."""
    return any(value is option or value == option for option in options)
