"""helpers.memory: a step's peak memory, measured in a fresh process, sees known buffers.

The known quantities: a step that materialises a 4,000 x 24,000 float32 matrix (384 MB)
must measure at least 300 MB, whatever the allocator caches; a step that gathers 200,000
rows of 64 floats (51 MB) at most a quarter of that; a step that only reads existing data,
almost nothing.
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from helpers import memory

needs_peak = pytest.mark.skipif(not memory.supported(), reason="no peak memory on this system")


def dense_product_step(users, movies):
    """A compiled step that builds the users x movies product of two 64-column tables."""
    U = tf.Variable(tf.ones((users, 64)))
    V = tf.Variable(tf.ones((movies, 64)))
    return tf.function(lambda: tf.reduce_sum(tf.matmul(U, V, transpose_b=True)))


def gather_step(rows, table_rows):
    """A compiled step that gathers ``rows`` rows of a 64-column table."""
    table = tf.Variable(tf.ones((table_rows, 64)))
    index = tf.constant(np.arange(rows) % table_rows)
    return tf.function(lambda: tf.reduce_sum(tf.gather(table, index)))


def reading_step(floats, _):
    """A step that sums an array which exists before it: it allocates nothing big."""
    kept = np.ones(floats, dtype=np.float32)
    return lambda: float(kept.sum())


@needs_peak
def test_a_dense_384_mb_matrix_measures_at_least_300_mb_and_a_gather_far_less():
    [dense] = memory.step_peaks_mb(dense_product_step, [(4_000, 24_000)], warm_up=(10, 60))
    [gather] = memory.step_peaks_mb(gather_step, [(200_000, 24_000)], warm_up=(10, 60))
    assert 300 <= dense <= 800, dense
    assert gather <= dense / 4, (gather, dense)


@needs_peak
def test_what_exists_before_the_step_is_not_counted():
    [measured] = memory.step_peaks_mb(reading_step, [(25_000_000, 0)], warm_up=(10, 0))
    assert measured < 20, measured  # the 100 MB array was built before the measured call


@needs_peak
def test_a_function_defined_here_reaches_each_child_with_what_it_closes_over():
    megabytes = 200

    def allocate(floats_per_mb, _):
        return lambda: float(np.ones(megabytes * floats_per_mb, dtype=np.float32)[-1])

    measured = memory.step_peaks_mb(allocate, [(250_000, 0), (125_000, 0)], warm_up=(1, 0))
    assert 190 <= measured[0] <= 230 and 95 <= measured[1] <= 115, measured


def test_it_refuses_what_it_cannot_call():
    with pytest.raises(TypeError, match="expected a function that builds a step"):
        memory.step_peaks_mb(42, [(1, 1)], warm_up=(1, 1))


@needs_peak
def test_a_failing_step_is_reported_with_its_error():
    def broken(*_):
        raise ValueError("no such table")

    with pytest.raises(RuntimeError, match="no such table"):
        memory.step_peaks_mb(broken, [(1,)], warm_up=(1,))
