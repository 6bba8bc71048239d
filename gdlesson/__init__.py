"""gdlesson: animated lessons on mini-batch gradient descent, made with Manim Community.

The packages, in the one direction data flows: each module imports only its own package and those above
it (``tests/test_layers.py`` reads every import statement and fails on any other)::

    gdcore              numbers: Dataset -> Bowl -> train() -> Trajectory (never imports manim)
    gdlesson.text       how every number and minus sign is written on screen (no manim)
    gdlesson.scratch    scratch folders that a killed process leaves are swept at the next start (no manim)
    gdlesson.lesson     settings, the run derived from them, caption claims (no manim)
    gdlesson.voice      narration: voices, recordings, the mixed track (no manim but voice.voiceover)
    gdlesson.render     RenderScene's machinery: every use of manim's internals, pacing, fades, polylines
    gdlesson.mobjects   components: ContourMap, DescentPath, FitPanel, SeriesPlot, CaptionBar, ...
    gdlesson.story      LessonScene, playing a descent with its captions, the story parts scenes share
    gdlesson.cli        the ``gdlesson`` command, a scene's script, the YouTube export, the scene catalogue
    scenes/             (not a package) the files handed to manim, one storyboard each
"""
