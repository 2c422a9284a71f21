"""Needs assessments: the scoring form, one domain's picker, and the history with its chart."""
