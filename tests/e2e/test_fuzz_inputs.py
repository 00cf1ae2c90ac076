"""A fuzz campaign: random mutations of real workbooks (every example exported) and of real
project files, each given to the command line in this process. Every one must exit 0 or 2
(read, or refused with a Chinese reason): never 3 (程序内部错误), never a traceback.

Seeded, so a failure names the mutation that found it. ``make fuzz`` runs a bigger campaign
(``JIXIAO_FUZZ_CASES``); the default fits the suite's time budget.
"""
from __future__ import annotations

import io
import json
import os
import random
import re
import zipfile
from pathlib import Path

import pytest

from app import cli
from app.projectfile import load_document
from tests.app.importing.roundtrip import export_xlsx
from tests.conftest import EXAMPLE_FILES

CASES = int(os.environ.get("JIXIAO_FUZZ_CASES", "2000"))
SEED = int(os.environ.get("JIXIAO_FUZZ_SEED", "23"))
_HOSTILE_TEXT = ["1e29", "-1e309", "NaN", "²", "٣", "#REF!", "", " ", "99999999999", "-1",
                 "A0", "XFD1048576", "H1:XFD1048576", "&#0;", "\u0000", "_x0007_", "１２", "💥",
                 "1" * 400, "=SUM(A1)", "t", "e", "b", "inlineStr", "s", "d"]


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> list[dict[str, bytes]]:
    folder = tmp_path_factory.mktemp("fuzz-sources")
    found = []
    for name in sorted(EXAMPLE_FILES):
        path = export_xlsx(load_document(EXAMPLE_FILES[name]), folder / f"{name}.xlsx")
        with zipfile.ZipFile(path) as archive:
            found.append({info.filename: archive.read(info.filename)
                          for info in archive.infolist()})
    return found


def _pack(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _flip_bytes(data: bytes, chance: random.Random) -> bytes:
    changed = bytearray(data)
    for _ in range(chance.randint(1, 8)):
        at = chance.randrange(len(changed))
        changed[at] = chance.randrange(256)
    return bytes(changed)


def _mutate_xml(data: bytes, chance: random.Random) -> bytes:
    """An attribute value, a text or a tag of one part changed to something hostile."""
    text = data.decode("utf-8", "replace")
    how = chance.randrange(5)
    if how == 0:  # an attribute's value
        values = list(re.finditer(r'="([^"]*)"', text))
        if values:
            match = chance.choice(values)
            text = text[:match.start(1)] + chance.choice(_HOSTILE_TEXT) + text[match.end(1):]
    elif how == 1:  # a text between tags
        texts = list(re.finditer(r">([^<]+)<", text))
        if texts:
            match = chance.choice(texts)
            text = text[:match.start(1)] + chance.choice(_HOSTILE_TEXT) + text[match.end(1):]
    elif how == 2:  # an element dropped
        tags = list(re.finditer(r"<[^/!?][^>]*/>", text))
        if tags:
            match = chance.choice(tags)
            text = text[:match.start()] + text[match.end():]
    elif how == 3:  # an element repeated
        tags = list(re.finditer(r"<[^/!?][^>]*/>", text))
        if tags:
            match = chance.choice(tags)
            text = text[:match.end()] + match.group() * chance.randint(1, 50) + text[match.end():]
    else:  # a cut anywhere
        text = text[:chance.randrange(len(text) + 1)]
    return text.encode("utf-8", "surrogatepass")


def mutated_workbook(parts: dict[str, bytes], chance: random.Random) -> bytes:
    parts = dict(parts)
    names = sorted(parts)
    how = chance.randrange(10)
    if how == 0:
        return _flip_bytes(_pack(parts), chance)
    if how == 1:
        del parts[chance.choice(names)]
    elif how == 2:
        name = chance.choice(names)
        parts[name] = _flip_bytes(parts[name], chance)
    elif how == 3:
        data = _pack(parts)
        return data[:chance.randrange(len(data))]
    else:
        xml = [n for n in names if n.endswith((".xml", ".rels"))]
        for name in chance.sample(xml, min(len(xml), chance.randint(1, 3))):
            parts[name] = _mutate_xml(parts[name], chance)
    return _pack(parts)


def mutated_project(text: str, chance: random.Random) -> bytes:
    how = chance.randrange(6)
    if how == 0:
        return _flip_bytes(text.encode("utf-8"), chance)
    if how == 1:
        data = text.encode("utf-8")
        return data[:chance.randrange(len(data))]
    payload = json.loads(text)
    containers = []

    def walk(value):
        if isinstance(value, (dict, list)):
            containers.append(value)
            for item in (value.values() if isinstance(value, dict) else value):
                walk(item)
    walk(payload)
    for _ in range(chance.randint(1, 4)):
        container = chance.choice(containers)
        if not container:
            continue
        key = chance.choice(list(container) if isinstance(container, dict)
                            else range(len(container)))
        replacement = chance.choice([None, True, -1, 10 ** 30, 1e308, "", "x" * 1000, [], {},
                                     "1e29", "NaN", 2 ** 63, "²", [[[[]]]], {"a": 1},
                                     chance.random()])
        if how == 2 and isinstance(container, dict):
            del container[key]
        else:
            container[key] = replacement
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def _run(capsys, args: list[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main(args)
    return code, capsys.readouterr().err


@pytest.mark.slow
def test_mutated_workbooks_exit_0_or_2_without_a_traceback(workbooks, tmp_path, capsys):
    chance = random.Random(SEED)
    source, output = tmp_path / "变异.xlsx", tmp_path / "变异.jixiao"
    bad = []
    for case in range(CASES):
        source.write_bytes(mutated_workbook(chance.choice(workbooks), chance))
        args = ["import", str(source), "-o", str(output), "--force"]
        if case % 2:  # half guessed, half with a template
            args += ["--template", chance.choice(["jiangsu-dept-target", "national-project-eval",
                                                  "sichuan-project-eval", "hebei-perf-text"])]
        code, error = _run(capsys, args)
        if code not in (0, 2) or "Traceback" in error:
            bad.append((case, code, error[-300:]))
            (tmp_path / f"失败{case}.xlsx").write_bytes(source.read_bytes())
    assert not bad, f"seed {SEED}: {bad[:5]}"


@pytest.mark.slow
def test_mutated_project_files_exit_0_1_or_2_without_a_traceback(tmp_path, capsys):
    chance = random.Random(SEED)
    sources = [Path(path).read_text(encoding="utf-8") for path in sorted(EXAMPLE_FILES.values())]
    path = tmp_path / "变异.jixiao"
    bad = []
    for case in range(CASES):
        path.write_bytes(mutated_project(chance.choice(sources), chance))
        command = ["validate", "show"][case % 2]
        code, error = _run(capsys, [command, str(path)])
        if code not in (0, 1, 2) or "Traceback" in error:  # validate: 1 is "has 错误"
            bad.append((case, command, code, error[-300:]))
    assert not bad, f"seed {SEED}: {bad[:5]}"
