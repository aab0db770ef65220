"""Agencies' returns: asked for with a template, received from the files agencies really send,
each entry keeping its source. See docs/agency-returns.md."""
