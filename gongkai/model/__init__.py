"""Report model: field catalogue, report/value/location/finding dataclasses, cell reading."""
from . import fields
from .report import (SECTION_NUMERALS, SECTION_TITLES, SEVERITIES, Finding, Location, Paragraph, Report,
                     Section, Value)
from .values import clean, from_flat, interpret, number_value

__all__ = [
    "fields", "Finding", "Location", "Paragraph", "Report", "Section", "Value", "SECTION_TITLES",
    "SECTION_NUMERALS", "SEVERITIES", "clean", "from_flat", "interpret", "number_value",
]
