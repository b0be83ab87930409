"""Helpers for the workshop "Deep Neural Networks & Recommender Systems with TensorFlow".

What would distract from the lesson lives here; the lesson's own code (models, losses,
training calls) stays in the notebooks. Import the modules you need::

    from helpers import checks, data, metrics, plots, results, runtime

Modules: ``data`` (loading and verifying the data sets), ``splits`` (training, validation
and test parts of MovieLens), ``features`` (MovieLens as model inputs: histories,
metadata), ``pokemon`` (the sightings as DNN inputs), ``metrics`` (rating and ranking
metrics), ``plots`` (the workshop's figures), ``checks`` (lab self-checks), ``results``
(recording headline figures), ``runtime`` (seeding, versions, the lock), ``supported``
(which Pythons and platforms), ``memory`` (a step's peak memory), ``training`` (plumbing
around the Keras rating models), ``recommend`` (top-N lists, similar movies), ``labs``
(builds labs/ from solutions/).
Importing the package has no side effects.
"""
