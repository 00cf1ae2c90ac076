"""``jixiao-cli library``: the indicator library (指标库) from the command line.

``library add PATH...`` adds every .jixiao file under the folders (and the files) given;
``library search WORDS... [--level1 X] [--limit N] [--json]`` lists the best matches.
Exit codes as for every command (app/cli.py): 0 success; 2 a file could not be read (the others
were still added) or bad arguments.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_BAD_INPUT = 2
MAX_LIMIT = 1000


def add_library_commands(commands) -> None:
    """The ``library`` command and its sub-commands, on ``commands`` (the CLI's subparsers)."""
    library = commands.add_parser(
        "library", help="指标库：把文档的指标加入指标库，搜索指标",
        description="指标库收录国家和江苏的指标框架，以及打开、保存过的文档中的指标，"
                    "供编辑器“从指标库插入”使用。")
    actions = library.add_subparsers(dest="library_command", metavar="子命令",
                                     parser_class=type(library), prog="jixiao-cli library")
    actions.required = True
    add = actions.add_parser(
        "add", help="把文件夹（含子文件夹）中的 .jixiao 文档加入指标库",
        description="读取文件夹（含子文件夹）中的每个 .jixiao 文档，把其中的指标加入指标库；"
                    "再次加入同一文件时替换它原来的指标，不会重复。无法读取的文件逐个报告，"
                    "其余文件照常加入。退出码：0 全部加入；2 有文件无法读取。")
    add.add_argument("paths", nargs="+", metavar="文件夹", type=Path,
                     help="文件夹或 .jixiao 文件，可以写多个")
    search = actions.add_parser(
        "search", help="搜索指标库",
        description="按关键词搜索三级指标、一级/二级指标、指标解释和关键词；多个关键词须同时出现。"
                    "每行：三级指标、指标值、一级指标、二级指标、年度、来源（以制表符分隔）。")
    search.add_argument("words", nargs="+", metavar="关键词", help="如 满意度、培训")
    search.add_argument("--level1", metavar="一级指标", help="只列该一级指标下的指标")
    search.add_argument("--limit", type=int, default=20, metavar="条数",
                        help=f"最多列出的条数（默认 20，最多 {MAX_LIMIT}）")
    search.add_argument("--json", action="store_true",
                        help="输出 JSON 数组（level1、level2、name、target、definition、"
                             "scoring、unit、year、source、source_kind 等）")


def _fail(message: str) -> int:
    print(f"jixiao-cli：{message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _open():
    from app.library import open_library

    library = open_library()
    _report(library)
    return library


def _report(library) -> None:
    """What happened to the library file on the way, on stderr."""
    if library.moved_aside is not None:
        print(f"jixiao-cli：注意：指标库文件{library.damage}，已移到“{library.moved_aside}”"
              f"并重建；从旧文件找回 {library.salvaged} 个指标", file=sys.stderr)
    elif library.read_only:
        print("jixiao-cli：注意：指标库正被其他程序写入，本次只读搜索", file=sys.stderr)


def _in_use() -> int:
    from app.library.opening import WRITE_TIMEOUT

    return _fail(f"指标库正被其他程序使用（已等待 {WRITE_TIMEOUT:g} 秒），请关闭占用它的程序"
                 "或稍后重试；指标库文件未作任何改动")


def cmd_library(args: argparse.Namespace) -> int:
    problem = _undecodable(args)
    if problem:
        return _fail(problem)
    if args.library_command == "add":
        return _add(args)
    return _search(args)


def _undecodable(args: argparse.Namespace) -> str:
    """Bytes that are not UTF-8 (a GBK terminal, a name from an old archive) arrive as
    surrogate escapes, which the library cannot store or search: said, not raised."""
    from app.text import has_surrogates, printable

    if args.library_command == "add":
        for path in args.paths:
            if has_surrogates(str(path)):
                return (f"路径“{printable(str(path))}”含有无法识别的字符编码（不是 UTF-8），"
                        "请把文件或文件夹改名后再加入")
        return ""
    for word in args.words:
        if has_surrogates(word):
            return f"关键词“{printable(word)}”含有无法识别的字符编码（不是 UTF-8），请重新输入"
    if args.level1 and has_surrogates(args.level1):
        return f"一级指标“{printable(args.level1)}”含有无法识别的字符编码（不是 UTF-8），请重新输入"
    return ""


def _add(args: argparse.Namespace) -> int:
    from app.library.indexing import index_files

    with _open() as library:
        if library.in_use or library.read_only:
            return _in_use()
        if library.path is None:
            return _fail("指标库无法写入（用户数据文件夹不可写或指标库由更新版本的软件创建），"
                         "未加入任何文档")
        report = index_files(library, args.paths)
    for problem in report.problems:
        print(f"jixiao-cli：{problem}", file=sys.stderr)
    print(f"已加入指标库：{len(report.changed)} 个文档；未变：{len(report.unchanged)} 个；"
          f"共 {report.entries} 个指标")
    if report.problems:
        print(f"jixiao-cli：{len(report.problems)} 个问题（见上），其余文档已加入",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _search(args: argparse.Namespace) -> int:
    if not 1 <= args.limit <= MAX_LIMIT:
        return _fail(f"条数“{args.limit}”无效，应为 1 到 {MAX_LIMIT}")
    from app.library import LibraryError, rebuild_library

    library = _open()
    try:
        if library.in_use:
            return _in_use()
        words = " ".join(args.words)
        try:
            found = library.search(words, level1=args.level1, limit=args.limit, distinct=True)
        except LibraryError as exc:
            if not exc.damaged:
                return _in_use() if exc.busy else _fail("指标库暂时无法读取，请稍后重试")
            library.close()
            library = rebuild_library()  # checked first: moved aside only when damaged
            _report(library)
            if library.in_use:
                return _in_use()
            try:
                found = library.search(words, level1=args.level1, limit=args.limit,
                                       distinct=True)
            except LibraryError:
                return _fail("指标库已损坏且无法重建，请稍后重试")
    finally:
        library.close()
    if args.json:
        print(json.dumps([entry.as_dict() for entry in found], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not found:
        print("未找到匹配的指标。", file=sys.stderr)
    for entry in found:
        year = str(entry.year) if entry.year is not None else ""
        cells = (entry.name, entry.target, entry.level1, entry.level2, year, entry.source)
        print("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in cells))
    return EXIT_OK
