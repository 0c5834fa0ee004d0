"""Tag news sentences as reporting, quotation, opinion or boilerplate, and profile sources."""

__version__ = "0.1.0"
