"""aiograpi-rest: a self-hosted REST gateway to Instagram's private API."""

__version__ = "0.1.0"
