"""Printed documents (reportlab): pure functions from domain objects to PDF bytes, in memory.

Imports only the domain and i18n (tests/test_layers.py), so a report can be rendered and
tested without a vault, a session or Qt.
"""
