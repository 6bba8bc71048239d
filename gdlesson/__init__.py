"""gdlesson: animated lessons on mini-batch gradient descent, made with Manim Community.

The packages, in the one direction data flows (each imports only those above it)::

    gdcore              numbers: Dataset -> Bowl -> train() -> Trajectory (never imports manim)
    gdlesson.lesson     settings, the run derived from them, caption claims (no manim)
    gdlesson.render     LessonScene's machinery: every use of manim's internals, pacing, fades
    gdlesson.mobjects   components: ContourMap, DescentPath, FitPanel, SeriesPlot, CaptionBar, ...
    gdlesson.story      LessonScene and the story parts several scenes share
    gdlesson.cli        the ``gdlesson`` command, the YouTube export, the scene catalogue
    scenes/             (not a package) the files handed to manim, one storyboard each
"""
