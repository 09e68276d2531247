"""Judging answers: the choice kind, and the staged build graded with the student's own functions."""

from dataclasses import replace

import numpy as np
import pytest

from nnlesson.classroom.compare import compare
from nnlesson.classroom.guard import guarded_call
from nnlesson.classroom.records import EXERCISES


@pytest.mark.parametrize("got", ["b", "B", " b\n"])
def test_a_choice_is_right_whatever_its_case_and_spaces(got):
    assert compare(("answer", "choice"), got, "b", 0, 0) == []


def test_a_wrong_choice_is_not_told_the_right_one():
    (problem,) = compare(("answer", "choice"), "c", "b", 0, 0)
    assert "'c' is not the right choice" in problem
    assert "'b'" not in problem


@pytest.mark.parametrize("got, words", [(2, "int"), (["b"], "list of 1 items"), (np.array(["b"]), "array")])
def test_a_choice_that_is_not_a_string_says_what_came(got, words):
    (problem,) = compare(("answer", "choice"), got, "b", 0, 0)
    assert "as a string" in problem and words in problem


def test_other_exercises_are_replaced_only_when_an_exercise_is_graded_alone():
    record = EXERCISES["forward_output"]
    namespace = {}
    exec("def sigmoid(z):\n    return 'mine'\n\ndef forward_output(thetas, X):\n    return sigmoid(X)", namespace)
    alone = guarded_call(record, namespace["forward_output"], ((), 1.0), EXERCISES)
    assert alone.replaced == ("sigmoid",) and alone.result != "mine"
    staged = guarded_call(replace(record, graded_alone=False), namespace["forward_output"], ((), 1.0), EXERCISES)
    assert staged.replaced == () and staged.result == "mine"
    assert namespace["sigmoid"](0) == "mine"  # put back
