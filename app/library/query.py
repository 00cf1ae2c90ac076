"""How the words typed into the picker become one SQL query over the library.

Chinese has no spaces between words, so the index is by characters: FTS5's ``trigram`` tokenizer
finds any typed word of three or more characters anywhere in a text ("满意度", "预算执行率").
A trigram index cannot find two characters ("培训"), so every text is also indexed as its
overlapping character pairs ("业务 务学 学习 …", the ``grams_*`` columns, FTS5 ``unicode61``),
and a two-character word is looked up there. A single character (or two with a symbol, "5%")
is matched with LIKE. Without FTS5 (an old SQLite), every word is matched with LIKE.

Ranking, in tiers: the 三级指标 equal to the whole query, then those starting with it, then those
holding every word, then the entries found only by their 一级/二级/指标解释/关键词. Within a tier
the frameworks' entries come first (they carry the official 指标解释 and 评分标准), then FTS5's
bm25 (a hit in the 三级指标 weighs most), the shorter 三级指标, the newest year.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOKEN_RUN = re.compile(r"[^\W_]+")  # letters and digits of any script, as unicode61 splits
_PAIR = re.compile(r"[^\W_]{2}")
# bm25 weights, in the order of the indexed columns.
TRIGRAM_COLUMNS = ("name", "level1", "level2", "definition", "keywords")
TRIGRAM_WEIGHTS = (10.0, 2.0, 3.0, 1.0, 3.0)
BIGRAM_WEIGHTS = (10.0, 2.0)  # grams_name, grams_text
LIKE_COLUMNS = ("name", "level1", "level2", "keywords", "definition")


def pairs(text: str) -> str:
    """The text as its overlapping character pairs, lower-cased: "培训率" → "培训 训率"; a lone
    character between symbols stays one token."""
    tokens: list[str] = []
    for run in _TOKEN_RUN.findall(text.lower()):
        if len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(run[i:i + 2] for i in range(len(run) - 1))
    return " ".join(tokens)


def words_of(text: str) -> list[str]:
    """The words of a query: split at spaces (full-width too), duplicates dropped."""
    return list(dict.fromkeys(text.split()))


def _phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass
class Filters:
    level1: str | None = None
    level2: str | None = None
    year: int | None = None
    source: str | None = None  # one source's name (a framework's name, a file's path)
    kind: str | None = None  # FRAMEWORK or DOCUMENT


@dataclass
class Query:
    """The SQL of one search and its parameters."""

    sql: str
    params: list[object] = field(default_factory=list)


def build_query(text: str, filters: Filters, limit: int, *, fts: bool) -> Query:
    """SELECT the entries (joined with their source) matching every word of ``text`` and the
    filters, best first, at most ``limit``."""
    words = words_of(text)
    whole = " ".join(words)
    trigram = [w for w in words if fts and len(w) >= 3]
    bigram = [w for w in words if fts and len(w) == 2 and _PAIR.fullmatch(w)]
    like = [w for w in words if w not in trigram and w not in bigram]
    params: list[object] = []
    join, score = "", "0"
    conditions: list[str] = []
    if trigram:
        weights = ", ".join(map(str, TRIGRAM_WEIGHTS))
        join = ("JOIN (SELECT rowid AS id, bm25(entry_trigrams, " + weights + ") AS score "
                "FROM entry_trigrams WHERE entry_trigrams MATCH ?) m ON m.id = e.id")
        params.append(" AND ".join(_phrase(w) for w in trigram))
        score = "m.score"
        if bigram:
            conditions.append("e.id IN (SELECT rowid FROM entry_bigrams "
                              "WHERE entry_bigrams MATCH ?)")
    elif bigram:
        weights = ", ".join(map(str, BIGRAM_WEIGHTS))
        join = ("JOIN (SELECT rowid AS id, bm25(entry_bigrams, " + weights + ") AS score "
                "FROM entry_bigrams WHERE entry_bigrams MATCH ?) m ON m.id = e.id")
        score = "m.score"
    if bigram:
        params.append(" AND ".join(_phrase(w.lower()) for w in bigram))
    for word in like:
        pattern = _like(word)
        conditions.append("(" + " OR ".join(f"e.{c} LIKE ? ESCAPE '\\'" for c in LIKE_COLUMNS)
                          + ")")
        params.extend([pattern] * len(LIKE_COLUMNS))
    for column, value in (("e.level1", filters.level1), ("e.level2", filters.level2),
                          ("e.year", filters.year), ("s.name", filters.source),
                          ("s.kind", filters.kind)):
        if value is not None:
            conditions.append(f"{column} = ?")
            params.append(value)
    where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
    if words:
        # The tiers: 三级 equal to the query, starting with it, holding every word, the rest.
        holds = " AND ".join("instr(lower(e.name), ?) > 0" for _ in words)
        tier = (f"CASE WHEN e.name = ? THEN 0 WHEN substr(e.name, 1, ?) = ? THEN 1 "
                f"WHEN {holds} THEN 2 ELSE 3 END")
        order = (f"ORDER BY {tier}, (s.kind = 'framework') DESC, score, length(e.name), "
                 "e.year DESC, e.id")
        params.extend([whole, len(whole), whole, *(w.lower() for w in words)])
    else:  # browsing by the filters alone: in the order of the groups (an index has it)
        order = "ORDER BY e.level1, e.level2, e.name, e.id"
    sql = (f"SELECT {ENTRY_COLUMNS}, {score} AS score FROM entries e "
           f"JOIN sources s ON s.id = e.source_id {join} {where} {order} LIMIT ?")
    params.append(limit)
    return Query(sql, params)


ENTRY_COLUMNS = ("e.id, e.level1, e.level2, e.name, e.target, e.definition, e.scoring, e.unit, "
                 "e.year, e.field, e.keywords, e.note, s.name, s.kind, s.label")
