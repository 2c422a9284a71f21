"""Shelter Desktop: offline, encrypted case records for shelters and victim-service agencies."""

APP_NAME = "Shelter Desktop"
APP_ID = "shelter-desktop"
__version__ = "0.1.0"
