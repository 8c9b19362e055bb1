"""The WeChat Official Account (公众号) edge: the server URL WeChat calls, over the same Assistant.

- ``GET /wechat`` answers WeChat's URL check: the ``signature`` of token, ``timestamp`` and
  ``nonce`` must match (403 otherwise); the answer is ``echostr`` unchanged.
- ``POST /wechat`` checks the same signature (and ``msg_signature`` in safe mode), parses the
  message with wechatpy and answers with a passive text reply to the sender:
  a text (or recognised voice) message gets the plan's answer, its content cut to WeChat's 2048
  UTF-8 bytes by shortening quotes ("…") and never dropping a 【N】 citation; a subscribe event
  gets a welcome with example questions; images and other types get a note on what the assistant
  can read. Unsubscribe and other events get ``success`` (WeChat's "no reply").
- WeChat gives up after 5 s and retries the same ``MsgId`` (3 attempts in all). The first attempt
  claims the MsgId in a :class:`TTLStore`; a retry is answered from the stored reply, or waits for
  the first attempt (never past its own deadline) instead of computing again. The answer must be
  ready ``DEADLINE`` (4.3 s) after the message arrived; if it is not (a generative model that is
  slow, or hangs), the extractive answer — verbatim quotes, milliseconds — is sent instead, so the
  reply still cites the plan and still arrives inside WeChat's 5 s.
- Hostile input: the body is capped (64 KiB) by :class:`assistant.security.Guard` before it is
  read, an unsigned request is refused before its XML is parsed, XML with a DOCTYPE or entity
  declaration is refused with 400 (xmltodict also refuses entity declarations), and anything
  wechatpy cannot parse is a 400 — never a 500.

The per-user follow-up history ("那未来乡村呢？"), the MsgId claims and the nonces seen live in a
:class:`assistant.state.TTLStore` (in memory for one process, in Redis for several copies, so a
retry that lands on another copy waits for, and sends, the first copy's reply).

Example::

    app.include_router(wechat_router(settings, limiter=limiter))
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
import time

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from .config import Settings
from .questionlog import QuestionLog, record_answer
from .security import WECHAT_BODY_CAP, RateLimiter
from .state import LimitsUnavailable, MemoryTTLStore, TTLStore
from .types import MARK_RE

log = logging.getLogger(__name__)

REPLY_BYTES = 2048  # WeChat's limit on a text reply's Content, in UTF-8 bytes
DEADLINE = 4.3  # seconds: WeChat drops the connection at 5 s; leaves time for the extractive fallback
DEDUP_TTL = 300.0  # retries come within ~15 s; keep the first reply well past that
HISTORY_TTL = 1800.0  # a follow-up within 30 minutes still knows the previous question
POLL = 0.05
CLIPPED_NOTE = "\n（原文较长，已节选。）"
MARK_SPLIT = re.compile(r"(【\d{1,3}】)")
HOSTILE_XML = re.compile(rb"<!\s*(doctype|entity)", re.IGNORECASE)
TIMESTAMP_WINDOW_S = 300.0  # a signed request older or newer than this is refused (WeChat's clock is accurate)
OPENID = re.compile(r"^[A-Za-z0-9_\-@.]{1,128}$")


# ---- fitting an answer into 2048 bytes ---------------------------------------------------------


def utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def clip(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` UTF-8 bytes, ending in "…" (at a clause end if one is near)."""
    if utf8_len(text) <= max_bytes:
        return text
    lead = text[: len(text) - len(text.lstrip())]  # keep the line break before a quote
    body = text[len(lead):]
    room = max_bytes - utf8_len(lead) - utf8_len("…")
    if room <= 0:
        return lead if utf8_len(lead) <= max_bytes else ""
    kept, size = [], 0
    for ch in body:
        size += utf8_len(ch)
        if size > room:
            break
        kept.append(ch)
    cut = "".join(kept)
    # Prefer ending after a clause if that keeps most of what fits.
    ends = [cut.rfind(p) for p in "。；;，,、"]
    best = max(ends)
    if best >= 0.6 * len(cut):
        cut = cut[: best + 1]
    return lead + cut.rstrip("，,、；;：:") + "…"


def fit_reply(text: str, limit: int = REPLY_BYTES) -> str:
    """The answer shortened to ``limit`` UTF-8 bytes: every 【N】 mark kept, the text around them shortened.

    The longest passages are shortened first (each to the same byte cap), so a short lead
    ("第14条“…”提出：") keeps its words while a long quote gives up its tail.
    """
    text = text.replace("]]>", "]]＞")  # the reply travels in CDATA
    if utf8_len(text) <= limit:
        return text
    pieces = MARK_SPLIT.split(text)  # text, mark, text, mark, …, text
    marks = pieces[1::2]
    texts = pieces[0::2]
    avail = limit - sum(utf8_len(m) for m in marks) - utf8_len(CLIPPED_NOTE)
    sizes = [utf8_len(t) for t in texts]
    lo, hi = 0, max(sizes)
    while lo < hi:  # the largest per-passage cap that fits
        mid = (lo + hi + 1) // 2
        if sum(min(s, mid) for s in sizes) <= avail:
            lo = mid
        else:
            hi = mid - 1
    out = [clip(t, lo) for t in texts]
    merged = "".join(x for pair in zip(out, [*marks, ""], strict=True) for x in pair).rstrip()
    result = merged + CLIPPED_NOTE
    if utf8_len(result) > limit:  # only if the marks alone overflow: cut hard, on a character boundary
        result = result.encode("utf-8")[:limit].decode("utf-8", "ignore")
    return result


def clipped_tasks(history: list[dict]) -> list[int]:
    """The tasks the last reply cited, when it was cut to WeChat's size (its note says so); else none."""
    last = str(history[-1].get("content") or "") if history and history[-1].get("role") == "assistant" else ""
    if not last.endswith(CLIPPED_NOTE.strip()):
        return []
    return list(dict.fromkeys(int(n) for n in MARK_RE.findall(last)))[:5]


# ---- the endpoint --------------------------------------------------------------------------------


def welcome_text(assistant) -> str:
    """The reply to a new follower: what the assistant does and questions to try (from the plan's profile)."""
    profile, tasks = assistant.profile, assistant.corpus.tasks
    lead = profile.welcome or (f"您好！我是《{profile.title}》问答助手，只依据规划{assistant.citer.span()}的原文回答，"
                               f"并注明出处，如【{tasks[0].number}】。")
    return "\n".join([lead, "可以这样问我：", *[f"· {q}" for q in profile.examples[:3]]])


def unsupported_text(assistant, kind: str) -> str:
    """The reply to an image, voice, video, location …: what the assistant can read instead."""
    names = {"image": "图片", "voice": "语音", "video": "视频", "shortvideo": "小视频", "location": "位置",
             "link": "链接", "file": "文件"}
    what = names.get(kind, "这类消息")
    return (f"抱歉，我暂时看不懂{what}，只能回答文字提问。我依据《{assistant.profile.title}》的原文作答，"
            f"例如：“{assistant.profile.examples[0]}”")


class WeChatEndpoint:
    """``/wechat`` over the app's Assistant (``request.app.state.assistant``)."""

    def __init__(self, settings: Settings, store: TTLStore | None = None, limiter: RateLimiter | None = None,
                 deadline: float = DEADLINE, questions: QuestionLog | None = None):
        self.settings = settings
        self.questions = questions
        self.token = settings.wechat_token
        self.store = store or MemoryTTLStore()
        self.limiter = limiter
        self.deadline = deadline
        self.crypto = None
        if bool(settings.wechat_aes_key) != bool(settings.wechat_appid):
            raise ValueError("safe mode needs both WECHAT_AES_KEY and WECHAT_APPID (or neither, for plaintext mode)")
        if settings.wechat_aes_key and self.token:
            from wechatpy.crypto import WeChatCrypto

            self.crypto = WeChatCrypto(self.token, settings.wechat_aes_key, settings.wechat_appid)
        self.router = APIRouter(tags=["wechat"])
        self.router.add_api_route("/wechat", self.verify, methods=["GET"], summary="WeChat server URL check",
                                  response_class=PlainTextResponse)
        self.router.add_api_route("/wechat", self.receive, methods=["POST"], summary="WeChat messages (XML)",
                                  response_class=Response)

    # ---- checks ----------------------------------------------------------------------------

    def _refuse(self, request: Request) -> Response | None:
        """A response refusing the request, or None when it is signed with our token."""
        from wechatpy.exceptions import InvalidSignatureException
        from wechatpy.utils import check_signature

        if not self.token:
            return JSONResponse({"detail": "the WeChat endpoint is off: set WECHAT_TOKEN to the Token "
                                           "entered in the 公众号 console"}, status_code=404)
        q = request.query_params
        signature, timestamp, nonce = q.get("signature"), q.get("timestamp"), q.get("nonce")
        if not (signature and timestamp and nonce):
            return JSONResponse({"detail": "not a WeChat request: signature, timestamp and nonce are required"},
                                status_code=403)
        try:
            check_signature(self.token, signature, timestamp, nonce)
        except InvalidSignatureException:
            return JSONResponse({"detail": "the signature does not match: check WECHAT_TOKEN against the "
                                           "Token in the 公众号 console"}, status_code=403)
        # The signature covers token, timestamp and nonce only: without a window, a triple seen once
        # (in a log, say) would sign any body forever.
        if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12) \
                or abs(time.time() - int(timestamp)) > TIMESTAMP_WINDOW_S:
            return JSONResponse({"detail": f"the timestamp is not within {TIMESTAMP_WINDOW_S:g} s of this server's "
                                           "clock: WeChat sends the current Unix time (check the server clock)"},
                                status_code=403)
        return None

    def _replayed(self, timestamp: str, nonce: str, body: bytes) -> bool:
        """Whether this signed (timestamp, nonce) already came with another body inside the window.

        WeChat's own retries resend the same message, which is allowed (and answered once, by MsgId);
        the same signature with a different body is a replay. Remembered in the shared store, so a
        replay sent to another copy of the app is refused too.
        """
        key = f"wechat:nonce:{timestamp}:{nonce}"
        digest = hashlib.sha256(body).hexdigest()
        if self.store.claim(key, 2 * TIMESTAMP_WINDOW_S):
            self.store.put(key, digest, 2 * TIMESTAMP_WINDOW_S)
            return False
        return self.store.get(key) != digest

    async def verify(self, request: Request) -> Response:
        """WeChat's URL check: echo ``echostr`` when the signature is ours."""
        if (refused := self._refuse(request)) is not None:
            return refused
        q = request.query_params
        echostr = q.get("echostr")
        if echostr is None:
            return JSONResponse({"detail": "echostr is missing: WeChat's URL check sends it"}, status_code=400)
        # The check uses its signature up: the same triple cannot then sign a message.
        if self._replayed(q["timestamp"], q["nonce"], b"GET " + echostr.encode()):
            return _bad(403, "this timestamp and nonce were already used for another request")
        return PlainTextResponse(echostr)

    # ---- messages --------------------------------------------------------------------------

    async def receive(self, request: Request) -> Response:
        """One message from WeChat → a passive reply (XML), or ``success`` for "nothing to say"."""
        started = time.monotonic()
        if (refused := self._refuse(request)) is not None:
            return refused
        body = await request.body()
        if len(body) > WECHAT_BODY_CAP:  # the Guard middleware normally stops these earlier
            return _bad(413, f"the message is too large: at most {WECHAT_BODY_CAP} bytes")
        q = request.query_params
        if self._replayed(q["timestamp"], q["nonce"], body):
            return _bad(403, "this timestamp and nonce were already used for another message")
        encrypted = q.get("encrypt_type", "raw").lower() == "aes"
        if self.crypto is not None and not encrypted and not self.settings.wechat_compat:
            # With an AES key the plaintext signature (which does not cover the body) is not enough.
            return _bad(403, "safe mode is on (WECHAT_AES_KEY): only encrypted messages are accepted; set "
                             "WECHAT_COMPAT=true for the console's compatible mode")
        if encrypted:
            if self.crypto is None:
                return _bad(400, "this is a safe-mode message but WECHAT_AES_KEY and WECHAT_APPID are not set")
            if HOSTILE_XML.search(body):
                return _bad(400, "DOCTYPE and entity declarations are not accepted")
            from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException

            try:
                body = self.crypto.decrypt_message(body, q.get("msg_signature", ""), q["timestamp"], q["nonce"])
                body = body.encode("utf-8")
            except InvalidSignatureException:
                return _bad(403, "msg_signature does not match: check WECHAT_TOKEN and WECHAT_AES_KEY")
            except InvalidAppIdException:
                return _bad(403, "the message is for another AppID: check WECHAT_APPID")
            except Exception:  # not XML, no <Encrypt>, bad base64 or padding: the sender's mistake
                return _bad(400, "the encrypted message could not be read")
        if HOSTILE_XML.search(body):
            return _bad(400, "DOCTYPE and entity declarations are not accepted")
        msg = _parse(body)
        if msg is None:
            return _bad(400, "the body is not a WeChat XML message")
        if not (OPENID.match(str(msg.source or "")) and OPENID.match(str(msg.target or ""))):
            return _bad(400, "FromUserName and ToUserName must be WeChat ids")

        content = await self._reply_content(request, msg, started)
        if content is None:
            return PlainTextResponse("success")
        from wechatpy.replies import TextReply

        xml = TextReply(message=msg, content=content).render()
        if encrypted:
            xml = self.crypto.encrypt_message(xml, q["nonce"], q["timestamp"])
        return Response(xml, media_type="application/xml")

    async def _reply_content(self, request: Request, msg, started: float) -> str | None:
        assistant = request.app.state.assistant
        if not assistant.ready:
            return "助手正在加载规划原文，请过几秒再问。"
        kind = msg.type
        if kind == "event":
            event = str(getattr(msg, "event", "") or "").lower()
            return welcome_text(assistant) if event in ("subscribe", "subscribe_scan") else None
        question = None
        if kind == "text":
            question = _text(msg, "content")
        elif kind == "voice":
            question = _text(msg, "recognition")  # WeChat's speech recognition, when the account enables it
            if not question:
                return unsupported_text(assistant, kind)
        else:
            return unsupported_text(assistant, kind)
        if not question:
            return welcome_text(assistant)
        # MsgId identifies a message across WeChat's retries; events have none (time instead). The sender is
        # part of the key: a MsgId another user's message happens to carry never gets that user's reply.
        key = f"wechat:reply:{msg.source}:{_text(msg, 'id') or _text(msg, 'time')}"
        deadline = started + self.deadline
        if not self.store.claim(key, DEDUP_TTL):
            return await self._wait_for(key, deadline)
        try:
            content = await self._answer(assistant, msg.source, question, deadline)
        except Exception:  # the user still gets a reply, and the retry gets the same one
            log.exception("answering a WeChat message failed")
            content = "抱歉，回答时出了点问题，请稍后再试。"
        self.store.put(key, content, DEDUP_TTL)
        return content

    async def _wait_for(self, key: str, deadline: float) -> str:
        """A retry: the first attempt's reply, waiting for it (until our own deadline) if needed."""
        while True:
            if (content := self.store.get(key)) is not None:
                return content
            if time.monotonic() >= deadline:
                return "这个问题还在查找原文，请过几秒再发一次。"
            await asyncio.sleep(POLL)

    async def _answer(self, assistant, user: str, question: str, deadline: float) -> str:
        s = self.settings
        if len(question) > s.max_question_chars:
            return f"问题太长了：请控制在{s.max_question_chars}字以内。"
        try:
            wait = self.limiter.hit("wechat", f"openid:{user}") if self.limiter is not None else None
        except LimitsUnavailable:  # Redis lost and ASSISTANT_REDIS_FAIL=closed; an HTTP error would only be retried
            return "服务暂时繁忙，请稍后再试。"
        if wait is not None:
            return f"您提问太频繁了，请{max(1, round(wait))}秒后再试。"
        history_key = f"wechat:history:{user}"
        history = s.history_window(json.loads(self.store.get(history_key) or "[]"))
        if (clipped := clipped_tasks(history)) and await run_in_threadpool(
                lambda: assistant.understand(question, history).rule == "more of a whole text"):
            # "还有吗" after a task, a list or the outline cut to WeChat's size: not "that was all", but where the
            # rest is (after a search answer, "more" quotes what the reply as sent did not)
            return "上一条回答因微信字数限制已节选。请逐条发送" + "、".join(f"“第{n}条”" for n in clipped) \
                + "查看全文。"
        # The full answer (generated, when a model is configured) runs in a thread we cannot stop;
        # past the deadline it is left to finish on its own and the extractive answer is sent.
        task = asyncio.ensure_future(run_in_threadpool(assistant.ask, question, history))
        try:
            answer = await asyncio.wait_for(asyncio.shield(task), timeout=max(0.1, deadline - time.monotonic()))
        except TimeoutError:
            log.warning("WeChat answer past %.1f s: sending the extractive answer", self.deadline)
            answer = await run_in_threadpool(assistant.extractive, question, history)
        record_answer(self.questions, answer, "wechat", question, user)
        reply = fit_reply(answer.answer)
        # The history keeps the reply as sent: "还有吗" then quotes what the 2048-byte cut left out.
        turns = [*history, {"role": "user", "content": question}, {"role": "assistant", "content": reply}]
        self.store.put(history_key, json.dumps(s.history_window(turns), ensure_ascii=False), HISTORY_TTL)
        return reply


def _bad(status: int, detail: str) -> Response:
    return JSONResponse({"detail": detail}, status_code=status)


def _parse(body: bytes):
    """wechatpy's message object, or None for anything that is not a WeChat message."""
    from wechatpy import parse_message

    try:
        msg = parse_message(body)
    except Exception:  # expat errors, refused entities, a missing <xml> or <MsgType>: all malformed input
        return None
    return msg if msg is not None and isinstance(getattr(msg, "_data", None), dict) else None


def _text(msg, name: str) -> str:
    """A field as stripped text; "" when missing or not text (e.g. nested XML where text belongs)."""
    try:
        value = getattr(msg, name)
    except (TypeError, ValueError):
        return ""
    return value.strip() if isinstance(value, str) else str(value) if isinstance(value, int) and value else ""


def wechat_router(settings: Settings, store: TTLStore | None = None, limiter: RateLimiter | None = None,
                  questions: QuestionLog | None = None) -> APIRouter:
    """The ``/wechat`` routes for these settings (404 with a message while WECHAT_TOKEN is unset)."""
    return WeChatEndpoint(settings, store=store, limiter=limiter, questions=questions).router


__all__ = ["WeChatEndpoint", "clip", "fit_reply", "wechat_router", "welcome_text"]
