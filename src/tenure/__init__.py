"""tenure: every customer-success metric, with explicit definitions, on your own data."""

__version__ = "0.1.0"
