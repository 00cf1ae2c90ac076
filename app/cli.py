"""``jixiao-cli``: the command line of 绩效填报.

Exit codes: 0 success; 1 the document has 错误; 2 unreadable input or bad arguments (message on
stderr, in Chinese); 3 an unexpected internal error (a Chinese line on stderr, the traceback in the
log file, never on the console); 130 interrupted (Ctrl+C).
"""
from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
from pathlib import Path
from typing import NoReturn, Sequence

from app.errors import DocumentLoadError, DocumentSaveError, os_reason
from app.export.formats import FORMATS
from app.projectfile import EXTENSION, load_document, save_document
from app.templates import UnknownTemplate, all_templates, get_template, template_ids
from app.text import has_surrogates

EXIT_OK = 0
EXIT_HAS_ERRORS = 1  # validate found 错误; export refused a document with 错误
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3  # a defect of ours: logged with its traceback, one Chinese line on stderr
EXIT_INTERRUPTED = 130

log = logging.getLogger("jixiao.cli")


class _ChineseHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="用法：")


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese headings, Chinese usage errors and exit code 2."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _ChineseHelp)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        for english, chinese in _ARGPARSE_MESSAGES:
            message = message.replace(english, chinese)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}：参数错误：{message}\n")


_ARGPARSE_MESSAGES = (
    ("the following arguments are required:", "缺少参数："),
    ("unrecognized arguments:", "无法识别的参数："),
    ("invalid int value:", "不是整数："),
    ("invalid choice:", "无效的命令："),
    ("expected one argument", "需要一个值"),
    ("choose from", "可选"),
    ("argument ", "参数 "),
)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jixiao")
    except PackageNotFoundError:
        return "未安装"


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked for (reading the
    installation's metadata would cost every command its time)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(f"jixiao {_version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="jixiao-cli",
        description="绩效填报命令行：列出模板、新建、查看、审核、导出、结转和从 Excel 导入文档，管理指标库。"
                    "(jixiao command line: list templates; create, show, validate, export, "
                    "carry forward and import documents; the indicator library.)",
        epilog="退出码：0 成功；1 文档有“错误”（validate、export）；2 无法读取的输入或参数错误。",
    )
    parser.add_argument("--version", action=_Version, help="显示版本号并退出")
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser,
                                     prog="jixiao-cli")
    commands.required = True

    commands.add_parser("templates", help="列出可用模板（每行：模板编号、中文名称）",
                        description="列出可用模板，每行一个：模板编号<TAB>中文名称。")

    new = commands.add_parser("new", help="按模板新建文档",
                              description="按模板新建一个 .jixiao 文档，带模板的默认内容。")
    new.add_argument("template_id", metavar="模板编号", help="见 jixiao-cli templates")
    new.add_argument("-o", "--output", required=True, metavar="文件", type=Path,
                     help="要写入的 .jixiao 文件")
    new.add_argument("--unit", default="", metavar="单位名称", help="单位名称")
    new.add_argument("--year", type=int, metavar="年度",
                     help="年度（默认：目标表为明年，自评报告为去年）")
    new.add_argument("--force", action="store_true", help="文件已存在时覆盖")

    export = commands.add_parser(
        "export", help="导出 Word、Excel、PDF",
        description="按该省版式导出文档：文件名为“{单位名称}_{年度}年{表名}.扩展名”。"
                    "已有同名文件时不覆盖，除非加 --force。")
    export.add_argument("file", metavar="文件", type=Path, help=".jixiao 文档")
    export.add_argument("-o", "--output", required=True, metavar="文件夹", type=Path,
                        help="导出到的文件夹（不存在时新建）")
    export.add_argument("--format", default=",".join(FORMATS), metavar="格式",
                        help="逗号分隔的 docx、xlsx、pdf（默认全部）")
    export.add_argument("--force", action="store_true",
                        help="覆盖已存在的同名文件；文档有“错误”时仍然导出")

    validate = commands.add_parser(
        "validate", help="审核文档（勾稽关系、指标、必填项等）",
        description="按模板的审核规则检查文档，按严重程度列出问题。"
                    "退出码：0 无错误；1 有错误；2 有文件无法读取。")
    validate.add_argument("files", nargs="+", metavar="文件", type=Path, help=".jixiao 文档")
    validate.add_argument("--json", action="store_true",
                          help="输出 JSON 数组（file、code、severity、location、message）")

    carry = commands.add_parser(
        "carry", help="结转：生成下一年度的文档、本年度的年中绩效监控表或年终自评表",
        description="由本文档生成新文档（本文档不变）。--to next-year：同一模板、年度加 1，"
                    "文字和指标保留，上年指标值另存为“上年”列，金额和半年指标值默认清空；"
                    "--to self-eval：把项目（或部门整体）的指标结转为年终自评表的行，"
                    "填好年度指标值、默认分值和预算数；--to monitoring：每个项目生成一张年中"
                    "绩效监控表，指标值和年初预算数结转，执行情况留空。")
    carry.add_argument("file", metavar="文件", type=Path, help=".jixiao 文档")
    carry.add_argument("--to", required=True, choices=("next-year", "self-eval", "monitoring"),
                       metavar="去向", help="next-year（下一年度）、self-eval（年终自评表）"
                                          "或 monitoring（年中绩效监控表）")
    carry.add_argument("-o", "--output", required=True, metavar="文件", type=Path,
                       help="要写入的新 .jixiao 文件")
    carry.add_argument("--template", metavar="模板编号",
                       help="self-eval 或 monitoring 时所用的模板（默认：原模板对应的自评表；"
                            "唯一的绩效监控表模板）")
    carry.add_argument("--keep-money", action="store_true",
                       help="next-year 时保留金额（默认清空）")
    carry.add_argument("--keep-half-year", action="store_true",
                       help="next-year 时保留半年指标值和半年金额（默认清空）")
    carry.add_argument("--force", action="store_true", help="文件已存在时覆盖")

    importer = commands.add_parser(
        "import", help="从 Excel 工作簿或 Word 文档导入（本软件导出的，或按该省表样填写的）",
        description="按模板读取 Excel 工作簿（.xlsx）或 Word 文档（.docx，按文件内容识别，不看扩展名），"
                    "写成新的 .jixiao 文档；原文件本身不会被改动。"
                    "有任何问题都不生成文件，并逐条说明问题所在的表和单元格。")
    importer.add_argument("file", metavar="文件", type=Path, help=".xlsx 或 .docx 文件")
    importer.add_argument("--template", metavar="模板编号",
                          help="见 jixiao-cli templates（默认：按文件中的标题和表头推断）")
    importer.add_argument("-o", "--output", required=True, metavar="文件", type=Path,
                          help="要写入的新 .jixiao 文件")
    importer.add_argument("--force", action="store_true", help="文件已存在时覆盖")

    show = commands.add_parser("show", help="显示文档概要",
                               description="显示文档的模板、单位、年度、资金合计、指标和项目数量。")
    show.add_argument("file", metavar="文件", type=Path, help=".jixiao 文档")

    from app.cli_library import add_library_commands

    add_library_commands(commands)
    return parser


def _fail(message: str) -> int:
    print(f"jixiao-cli：{message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _cmd_templates(_: argparse.Namespace) -> int:
    for template in all_templates():
        print(f"{template.id}\t{template.title}")
    return EXIT_OK


def _cmd_new(args: argparse.Namespace) -> int:
    try:
        template = get_template(args.template_id)
    except UnknownTemplate:
        return _fail(f"未知的模板“{args.template_id}”。可用模板：{'、'.join(template_ids())}")
    if args.year is None:
        args.year = template.default_year()
    if not 1949 <= args.year <= 2200:
        return _fail(f"年度“{args.year}”无效，应为四位年份，如 2025")
    output, problem = _output_path(args.output, args.force)
    if problem:
        return _fail(problem)
    if has_surrogates(args.unit):
        # Bytes that are not UTF-8 (a GBK terminal, say) arrive as surrogate escapes.
        print("jixiao-cli：注意：单位名称含有无法识别的字符编码（不是 UTF-8），已替换为“\ufffd”，"
              "请在编辑器中改正", file=sys.stderr)
    document = template.new_document(args.unit, args.year)
    try:
        save_document(document, output)
    except DocumentSaveError as exc:
        return _fail(str(exc))
    print(f"已新建：{output}")
    return EXIT_OK


def _output_path(output: Path, force: bool) -> tuple[Path, str]:
    """The .jixiao file to write, or ("", message) when it may not be written."""
    if output.suffix.lower() != EXTENSION:
        output = output.with_name(output.name + EXTENSION)
    try:
        exists = output.exists()
    except OSError as exc:  # e.g. a name longer than the file system takes
        return output, str(DocumentSaveError(os_reason(exc), path=output))
    if exists and not force:
        return output, f"“{output}”已存在；如要覆盖，请加 --force"
    return output, ""


def _cmd_carry(args: argparse.Namespace) -> int:
    from app.carry import (CarryError, carry_to_monitoring, carry_to_next_year,
                           carry_to_self_evaluation, monitoring_template,
                           self_evaluation_template)

    output, problem = _output_path(args.output, args.force)
    if problem:
        return _fail(problem)
    try:
        source = load_document(args.file)
    except DocumentLoadError as exc:
        return _fail(str(exc))
    if _same_file(output, args.file):
        return _fail("结转生成的是新文档，不能写回原文件；请用 -o 指定另一个文件名")
    template = get_template(source.template)
    try:
        if args.to == "next-year":
            if args.template:
                return _fail("--template 只用于 --to self-eval 或 --to monitoring")
            carried = carry_to_next_year(source, template, keep_money=args.keep_money,
                                         keep_half_year=args.keep_half_year)
        elif args.to == "monitoring":
            target = monitoring_template(template, args.template)
            carried = carry_to_monitoring(source, template, target)
        else:
            target = self_evaluation_template(template, args.template)
            carried = carry_to_self_evaluation(source, template, target)
    except UnknownTemplate as exc:
        return _fail(f"未知的模板“{exc.args[0]}”。可用模板：{'、'.join(template_ids())}")
    except CarryError as exc:
        return _fail(str(exc))
    try:
        save_document(carried, output)
    except DocumentSaveError as exc:
        return _fail(str(exc))
    title = get_template(carried.template).title
    print(f"已结转：{output}（{title}，{carried.year}年度）")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from app.importing import WorkbookImportError, guess_from, import_data, read_file

    output, problem = _output_path(args.output, args.force)
    if problem:
        return _fail(problem)
    if _same_file(output, args.file):
        return _fail("导入生成的是新文档，不能覆盖作为输入的工作簿；请用 -o 指定另一个文件名")
    template = None
    if args.template:
        try:
            template = get_template(args.template)
        except UnknownTemplate:
            return _fail(f"未知的模板“{args.template}”。可用模板：{'、'.join(template_ids())}")
    try:
        workbook = read_file(args.file)  # its own reason first, before any guess
        if template is None:
            template_id = guess_from(workbook)
            if template_id is None:
                return _fail(f"无法从“{args.file}”的标题和表头看出是哪种表，请用 --template 指定"
                             f"（可用模板：{'、'.join(template_ids())}）")
            template = get_template(template_id)
        result = import_data(workbook, template, args.file)
    except WorkbookImportError as exc:
        return _fail(f"{exc}\n未生成文件，请改正后重新导入。")
    for warning in result.warnings:
        print(f"jixiao-cli：注意：{warning}", file=sys.stderr)
    try:
        save_document(result.document, output)
    except DocumentSaveError as exc:
        return _fail(str(exc))
    print(f"已导入：{output}（{template.title}，{result.document.year}年度）")
    return EXIT_OK


def _same_file(output: Path, source: Path) -> bool:
    """Whether writing ``output`` would replace ``source`` (the same name, or a link to it)."""
    try:
        return output.resolve() == source.resolve() or (
            output.exists() and os.path.samefile(output, source))
    except (OSError, ValueError, RuntimeError):
        return False


def _cmd_show(args: argparse.Namespace) -> int:
    try:
        document = load_document(args.file)
    except DocumentLoadError as exc:
        return _fail(str(exc))
    from app.summary import summarize, summary_lines

    for line in summary_lines(summarize(document)):
        print(line)
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from app.export import ExportCancelled, ExportError, export_document

    formats = [f.strip().lower().lstrip(".") for f in args.format.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        return _fail(f"不支持的格式“{args.format}”；可选 docx、xlsx、pdf，用逗号分隔")
    try:
        document = load_document(args.file)
    except DocumentLoadError as exc:
        return _fail(str(exc))
    from app.checks import Severity, run_checks

    errors = [f for f in run_checks(document) if f.severity is Severity.ERROR]
    if errors and not args.force:
        print(f"jixiao-cli：“{args.file}”有 {len(errors)} 个错误，未导出"
              "（先用 jixiao-cli validate 查看并修改；如确需导出，请加 --force）：", file=sys.stderr)
        for finding in errors:
            print(f"  [{finding.code}] {finding.message}", file=sys.stderr)
        return EXIT_HAS_ERRORS
    try:
        written = export_document(document, args.output, list(dict.fromkeys(formats)),
                                  force=args.force)
    except (ExportError, ExportCancelled) as exc:
        return _fail(str(exc) or "导出已取消")
    for path in written:
        print(f"已导出：{path}")
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    import json

    from app.checks import Severity, run_checks

    results, unreadable, any_error = [], False, False
    for path in args.files:
        try:
            findings = run_checks(load_document(path))
        except DocumentLoadError as exc:
            print(f"jixiao-cli：{exc}", file=sys.stderr)
            unreadable = True
            continue
        any_error |= any(f.severity is Severity.ERROR for f in findings)
        results.append((path, findings))
    if args.json:
        rows = [{"file": str(path), **finding.as_dict()}
                for path, findings in results for finding in findings]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for path, findings in results:
            _print_findings(path, findings)
    if unreadable:
        return EXIT_BAD_INPUT
    return EXIT_HAS_ERRORS if any_error else EXIT_OK


def _print_findings(path: Path, findings) -> None:
    from app.checks import Severity

    print(f"{path}：")
    if not findings:
        print("  未发现问题。")
    for severity in (Severity.ERROR, Severity.WARNING):
        group = [f for f in findings if f.severity is severity]
        if group:
            print(f"  {severity.value}（{len(group)}）：")
            for finding in group:
                print(f"    [{finding.code}] {finding.message}")


def _cmd_library(args: argparse.Namespace) -> int:
    from app.cli_library import cmd_library

    return cmd_library(args)


_COMMANDS = {"templates": _cmd_templates, "new": _cmd_new, "show": _cmd_show,
             "export": _cmd_export, "validate": _cmd_validate, "carry": _cmd_carry,
             "library": _cmd_library, "import": _cmd_import}


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_console()
    log_file = _setup_logging()
    args = build_parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("jixiao-cli：已中断", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader stopped reading (`jixiao-cli validate … | head`): nothing went wrong here.
        # Python would fail again flushing stdout at exit, so what is left goes nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - last resort: no traceback on the console
        log.exception("jixiao-cli %s failed", args.command)
        where = f"，详情已记录到日志：{log_file}" if log_file else ""
        print(f"jixiao-cli：程序内部错误（{type(exc).__name__}）{where}。请把日志发给维护人员。",
              file=sys.stderr)
        return EXIT_INTERNAL


def _setup_logging() -> Path | None:
    """Log records (with tracebacks) go to ``jixiao-cli.log`` in the user log folder, never to the
    console; without a writable log folder they are dropped. Returns the log file."""
    root = logging.getLogger()
    if root.handlers:  # already set up (embedding, tests)
        return None
    from app.config import log_dir

    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "jixiao-cli.log", maxBytes=1_000_000, backupCount=1, encoding="utf-8",
            delay=True)  # the file appears only when something is logged
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log_file: Path | None = folder / "jixiao-cli.log"
    except OSError:
        handler, log_file = logging.NullHandler(), None
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return log_file


def _utf8_console() -> None:
    # A Windows console may default to a legacy code page; Chinese must never raise there.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # pragma: no cover - detached streams
                pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
