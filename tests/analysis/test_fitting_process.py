"""Suggestion models fitted in a process of their own (analysis/fitting_process.py): the same
models as fitted in this one, and a fit no longer wanted stops."""

from concurrent.futures import CancelledError
from concurrent.futures.process import BrokenProcessPool

import pytest

from afpak_coder.analysis import suggester
from afpak_coder.analysis.fitting_process import FittingProcess
from afpak_coder.analysis.suggestion_quality import TrainingCancelled
from test_suggestions import _coded_project

# What is fitted is read from the project beforehand (tested on both backends in test_suggestions).
pytestmark = pytest.mark.file_only


@pytest.fixture(scope="module")
def fitter():
    process = FittingProcess()  # one process for the module's tests: each start is a second or two
    yield process
    process.close()


def test_models_fitted_in_the_fitting_process_are_those_fitted_here(project, fitter):
    _coded_project(project)
    data = suggester.read_training_data(project, project.coder("Ayesha"))
    there, here = fitter.fit(data, 1), suggester.fit_suggestions(data)
    assert (there.coder_id, there.claims, there.sources) == (here.coder_id, here.claims, here.sources)
    assert there.quality == here.quality
    for document in project.documents():
        for start in range(0, document.length - 40, 97):
            assert there.suggest(document, start, start + 40) == here.suggest(document, start, start + 40)
    assert fitter.fit(data, 2).quality == here.quality  # the process serves the next fit too


def test_a_fit_no_longer_wanted_stops_and_the_next_one_runs(project, fitter):
    _coded_project(project)
    data = suggester.read_training_data(project, project.coder("Ayesha"))
    first = fitter.fit_later(data, 7)
    fitter.stop(7)  # e.g. the coder switched meanwhile
    with pytest.raises(TrainingCancelled):
        first.result()
    fitter.stop(99)  # another fit's number: this one is still wanted
    assert fitter.fit(data, 8).model is not None
    superseded = fitter.fit_later(data, 9)
    latest = fitter.fit_later(data, 10)  # a newer fit makes the older one stop
    with pytest.raises(TrainingCancelled):
        superseded.result()
    assert latest.result().model is not None


def test_closing_ends_a_fit_at_once(project):
    _coded_project(project)
    data = suggester.read_training_data(project, project.coder("Ayesha"))
    fitter = FittingProcess()
    assert fitter.fit(data, 1).model is not None  # the process is up
    running = fitter.fit_later(data, 2)
    fitter.close()  # e.g. the app quits part way through a long training
    with pytest.raises((CancelledError, TrainingCancelled, BrokenProcessPool)):  # no models
        running.result(timeout=30)
    assert fitter.fit(data, 3).model is not None  # a fit after closing starts a new process
    fitter.close()
