"""How the words typed into the picker become SQL over the library.

Chinese has no spaces between words, so the index is by characters: FTS5's ``trigram`` tokenizer
finds any typed word of three or more characters anywhere in a text ("满意度", "预算执行率").
A trigram index cannot find two characters ("培训"), so every text is also indexed as its
overlapping character pairs ("业务 务学 学习 …", FTS5 ``unicode61`` over them), and a
two-character word is looked up there; the 三级指标 also by its single characters, for a
one-character word. A short word with a symbol ("5%") is matched with LIKE. Without FTS5 (an
old SQLite), every word is matched with LIKE.

The search runs over the library's distinct texts (一级, 二级, 三级, 指标解释, 关键词), far fewer
than its entries: the same indicator recurs in every year's documents with another 指标值.

Ranking, in tiers: the 三级指标 equal to the whole query, then those starting with it, then those
holding every word, then the texts whose 二级指标 or 关键词 hold them, then their 一级指标, then
the rest (found by the 指标解释). Within a tier the frameworks' texts come first (they carry the
official 指标解释 and 评分标准), then the shorter 三级指标 (the closer to the words). A text's
entries follow it: the frameworks' first, then the newest year. FTS5's bm25 is not used: it
cost 14 ms of the 50 ms budget at 100,000 entries and, on texts this short, says little more
than the tiers do (docs/library.md).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

_TOKEN_RUN = re.compile(r"[^\W_]+")  # letters and digits of any script, as unicode61 splits
_PAIR = re.compile(r"[^\W_]{2}")
_SINGLE = re.compile(r"[^\W_]")
LIKE_COLUMNS = ("name", "level1", "level2", "keywords", "definition")


def pairs(text: str, singles: bool = False) -> str:
    """The text as its overlapping character pairs, lower-cased: "培训率" → "培训 训率"; a lone
    character between symbols stays one token. With ``singles`` (the 三级指标), every
    character is a token too: "培 训 率 培训 训率"."""
    tokens: list[str] = []
    for run in _TOKEN_RUN.findall(text.lower()):
        if singles or len(run) == 1:
            tokens.extend(run)
        tokens.extend(run[i:i + 2] for i in range(len(run) - 1))
    return " ".join(tokens)


def words_of(text: str) -> list[str]:
    """The words of a query: split at spaces (full-width too), duplicates dropped."""
    return list(dict.fromkeys(text.split()))


def phrase(word: str) -> str:
    """A word as an FTS5 string (any quotes in it doubled)."""
    return '"' + word.replace('"', '""') + '"'


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass
class Filters:
    """What the picker's lists narrow the search to. ``source_id`` is the source's row, looked
    up from its name by the store; an entry's year is its source's."""

    level1: str | None = None
    level2: str | None = None
    year: int | None = None
    source_id: int | None = None
    framework: bool | None = None  # True: the frameworks' entries, False: the documents'

    def text_conditions(self) -> tuple[list[str], list[object]]:
        """Conditions on the texts: their 一级/二级, and (so that a year or one document does
        not leave the best-ranked texts without entries) being used in that year or source."""
        conditions: list[str] = []
        params: list[object] = []
        for column, value in (("t.level1", self.level1), ("t.level2", self.level2)):
            if value is not None:
                conditions.append(f"{column} = ?")
                params.append(value)
        if self.source_id is not None:
            conditions.append("t.id IN (SELECT text_id FROM entries WHERE source_id = ?)")
            params.append(self.source_id)
        elif self.year is not None:
            conditions.append("t.id IN (SELECT text_id FROM entries WHERE year = ?)")
            params.append(self.year)
        if self.framework:
            conditions.append("t.framework = 1")
        return conditions, params

    def entry_conditions(self) -> tuple[list[str], list[object]]:
        conditions: list[str] = []
        params: list[object] = []
        framework = None if self.framework is None else int(self.framework)
        for column, value in (("e.year", self.year), ("e.source_id", self.source_id),
                              ("e.framework", framework)):
            if value is not None:
                conditions.append(f"{column} = ?")
                params.append(value)
        return conditions, params


@dataclass
class Query:
    sql: str
    params: list[object] = field(default_factory=list)


_SELECT_TEXTS = "SELECT t.id, t.level1, t.level2, t.name FROM texts t"
_BY_LENGTH = "t.framework DESC, length(t.name), t.id"  # the order of index texts_by_length
_LAST_CHARACTER = "\U0010ffff"  # above any character: "x" <= a name starting with x < "x\U0010ffff"


def ranked_texts(text: str, filters: Filters, *, fts: bool) -> list[Query]:
    """Queries of (id, 一级, 二级, 三级) of the texts holding every word of ``text`` (and the
    filters), best first: their rows in turn, without repeats, are the ranking. ``text`` must
    hold a word.

    With FTS, each tier is its own query, read only as far as needed, so a common word ("率",
    "满意度") costs what its first rows cost, not a sort of every text holding it: the 三级 equal
    to the words or starting with them (an index on 三级); the 三级 holding every word, walked in
    the order of an index (frameworks first, shortest first); then the texts holding them
    elsewhere (sorted by tier, read only when the 三级 did not give enough)."""
    words = words_of(text)
    whole = " ".join(words)
    filter_sql, filter_params = filters.text_conditions()
    if not fts:
        return [_ranked_by_like(words, filter_sql, filter_params)]
    in_name, in_name_params = _conditions(words, name_only=True)
    anywhere, anywhere_params = _conditions(words, name_only=False)
    queries = [
        Query(f"{_SELECT_TEXTS} WHERE {' AND '.join(['t.name >= ?', 't.name < ?', *filter_sql])} "
              f"ORDER BY t.name = ? DESC, {_BY_LENGTH}",
              [whole, whole + _LAST_CHARACTER, *filter_params, whole]),
        Query(f"{_SELECT_TEXTS} INDEXED BY texts_by_length "
              f"WHERE {' AND '.join([*in_name, *filter_sql])} ORDER BY {_BY_LENGTH}",
              [*in_name_params, *filter_params]),
    ]
    if anywhere_params != in_name_params:  # some word is also looked for beyond the 三级
        holds = {column: " AND ".join(f"instr(t.{column}, ?) > 0" for _ in words)
                 for column in ("name", "level2", "keywords", "level1")}
        tier = (f"CASE WHEN {holds['level2']} OR {holds['keywords']} THEN 3 "
                f"WHEN {holds['level1']} THEN 4 ELSE 5 END")
        queries.append(Query(
            f"{_SELECT_TEXTS} WHERE {' AND '.join([*anywhere, *filter_sql])} "
            f"AND NOT ({holds['name']}) ORDER BY {tier}, {_BY_LENGTH}",
            [*anywhere_params, *filter_params, *words, *words * 3]))
    return queries


def _conditions(words: Sequence[str], *, name_only: bool) -> tuple[list[str], list[object]]:
    """SQL conditions that every word is found (in the 三级 alone, or anywhere)."""
    trigram = [w for w in words if len(w) >= 3]
    pair = [w for w in words if len(w) == 2 and _PAIR.fullmatch(w)]
    single = [w for w in words if _SINGLE.fullmatch(w)]
    like = [w for w in words if w not in trigram and w not in pair and w not in single]
    conditions: list[str] = []
    params: list[object] = []
    name = "name : " if name_only else ""
    if trigram:
        conditions.append("t.id IN (SELECT rowid FROM text_trigrams WHERE text_trigrams MATCH ?)")
        params.append(" AND ".join(name + phrase(w) for w in trigram))
    if pair or single:
        conditions.append("t.id IN (SELECT rowid FROM text_pairs WHERE text_pairs MATCH ?)")
        # A single character is looked for in the 三级 alone: elsewhere it says little.
        params.append(" AND ".join([
            *((("grams_name : " if name_only else "") + phrase(w.lower())) for w in pair),
            *(f"grams_name : {phrase(w.lower())}" for w in single)]))
    # A word only LIKE can find ("5%", "≥") is looked for in the 三级 alone too: it would match
    # half the library's 指标解释, and scanning them costs.
    for word in like:
        conditions.append("t.name LIKE ? ESCAPE '\\'")
        params.append(_like(word))
    return conditions, params


def _ranked_by_like(words: Sequence[str], filter_sql: list[str],
                    filter_params: list[object]) -> Query:
    """Without FTS5: every word matched with LIKE in every searched column, one sorted query."""
    whole = " ".join(words)
    conditions = [*filter_sql]
    params: list[object] = [*filter_params]
    for word in words:
        conditions.append("(" + " OR ".join(f"t.{c} LIKE ? ESCAPE '\\'" for c in LIKE_COLUMNS)
                          + ")")
        params.extend([_like(word)] * len(LIKE_COLUMNS))
    holds = {column: " AND ".join(f"instr(t.{column}, ?) > 0" for _ in words)
             for column in ("name", "level2", "keywords", "level1")}
    tier = ("CASE WHEN t.name = ? THEN 0 WHEN substr(t.name, 1, ?) = ? THEN 1 "
            f"WHEN {holds['name']} THEN 2 WHEN {holds['level2']} OR {holds['keywords']} THEN 3 "
            f"WHEN {holds['level1']} THEN 4 ELSE 5 END")
    return Query(f"{_SELECT_TEXTS} WHERE {' AND '.join(conditions)} "
                 f"ORDER BY {tier}, {_BY_LENGTH}",
                 [*params, whole, len(whole), whole, *list(words) * 4])


def best_entries(text_ids: Sequence[int], filters: Filters) -> Query:
    """For each of the texts and each of its 指标值, the best entry that passes the filters
    (a framework's, else the newest): (id, text id, 指标值, rank), read from one index without
    touching the entries themselves."""
    conditions, params = filters.entry_conditions()
    marks = ", ".join("?" * len(text_ids))
    where = " AND ".join([f"e.text_id IN ({marks})", *conditions])
    # SQLite takes the bare columns from the row holding the max(); each text's best first.
    return Query(f"SELECT e.id, e.text_id, e.target, "
                 f"max(e.framework * 100000 + ifnull(e.year, 0)) AS best FROM entries e "
                 f"WHERE {where} GROUP BY e.text_id, e.target ORDER BY e.text_id, best DESC",
                 [*text_ids, *params])


def entries_of_text(text_id: int, filters: Filters, limit: int) -> Query:
    """The entries of one text that pass the filters, best first: (id, text id, 指标值,
    framework, year)."""
    conditions, params = filters.entry_conditions()
    where = " AND ".join(["e.text_id = ?", *conditions])
    return Query(f"SELECT e.id, e.text_id, e.target, e.framework, e.year FROM entries e "
                 f"WHERE {where} ORDER BY e.framework DESC, e.year DESC, e.id LIMIT ?",
                 [text_id, *params, limit])


def browse(filters: Filters, limit: int, offset: int) -> Query:
    """The same for the filters alone (no words), in the order of the groups."""
    conditions, params = filters.text_conditions()
    entry_conditions, entry_params = filters.entry_conditions()
    conditions += entry_conditions
    where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
    return Query(f"SELECT e.id, e.text_id, e.target, e.framework, e.year FROM texts t "
                 f"JOIN entries e ON e.text_id = t.id {where} "
                 f"ORDER BY t.level1, t.level2, t.name, e.framework DESC, e.year DESC, e.id "
                 f"LIMIT ? OFFSET ?", [*params, *entry_params, limit, offset])


ENTRY_COLUMNS = ("e.id, t.level1, t.level2, t.name, e.target, t.definition, e.scoring, e.unit, "
                 "e.year, e.field, t.keywords, e.note, s.name, s.kind, s.label")


def entries_by_id(ids: Sequence[int]) -> Query:
    marks = ", ".join("?" * len(ids))
    return Query(f"SELECT {ENTRY_COLUMNS} FROM entries e JOIN texts t ON t.id = e.text_id "
                 f"JOIN sources s ON s.id = e.source_id WHERE e.id IN ({marks})", list(ids))
