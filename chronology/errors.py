"""Errors the core raises for the window and the command line to put into words."""
from __future__ import annotations


class Cancelled(Exception):
    """The person asked a long job to stop; it stopped having written nothing."""
