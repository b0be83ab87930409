"""The peak memory of one step, measured in a fresh child process.

Why a child process: an allocator that caches (TensorFlow's oneDNN build keeps a pool of
freed buffers on CPUs with AVX-512; some malloc implementations do the same) lets a second
call of a step reuse the first call's buffers, so the process's resident memory never rises
and a measurement of that second call sees almost nothing (5 MB for a step that builds a
384 MB matrix, measured on one machine and not on another). A fresh process has no such pool:
it warms up at a tiny size (imports, thread pools, the library code a step runs), then builds
the step at the size asked and measures its first call, so every buffer the step needs is
new memory, whichever allocator the platform has.

The figure is the process's peak resident memory during the call minus its resident memory
just before it (Linux: ``VmHWM`` reset through ``/proc/self/clear_refs``; macOS:
``ru_maxrss``, which cannot be reset, so the baseline is the peak before the call and the
figure is a lower bound). It counts every buffer the call allocates (TensorFlow's
temporaries, NumPy's, an optimizer's first state) and nothing that existed before it (the
data, the variables). Where neither is available (Windows), ``supported()`` is False.

Used by: ``clinic_dense_vs_sparse``.
"""

from __future__ import annotations

import gc
import json
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import BinaryIO

import cloudpickle

CHILD_SECONDS = 300  # one measurement's allowance, the step's build included


def supported() -> bool:
    """Whether this system reports a process's peak memory (Linux, macOS)."""
    return os.path.exists("/proc/self/clear_refs") or sys.platform == "darwin"


def step_peaks_mb(
    make_step: Callable[..., Callable[[], object]],
    sizes: Sequence[Sequence[int]],
    warm_up: Sequence[int],
) -> list[float]:
    """How far one call of ``make_step(*size)()`` raises resident memory, per size, in MB.

    ``make_step(*size)`` builds a step (data, variables, a compiled function) and returns it
    as a function of no arguments; it may be defined in a notebook (it is sent to the child
    by value, with ``cloudpickle``). For each size, a fresh child process first builds and
    runs ``make_step(*warm_up)``, a tiny version, then builds the real step, takes its
    resident memory, runs the step once and reports how far the peak rose above that. The
    children run side by side (as many as there are cores): each measures only itself.

    Args:
        make_step: ``(*size) -> step``, e.g. ``(users, movies) -> one training step``.
        sizes: the arguments of each step to measure, e.g. ``[(1_000, 6_000), ...]``.
        warm_up: the arguments of the tiny warm-up, e.g. ``(10, 60)``.

    Returns:
        One rise of the peak per size, in MB (1e6 B, 0 or more), in the order of ``sizes``.

    Raises:
        TypeError: ``make_step`` is not a function.
        OSError: the system reports no peak memory (see ``supported``).
        RuntimeError: a child process failed; its last lines of output say why.
    """
    if not callable(make_step):
        raise TypeError(
            f"expected a function that builds a step, got {type(make_step).__name__}")
    if not supported():
        raise OSError(f"{sys.platform} reports no peak memory of a process (Linux, macOS do)")
    jobs = [pickle.dumps(sys.path) + cloudpickle.dumps((make_step, tuple(size), tuple(warm_up)))
            for size in sizes]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return list(pool.map(_measure_in_a_child, jobs))


def _measure_in_a_child(job: bytes) -> float:
    """Runs one pickled measurement in a fresh Python; its peak in MB."""
    child = subprocess.run([sys.executable, "-m", "helpers.memory"], input=job,
                           capture_output=True, timeout=CHILD_SECONDS, check=False)
    if child.returncode != 0:
        tail = child.stderr.decode(errors="replace").strip().splitlines()[-5:]
        raise RuntimeError("the measuring process failed:\n" + "\n".join(tail))
    return json.loads(child.stdout.decode().strip().splitlines()[-1])["peak_mb"]


def _resident_kib() -> int:
    """This process's resident memory now, in KiB (Linux ``VmRSS``; macOS: its peak so far)."""
    if sys.platform == "darwin":
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # bytes on macOS
    return _status_kib("VmRSS")


def _peak_kib() -> int:
    """This process's peak resident memory since the last reset, in KiB."""
    if sys.platform == "darwin":
        return _resident_kib()
    return _status_kib("VmHWM")


def _reset_peak() -> None:
    """Sets the peak marker to the resident memory now (Linux; macOS cannot)."""
    if sys.platform != "darwin":
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")


def _status_kib(field: str) -> int:
    """One ``kB`` field of ``/proc/self/status`` (``VmRSS``, ``VmHWM``), in KiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise OSError(f"/proc/self/status has no {field} line")


def _return_freed_memory_to_the_system() -> None:
    """With glibc, big buffers are mapped and unmapped one by one, so none is reused unseen."""
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD, fixed
        libc.mallopt(-1, 128 * 1024)  # M_TRIM_THRESHOLD
        libc.malloc_trim(0)


def _measure_in_this_process(job: BinaryIO) -> float:
    """The child's side of ``step_peaks_mb``: warm up, build, measure one call; MB."""
    sys.path[:0] = pickle.load(job)  # the parent's: its modules unpickle here too
    make_step, size, warm_up = pickle.load(job)
    _return_freed_memory_to_the_system()
    make_step(*warm_up)()
    step = make_step(*size)
    gc.collect()
    _return_freed_memory_to_the_system()
    baseline = _resident_kib()
    _reset_peak()
    step()
    return max(0.0, (_peak_kib() - baseline) * 1024 / 1e6)


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    print(json.dumps({"peak_mb": _measure_in_this_process(sys.stdin.buffer)}))
