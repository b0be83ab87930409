"""Can this machine run the workshop? Python 3.11-3.13 on Linux, Windows or an Apple-silicon Mac.

Standard library only, so the README's commands run it with the system's Python before any
environment exists: ``python3 -m helpers.supported`` prints nothing and exits 0 on a
supported machine, or prints one sentence saying what to do and exits 1.

Used by: the README's two commands; ``00_environment_check``.
"""

from __future__ import annotations

import platform
import sys

SUPPORTED_PYTHONS = ((3, 11), (3, 13))
"""The oldest and newest Python the lock resolves for (TensorFlow 2.21 has no 3.14 build)."""


def platform_problem(
    python: tuple[int, int] | None = None, system: str | None = None, machine: str | None = None
) -> str | None:
    """One sentence on why this machine cannot run the workshop's lock, or None if it can.

    Args:
        python: ``(major, minor)``; this interpreter's by default.
        system, machine: ``platform.system()`` and ``platform.machine()``; this one's by default.
    """
    python = python or sys.version_info[:2]
    system = system or platform.system()
    machine = (machine or platform.machine()).lower()
    low, high = SUPPORTED_PYTHONS
    if system == "Darwin" and machine in ("x86_64", "amd64"):
        return ("TensorFlow 2.21 has no build for Intel Macs (the last was 2.16): "
                "use another machine, such as an Apple-silicon Mac or a Linux PC.")
    if not low <= python <= high:
        return (f"Python {python[0]}.{python[1]} is outside the supported "
                f"{low[0]}.{low[1]}-{high[0]}.{high[1]}: run the README's command with one "
                f"of those, for example python3.{high[1]} in place of python3 "
                f"(Windows: py -3.{high[1]}).")
    return None


if __name__ == "__main__":
    problem = platform_problem()
    if problem:
        sys.exit(problem)
