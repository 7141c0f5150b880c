"""EPSS self-assessment and Satu Data Award tool."""

__version__ = "0.1.0"
