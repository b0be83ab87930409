"""Helpers for the workshop "Deep Neural Networks & Recommender Systems with TensorFlow".

What would distract from the lesson lives here; the lesson's own code (models, losses,
training calls) stays in the notebooks. Import the modules you need::

    from helpers import checks, data, metrics, plots, results, runtime

Modules: ``data`` (loading, verifying, splitting), ``metrics`` (rating and ranking
metrics), ``plots`` (the workshop's figures), ``checks`` (lab self-checks), ``results``
(recording headline figures), ``runtime`` (seeding, versions), ``training`` (plumbing
around the Keras rating models), ``recommend`` (top-N lists, similar movies), ``labs``
(builds labs/ from solutions/). Importing the package has no side effects.
"""
