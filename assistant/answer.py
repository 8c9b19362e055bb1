"""The assistant: one plan loaded once, each question understood once and answered by its route's handler.

``ask`` reads the question with the :class:`~assistant.router.Router` (normalised, routed, the
follow-up resolved) and hands the Query to the one handler for its route:

| route | handler |
|---|---|
| task, missing_task, section, overview | :class:`~assistant.exact.PlanAnswers` |
| targets, list, mention, name | :class:`~assistant.desk.Desk` |
| search (outcome: search or partial) | :class:`~assistant.search.Searcher`, or the generative answerer |

With a chat model configured, the search and task routes are written by the model and checked
claim by claim (:mod:`assistant.generate`); every other route is exact and stays extractive.
Nothing here knows about HTTP, Gradio or WeChat.

Example::

    assistant = Assistant(Settings())
    assistant.warm_up()
    reply = assistant.ask("到2025年建设多少个未来社区？")
    reply.citations[0].task   # 13
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace

from .catalog import Catalog
from .config import Settings
from .corpus import Corpus, load_corpus
from .desk import MAX_ECHOED, Desk
from .embed import make_embedder
from .exact import PlanAnswers
from .profile import Profile, load_profile
from .retrieve import Retriever
from .router import AREA_FORMS, BODY_KINDS, Query, Router, tagged_words
from .search import RELATED_LEAD, Calibration, Searcher, morphemes
from .spelling import Speller
from .store import load_or_build
from .synonyms import Synonyms, bridge_terms, plan_terms, word_vectors
from .text import content_terms, cut, normalize, teach_words, unlinked
from .types import MARK_RE, Answer, Citer, Route

GENERATED = frozenset({Route.SEARCH, Route.TASK})  # routes a chat model may write (the rest are exact)
# Follow-ups answered exactly even with a model: "还有别的吗" (what was not quoted yet: the model would
# answer the question again) and "这条的标题是什么" (the title, not the task retold).
EXACT_RULES = frozenset({"more", "more of a whole text", "title of the task pointed back to",
                         "titles of the tasks pointed back to", "no translation", "how tasks relate",
                         "no original quoted", "how what relates"})


def teach_plan_terms(corpus: Corpus, catalog: Catalog, places: frozenset[str] = frozenset()) -> frozenset[str]:
    """The plan's own terms (its quoted programme names, the policy lexicons' terms it uses, and the names it
    makes of its own place and a quality, 平安萧山, 健康萧山), made words to the segmenter; what was segmented and
    cached before is segmented again, with them."""
    text = "".join(d.text for d in corpus.documents.values())
    own = {m.group() for p in places for m in re.finditer(rf"[\u4e00-\u9fff]{{2}}{re.escape(p)}", text)
           if (tags := tagged_words(m.group()[:2])) and len(tags) == 1 and tags[0][1] in ("a", "an", "n")}
    terms = plan_terms(corpus, [n.name for n in catalog.names]) | own
    # and the everyday words the bridge knows that jieba's dictionary lacks, kept whole (雾霾, not 雾 + 霾)
    # (two characters, and not in the plan's text, where jieba's cut of the plan's own words stays; nor the stem
    # of a formal term it stands for, 河长 of 河长制, which would be cut apart; a longer key is a phrase, 上学难,
    # whose words jieba cuts as residents mean them)
    everyday = {k for k, formal in bridge_terms().items()
                if len(k) == 2 and k not in text and not any(f.startswith(k) and f != k for f in formal)}
    if teach_words(terms | everyday):
        for cached in (cut, content_terms, tagged_words, morphemes):
            cached.cache_clear()
    return terms


# How the answers to a message's several questions are told apart (in the order asked)
PART_LABELS = ("关于第一个问题：\n", "关于第二个问题：\n", "关于第三个问题：\n")
PART_LABELS_EN = ("On the first question:\n", "On the second question:\n", "On the third question:\n")
NOT_COVERED = "规划原文没有直接回答这个问题。"  # (of one question of several: 名额多不多 after 多少个)
NOT_COVERED_EN = "The plan does not answer this question directly."


def _key(c) -> tuple[int, int, int]:
    """A citation as the text it quotes."""
    return (c.task, c.start, c.end)


PLAN_NAMED = re.compile(r"规划|文件|\bplan\b")  # a question that names the plan itself (规划有几部分)
SAYS_NO = frozenset({Route.MENTION, Route.LIST, Route.MISSING_TASK})  # whose "no" is its own plain answer
NARROWERS = frozenset(AREA_FORMS) | frozenset(BODY_KINDS)  # a kind of place or body a follow-up narrows a topic to
# The routes whose message may ask several questions, each then answered by its own (not the outline, nor the
# follow-ups that only point back: "还有别的吗", "下一条呢")
SPLIT_ROUTES = frozenset({Route.SEARCH, Route.TASK, Route.SECTION, Route.LIST, Route.MENTION, Route.TARGETS,
                          Route.NAME, Route.OVERVIEW})


class Assistant:
    """The plan assistant: corpus, index, router and handlers loaded once, answering questions.

    ``__init__`` only stores settings; ``warm_up()`` loads (or builds) everything and is safe to
    call twice.
    """

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        self.ready = False
        self._lock = threading.Lock()
        self.corpus: Corpus | None = None
        self.plan_text = ""
        self.profile: Profile | None = None
        self.retriever: Retriever | None = None
        self.router: Router | None = None
        self.citer: Citer | None = None
        self.plan: PlanAnswers | None = None
        self.desk: Desk | None = None
        self.searcher: Searcher | None = None
        self.handlers: dict[Route, Callable[[Query], Answer]] = {}
        self.llm = None  # a GenerativeAnswerer when settings.llm_base_url is set

    def warm_up(self, progress=None) -> None:
        """Load the corpus, the embedder and the index (building it if needed). Idempotent."""
        with self._lock:
            if self.ready:
                return
            s = self.settings
            self.corpus = corpus = load_corpus(s.source)
            self.plan_text = "\n".join(d.text for d in corpus.documents.values())
            self.profile = profile = load_profile(s.source, corpus, s.plan_title)
            catalog = Catalog(corpus)
            # (before anything of the plan or a question is segmented)
            terms = teach_plan_terms(corpus, catalog, profile.stop_words)
            embedder = make_embedder(s.embedder, s.embed_model, s.embed_threads)
            embedder.warm_up()
            store = load_or_build(corpus, embedder, s.index_dir, progress=progress)
            self.retriever = Retriever(corpus, embedder, store, mode=s.retrieval, tokenizer=s.tokenizer)
            self.citer = Citer(corpus, profile.title)
            calibration = Calibration.load(s.calibration, f"{s.retrieval}/{s.tokenizer}")
            synonyms = Synonyms(corpus, embedder, word_vectors(s.index_dir))
            self.searcher = Searcher(corpus, self.retriever, synonyms, self.citer, profile.stop_words, calibration,
                                     profile.examples, s.top_k, abbreviated=catalog.abbreviated)
            self.router = Router(corpus, catalog, Speller(corpus), profile.stop_words,
                                 translate=self.searcher.translate_topic, plan_terms=terms, title=profile.title)
            self.searcher.spelled_in_pinyin("warm")  # the plan read in pinyin, once, here rather than in a question
            self.router.places.english  # noqa: B018 (and the places' pinyin, read here, not in an English question)
            self.plan = PlanAnswers(corpus, self.citer)
            self.desk = Desk(corpus, catalog, self.citer, near=self.searcher.agreed_word, alike=self.searcher.alike)
            plan, desk = self.plan, self.desk
            self.handlers = {  # route → the one handler for it
                Route.TASK: plan.task, Route.MISSING_TASK: plan.missing_task, Route.SECTION: plan.section,
                Route.OVERVIEW: plan.overview, Route.TARGETS: desk.targets, Route.LIST: desk.list,
                Route.MENTION: self.mention, Route.NAME: desk.name, Route.SEARCH: self.searcher.answer,
            }
            normalize("預熱")  # load the character converter and jieba now, not on the first question
            content_terms("预热")
            tagged_words("预热")  # jieba's part-of-speech tables: 0.4 s the first question would pay
            if s.llm_base_url:
                from .chat import OpenAIChatModel  # only then: the provider package loads on demand
                from .generate import GenerativeAnswerer

                key = s.llm_api_key.get_secret_value() if s.llm_api_key else None
                model = OpenAIChatModel(s.llm_base_url, s.llm_model, key, timeout=s.llm_budget_s)
                self.llm = GenerativeAnswerer(
                    model, corpus, self.retriever, self.citer, self.extractive_answer, self.searcher.not_covered,
                    title=profile.title, stop_words=profile.stop_words, budget_s=s.llm_budget_s,
                    stream_budget_s=s.llm_stream_budget_s)
            self.ready = True

    # ---- answering ----------------------------------------------------------------------------

    def understand(self, question: str, history: list[dict] | None = None) -> Query:
        """The question as the router reads it (normalised, routed, follow-up resolved)."""
        self.warm_up()
        return self.router.understand(question, history)

    def ask(self, question: str, history: list[dict] | None = None) -> Answer:
        """Answer one question (with optional chat history): generated when a model is configured."""
        started = time.perf_counter()
        query = self.understand(question, history)
        if self.llm is not None and query.route in GENERATED and query.rule not in EXACT_RULES:
            return self.llm.ask(query)
        return self._timed(self.extractive_answer(query, history), started)

    def ask_stream(self, question: str, history: list[dict] | None = None) -> Iterator[str | Answer]:
        """Text deltas of the answer as it is written, then the final Answer (authoritative).

        The extractive answer comes as one delta; a generated one claim by claim.
        """
        started = time.perf_counter()
        query = self.understand(question, history)
        if self.llm is not None and query.route in GENERATED and query.rule not in EXACT_RULES:
            yield from self.llm.ask_stream(query)
            return
        answer = self._timed(self.extractive_answer(query, history), started)
        yield answer.answer
        yield answer

    def extractive(self, question: str, history: list[dict] | None = None) -> Answer:
        """The extractive answer, even when a model is configured (verbatim sentences, each marked)."""
        started = time.perf_counter()
        return self._timed(self.extractive_answer(self.understand(question, history), history), started)

    def extractive_answer(self, query: Query, history: list[dict] | None = None) -> Answer:
        """The one handler for the query's route; a message that asks several questions, each answered in turn."""
        answer = self._handled(query)
        if query.route in SPLIT_ROUTES and query.rule not in EXACT_RULES \
                and len(parts := self.router.parts(query.text, in_a_chat=bool(history))) > 1:
            return self._several(answer, parts, history, query.english, query.focus)
        return answer

    def _several(self, whole: Answer, parts: tuple[str, ...], history: list[dict] | None,
                 english: bool = False, whole_focus: tuple[str, ...] = ()) -> Answer:
        """The questions of one message answered one by one, each by its own route, when that quotes what the
        message answered as one does not ("养老院会多建吗？另外孩子上幼儿园难": both tasks), or says which of them
        the plan does not cover ("养老院会多建吗？另外明天天气怎么样"). Each is read alone, as the message's first
        question would be, unless the router reads it as a follow-up of the ones before it ("…有没有托儿所？单位能
        不能办"); one that alone gets nothing is read after them too ("…论资排辈？年轻人有没有机会"). No answer
        repeats the message's words, nor a search answer a quote an earlier one gave."""
        turns = list(history or [])
        answers: list[Answer] = []
        focuses: list[tuple[str, ...]] = []  # what each was read as asking about
        given: set[tuple[int, int, int]] = set()  # the quotes the answers before gave
        for i, part in enumerate(parts):
            after = self.router.understand(part, turns) if i else None  # read after the questions before it
            leaning = self._handled(after) if after is not None and after.followup else None
            # "…有没有托儿所？单位能不能办", "…垃圾分类了？农村也搞吗": a follow-up, when read so it is answered with
            # what the answers before did not quote (not "孩子上幼儿园难，规划有没有说？看病贵怎么办": short, but of
            # a topic of its own, 看病, and read as a follow-up it would only repeat the 幼儿园 quotes)
            alone = self.router.understand(part, history)
            # (a phrase of the lexicon is a topic of its own though no focus word is: "…？另外找工作也难，这两个规划
            # 有没有说" asks of 找工作, not again of the housing before it)
            phrased = not alone.focus and bool(self.router.lexicon_phrases(alone.text))
            if i and alone.route == Route.OVERVIEW and alone.rule == "overview" and not PLAN_NAMED.search(part):
                return whole  # ("…目标是多少？对应第几项任务": of the question before, not of the plan's outline)
            narrows = not phrased and all(w in NARROWERS for w in alone.focus)
            if leaning is not None and leaning.found and ({_key(c) for c in leaning.citations} - given or narrows):
                answer, read = leaning, after  # (农村也搞吗, 单位能不能办: the topic before, in a place or by a body)
            elif leaning is not None and leaning.citations and self._no_topic(alone) and not phrased:
                answer, read = leaning, after  # ("湘湖那边要怎么搞？要多久建成": 湘湖's text, without the time)
            else:
                answer, read = self._handled(alone), alone
                if leaning is not None and not answer.found and not answer.citations and leaning.citations:
                    answer, read = leaning, after
            answers.append(answer)
            focuses.append(read.focus)
            given |= {_key(c) for c in answer.citations}
            turns += [{"role": "user", "content": part}, {"role": "assistant", "content": answer.answer}]
        if not any(a.found for a in answers):
            return whole
        found_parts = [i for i, a in enumerate(answers) if a.found]
        if whole.found and len(found_parts) == 1 and {_key(c) for c in whole.citations} >= {
                _key(c) for c in answers[found_parts[0]].citations} and set(whole_focus) <= set(
                focuses[found_parts[0]]):
            # one question answered, and the message's answer quotes all it did and more ("湘湖那边要怎么搞？另外要多久
            # 建成": 湘湖 in tasks 19 and 20): that answer is the question's, beside what the other's says
            answers[found_parts[0]] = whole
        told = {_key(c) for a in answers if a.found for c in a.citations}
        said_whole = {_key(c) for c in whole.citations}
        # a question of it the plan does not cover, said so, when the others' answers quote all the message's did
        # (or, of its topic, not what it asks: "湘湖那边要怎么搞？另外要多久建成": 规划没有写到具体时间)
        unanswered = any(not a.found for a in answers) and told >= said_whole
        if not told - said_whole and not unanswered:
            return whole  # (nothing the message's answer lacks, nor a question of it the plan does not cover)
        texts, quoted = [], set()
        for a in answers:
            texts.append((self._unrepeated(a, quoted, english) if a.route == Route.SEARCH else a.answer) if a.found
                         else self._unrepeated(a, quoted, english) if a.citations or a.route in SAYS_NO
                         else NOT_COVERED_EN if english else NOT_COVERED)
            quoted |= {_key(c) for c in a.citations}
        labels = PART_LABELS_EN if english else PART_LABELS
        text = "\n\n".join(labels[i] + t for i, t in enumerate(texts))
        citations = list({_key(c): c for a in answers for c in a.citations}.values())
        # Found: one of its questions at least is answered (a message answered as one may have been refused over
        # another's detail, "村里垃圾分类要全覆盖吗？另外垃圾清运费交多少": the plan answers the first), and each
        # answer says itself what the plan does not.
        return replace(whole, answer=text, citations=citations, found=True)

    def _no_topic(self, query: Query) -> bool:
        """Whether a question asks of no thing of its own: no focus word, or only doings the plan writes (建成)."""
        tags = dict(tagged_words(query.text))
        return all(tags.get(w, "").startswith("v") and tags.get(w) != "vn" and w in self.plan_text
                   for w in query.focus)

    @staticmethod
    def _unrepeated(answer: Answer, quoted: set[tuple[int, int, int]], english: bool = False) -> str:
        """An answer's text without the lines that quote only what an earlier answer quoted (said as 见上)."""
        def given(c) -> bool:
            return any(t == c.task and s <= c.start and c.end <= e for t, s, e in quoted)

        if not answer.found:  # a partial answer: what the plan does not say, then its related text, if not given
            said, related, _ = answer.answer.partition(RELATED_LEAD)
            return f"{said}相关的原文见上。" if related and all(map(given, answer.citations)) else answer.answer
        lines, seen = [], []
        for line in answer.answer.split("\n"):
            marked = {int(n) for n in MARK_RE.findall(line)}
            if marked and all(given(c) for c in answer.citations if c.task in marked):
                seen += [t for t in sorted(marked) if t not in seen]
            else:
                lines.append(line)
        if seen:
            lines.append(("The text of " + ", ".join(f"task {t}" for t in seen) + " is quoted above.") if english
                         else "、".join(f"第{t}条" for t in seen) + "的原文见上。")
        return "\n".join(lines)

    def _handled(self, query: Query) -> Answer:
        answer = self.handlers[query.route](query)
        answer.answer = unlinked(answer.answer, self.plan_text)  # (a link the client typed, repeated: not shown)
        if query.fixes and answer.found:
            note = "、".join(f"“{w}”按“{r}”" for w, r in query.fixes.items())
            answer.answer = f"（{note}理解）\n{answer.answer}"
        return answer

    def mention(self, query: Query) -> Answer:
        """Whether the plan mentions X; when it never says X nor a near form, what it says on X in its own words
        (规划有没有提到看病: 就医, in task 15), if the search would answer X asked alone, else the plain no."""
        answer = self.desk.mention(query)
        if answer.found or answer.citations or query.rule != "mention" or query.scope is not None \
                or len(query.topic) > MAX_ECHOED * (3 if query.english else 1) or re.search(r"\d{5,}", query.topic):
            return answer  # (nor for a pasted notice or a phone number: a no, which does not repeat it)
        asked = self.router.understand(query.topic)
        if asked.route != Route.SEARCH or not (related := self.searcher.answer(asked)).found:
            return answer
        # only through the bridge from everyday words (托班 → 普惠托育, 老人不会用手机 → 数字鸿沟), whose terms the
        # answer quotes: an encoder's or a thesaurus's neighbour alone is no mention (警察 → 保安, 部队 → 队伍)
        synonyms = self.searcher.synonyms
        bridged = (synonyms.everyday_en if query.english else synonyms.everyday)(query.topic)
        if not any(t in related.answer for terms in bridged.values() for t in terms):
            return answer
        lead = (f"What the plan says on “{query.topic}”, in its own words:\n" if query.english
                else f"规划原文没有“{query.topic}”这个说法；与它相关的内容是：\n")
        return replace(related, answer=lead + related.answer, route=Route.MENTION, question=query.text)

    @staticmethod
    def _timed(answer: Answer, started: float) -> Answer:
        answer.timings["total_ms"] = round((time.perf_counter() - started) * 1000, 3)
        return answer


__all__ = ["Answer", "Assistant", "teach_plan_terms"]
