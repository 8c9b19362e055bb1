"""The plan assistant: grounded, cited answers about a district development plan."""

from .answer import Assistant
from .config import Settings
from .types import Answer, Citation, Route

__all__ = ["Answer", "Assistant", "Citation", "Route", "Settings"]
