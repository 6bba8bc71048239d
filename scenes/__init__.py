"""Manim scenes and the reusable visual components they are built from.

Components (``ContourMap``, ``DescentPath``, ``FitPanel``, ...) turn one
gdcore object into one VGroup; scenes arrange them into a story. Nothing
here trains: the numbers come from gdcore.
"""
