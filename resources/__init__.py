"""Chronology's resources — the PDF font with its licence, the icons, the rule settings' defaults
and the bank-holiday table — installed with the package as ``chronology.resources`` (see
setup.cfg) and read through ``chronology.resources_path``."""
