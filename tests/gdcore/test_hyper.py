"""Hyperparameters: one checked value that a run is asked for and that its Trajectory carries."""

import dataclasses

import pytest

from gdcore import Hyperparameters, Trajectory, make_linear_data, train, train_reference


def test_fields_are_normalised_to_plain_types():
    hyper = Hyperparameters(lr=1, batch_size=4, epochs=2, init=[1, -2], seed=3)
    assert (hyper.lr, hyper.init) == (1.0, (1.0, -2.0))
    assert type(hyper.lr) is float and type(hyper.init[0]) is float
    with pytest.raises(dataclasses.FrozenInstanceError):
        hyper.lr = 2.0


def test_a_run_carries_the_hyperparameters_it_was_given(tmp_path):
    data = make_linear_data(20, seed=1)
    hyper = Hyperparameters(lr=0.05, batch_size=5, epochs=3, init=(1.0, 2.0), seed=7, shuffle=False)
    for function in (train, train_reference):
        run = function(data, hyper)
        assert run.hyper == hyper
        assert (run.lr, run.batch_size, run.epochs, run.init, run.seed, run.shuffle) == (
            0.05,
            5,
            3,
            (1.0, 2.0),
            7,
            False,
        )
    path = tmp_path / "run.npz"
    train(data, hyper).save(path)
    assert Trajectory.load(path).hyper == hyper


def test_keywords_and_the_value_give_the_same_run():
    data = make_linear_data(30, seed=2)
    hyper = Hyperparameters(lr=0.1, batch_size=7, epochs=4, init=(3.0, -1.0), seed=5)
    by_value, by_keywords = train(data, hyper), train(data, **dataclasses.asdict(hyper))
    assert (by_value.w == by_keywords.w).all() and (by_value.b == by_keywords.b).all()


def test_a_value_and_keywords_together_are_refused():
    data = make_linear_data(10, seed=1)
    with pytest.raises(TypeError, match="not both"):
        train(data, Hyperparameters(lr=0.1, batch_size=2, epochs=1), lr=0.2)
    with pytest.raises(TypeError, match="Hyperparameters"):
        train(data, {"lr": 0.1})
    with pytest.raises(TypeError, match="unexpected keyword"):
        train(data, lr=0.1, batch_size=2, epochs=1, nesterov=True)
