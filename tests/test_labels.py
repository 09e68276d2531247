import numpy as np
import pytest

from nnlesson import one_hot


def test_one_hot_puts_a_single_one_in_the_labels_column():
    yv = one_hot(np.array([2, 0, 1, 2]), 3)
    np.testing.assert_array_equal(yv, [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    assert yv.dtype == np.float64


def test_one_hot_matches_the_matlab_line_with_labels_shifted_by_one():
    # MATLAB: yv = [1:num_labels] == y, with y in 1..K
    y_matlab = np.array([3, 1, 2, 7, 5])
    yv_matlab = (np.arange(1, 8)[None, :] == y_matlab[:, None]).astype(float)
    np.testing.assert_array_equal(one_hot(y_matlab - 1, 7), yv_matlab)


def test_one_hot_rejects_labels_out_of_range_and_suggests_the_matlab_shift():
    with pytest.raises(ValueError, match=r"labels in 0..2, got 3 at index 1.*subtract 1"):
        one_hot(np.array([1, 3, 2]), 3)
    with pytest.raises(ValueError, match=r"got -1 at index 0"):
        one_hot(np.array([-1, 0]), 3)


def test_one_hot_rejects_float_labels_with_a_hint():
    with pytest.raises(TypeError, match=r"integer labels.*astype\(int\)"):
        one_hot(np.array([0.0, 1.0]), 2)
    with pytest.raises(TypeError, match="integer labels"):
        one_hot(np.array([0.5, 1.0]), 2)


def test_one_hot_rejects_bad_num_labels_and_shapes():
    with pytest.raises(TypeError, match="num_labels must be an integer"):
        one_hot(np.array([0]), 2.0)
    with pytest.raises(ValueError, match="num_labels must be >= 1"):
        one_hot(np.array([0]), 0)
    with pytest.raises(ValueError, match=r"y must be a 1-D array"):
        one_hot(np.array([[0, 1]]), 2)
