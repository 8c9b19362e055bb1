"""The plan assistant: grounded, cited answers about a district development plan."""

from .answer import Answer, Assistant, Citation
from .config import Settings

__all__ = ["Answer", "Assistant", "Citation", "Settings"]
