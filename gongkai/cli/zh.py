"""Chinese text for the CLI framework (命令行框架的中文提示).

Click and Typer print their own usage errors and help headings in English ("Missing option", "Show this
message and exit.", "Options"). Both mark those strings with :func:`gettext.gettext` bound at import time as
the module-level name ``_`` (and ``ngettext``); :func:`install` rebinds those names in the framework modules to
a lookup in :data:`MESSAGES`, replaces Typer's panel titles, shows parameter types in Chinese, and lets long
Chinese help text wrap instead of being cut with "…". Unknown strings pass through unchanged, so a framework
upgrade can at worst show an English message, never break the CLI.
"""
from __future__ import annotations

import importlib
import re
from typing import Any

MESSAGES: dict[str, str] = {
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "(deprecated) ": "（已弃用）",
    "(dynamic)": "（动态）",
    "Aborted!": "已中止。",
    "Aborted.": "已中止。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Arguments": "参数",
    "Choose from:\n\t{choices}": "可选值：\n\t{choices}",
    "Commands": "命令",
    "Confirm the action without prompting.": "不再询问，直接确认。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Do you want to continue?": "是否继续？",
    "Error": "错误",
    "Error: The two entered values do not match.": "错误：两次输入不一致。",
    "Error: invalid input": "错误：输入无效",
    "Error: {message}": "错误：{message}",
    "Invalid start character for option ({option})": "选项的开头字符无效（{option}）",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing command.": "缺少命令。",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Options": "选项",
    "Positional arguments": "位置参数",
    "Press any key to continue...": "按任意键继续……",
    "Repeat for confirmation": "再输入一次以确认",
    "Show the version and exit.": "显示版本后退出。",
    "Show this message and exit.": "显示本帮助后退出。",
    "Try '{command} {option}' for help.": "用 '{command} {option}' 查看帮助。",
    "Try [blue]'{command_path} {help_option}'[/] for help.": "用 [blue]'{command_path} {help_option}'[/] 查看帮助。",
    "Usage:": "用法：",
    "[default: {}]": "[默认：{}]",
    "[env var: {}]": "[环境变量：{}]",
    "[required]": "[必填]",
    "default: {default}": "默认：{default}",
    "deprecated": "已弃用",
    "directory": "文件夹",
    "env var: {var}": "环境变量：{var}",
    "file": "文件",
    "path": "路径",
    "required": "必填",
    "unknown error": "未知错误",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不可执行。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 无法读取。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 无法写入。",
    "{value!r} is not a valid UUID.": "{value!r} 不是有效的 UUID。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "integer": "整数",
    "float": "数",
    "Value error, {0}": "{0}",
}

PLURALS: dict[str, str] = {
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Did you mean {possibility}?": "是不是想用 {possibility}？",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，只给了 {len_value} 个。",
}
PLURALS_MANY: dict[str, str] = {
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "(Did you mean one of: {possibilities}?)": "（是不是想用其中之一：{possibilities}？）",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "{value!r} is not one of {choices}.": "{value!r} 不是以下之一：{choices}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合以下任一格式：{formats}。",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 个值，给了 {len_value} 个。",
}

# Parameter types as Typer shows them in help (``<list[Path]>``, ``<int>``) → Chinese.
TYPE_NAMES = {"Path": "路径", "str": "文本", "int": "整数", "float": "数", "date": "日期", "datetime": "日期时间",
              "bool": ""}

# Messages the vendored Click inside Typer builds with f-strings (no gettext): translated after formatting.
PATTERNS: list[tuple[re.Pattern[str], str]] = [(re.compile(a, re.S), b) for a, b in [
    (r"^Missing option (.+?)\.(.*)$", r"缺少选项 \1。\2"),
    (r"^Missing argument (.+?)\.(.*)$", r"缺少参数 \1。\2"),
    (r"^Missing parameter (.+?)\.(.*)$", r"缺少参数 \1。\2"),
    (r"^Missing parameter: (.+)$", r"缺少参数：\1"),
    (r"^Invalid value for (.+?): (?:Value error, )?(.*)$", r"\1 的值无效：\2"),
    (r"^Invalid value: (?:Value error, )?(.*)$", r"值无效：\1"),
    (r"^No such command (.+?)\.(?:\. Did you mean (.+?)\?)?$", r"没有命令 \1。是不是想用 \2？"),
    (r"^No such option: (.+)$", r"没有选项 \1"),
    (r"^No such option (.+?)\.$", r"没有选项 \1。"),
    (r"^Got unexpected extra arguments? \((.*)\)$", r"多余的参数（\1）"),
    (r"^Option (.+?) does not take a value\.$", r"选项 \1 不带值。"),
    (r"^Option (.+?) requires an argument\.$", r"选项 \1 需要一个值。"),
    (r"^Option (.+?) requires (\d+) arguments\.$", r"选项 \1 需要 \2 个值。"),
    (r"^Could not open file (.+?): (.*)$", r"无法打开文件 \1：\2"),
]]
INLINE: list[tuple[re.Pattern[str], str]] = [(re.compile(a), b) for a, b in [
    (r"(\S+) is not one of (.+?)\.(?=\s|$)", r"\1 不是以下之一：\2。"),
    (r"(\S+) is not a valid integer\.", r"\1 不是有效的整数。"),
    (r"(\S+) is not a valid float\.", r"\1 不是有效的数。"),
    (r"(\S+) is not a valid (\w+)\.", r"\1 不是有效的 \2。"),
    (r"(\S+) is not in the range (.+?)\.", r"\1 不在范围 \2 内。"),
    (r"(\S+) does not match the formats? (.+?)\.", r"\1 不符合格式 \2。"),
    (r"Path (\S+) does not exist\.", r"路径 \1 不存在。"),
    (r"File (\S+) does not exist\.", r"文件 \1 不存在。"),
    (r"Directory (\S+) does not exist\.", r"文件夹 \1 不存在。"),
    (r"(?:Path|File|Directory) (\S+) is a directory\.", r"\1 是文件夹。"),
    (r"(?:Path|File|Directory) (\S+) is a file\.", r"\1 是文件。"),
    (r"\(?Did you mean one of: (.+?)\?\)?", r"（是不是想用其中之一：\1？）"),
    (r"Did you mean (.+?)\?", r"是不是想用 \1？"),
    (r"Input should be a valid integer[^\n]*", "应为整数"),
    (r"Input should be a valid number[^\n]*", "应为数"),
    (r"Input should be a valid date[^\n]*", "应为日期（如 2025-01-05）"),
    (r"Input should be a valid boolean[^\n]*", "应为是或否"),
    (r"Input should be greater than or equal to (\S+)", r"不能小于 \1"),
    (r"Input should be less than or equal to (\S+)", r"不能大于 \1"),
    (r"Input should be greater than (\S+)", r"应大于 \1"),
    (r"Input should be less than (\S+)", r"应小于 \1"),
]]


def translate(message: str) -> str:
    """Chinese for a formatted framework message (whole-message patterns, then inline phrases)."""
    out = MESSAGES.get(message, message)
    for pattern, repl in PATTERNS:
        new = pattern.sub(repl, out)
        if new != out:
            out = new.replace("是不是想用 ？", "")
            break
    for pattern, repl in INLINE:
        out = pattern.sub(repl, out)
    return out.replace("。. ", "。")


_CLICK_MODULES = ("click.core", "click.exceptions", "click.parser", "click.types", "click.decorators",
                  "click.formatting", "click.termui", "click.utils", "typer.core", "typer.main", "typer.rich_utils",
                  "typer._click.core", "typer._click.exceptions", "typer._click.parser", "typer._click.decorators",
                  "typer._click.formatting", "typer._click.termui")
_installed = False


def gettext(message: str) -> str:
    """Chinese for a framework message, or the message itself."""
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Plural-aware lookup (Chinese has one form)."""
    if n == 1:
        return PLURALS.get(singular, singular)
    return PLURALS_MANY.get(plural, plural)


def _type_name(label: str | None) -> str | None:
    """``<list[Path]>`` → ``<路径…>``; ``<int>`` → ``<整数>``; choices (``<text|json>``) stay as they are."""
    if label is None:
        return None
    if label.startswith("<") and label.endswith(">"):
        inner_name = _type_name(label[1:-1])
        return None if inner_name is None else f"<{inner_name}>"
    many = label.startswith("list[") and label.endswith("]")
    inner = label[5:-1] if many else label
    name = TYPE_NAMES.get(inner, inner)
    if not name:
        return None
    return name + ("…" if many else "")


def install() -> None:
    """Rebind the framework's message lookups to Chinese (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    for mod_name in _CLICK_MODULES:
        try:
            mod = importlib.import_module(mod_name)
        except ImportError:  # pragma: no cover - a framework without that module
            continue
        if hasattr(mod, "_"):
            mod._ = gettext
        if hasattr(mod, "ngettext"):
            mod.ngettext = ngettext
        _patch_exceptions(mod)
        _patch_usage(mod)
    _patch_typer()


def _patch_exceptions(mod: Any) -> None:
    """Translate every exception class's formatted message in ``mod`` (Click or Typer's vendored Click)."""
    base = getattr(mod, "ClickException", None)
    if base is None:
        return
    classes = [c for c in base.__mro__ if "format_message" in c.__dict__]
    classes += [o for o in vars(mod).values() if isinstance(o, type) and issubclass(o, base)]
    for obj in classes:
        original = obj.__dict__.get("format_message")
        if original is None or getattr(original, "_gongkai_zh", False):
            continue

        def format_message(self: Any, _orig: Any = original) -> str:
            return translate(_orig(self))

        format_message._gongkai_zh = True  # type: ignore[attr-defined]
        obj.format_message = format_message


def _patch_usage(mod: Any) -> None:
    """``Usage:`` → ``用法：`` in the help formatter."""
    fmt = getattr(mod, "HelpFormatter", None)
    if fmt is None or "write_usage" not in fmt.__dict__ or getattr(fmt, "_gongkai_zh", False):
        return
    original = fmt.__dict__["write_usage"]

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        for en, zh_text in (("[OPTIONS]", "[选项]"), ("COMMAND [ARGS]...", "命令 [参数]..."), ("[ARGS]...", "[参数]...")):
            args = args.replace(en, zh_text)
        original(self, prog, args, "用法：" if prefix is None else prefix)

    fmt.write_usage = write_usage
    fmt._gongkai_zh = True


def _patch_typer() -> None:
    from rich.columns import Columns
    from rich.text import Text
    from typer import core, rich_utils

    for const in ("DEPRECATED_STRING", "DEFAULT_STRING", "ENVVAR_STRING", "REQUIRED_LONG_STRING",
                  "ARGUMENTS_PANEL_TITLE", "OPTIONS_PANEL_TITLE", "COMMANDS_PANEL_TITLE", "ERRORS_PANEL_TITLE",
                  "ABORTED_TEXT", "RICH_HELP"):
        value = getattr(rich_utils, const, None)
        if isinstance(value, str):
            setattr(rich_utils, const, gettext(value))

    for cls in [getattr(core, n) for n in ("_TyperParameter", "TyperArgument", "TyperOption") if hasattr(core, n)]:
        for attr in ("display_type", "display_type_rich"):
            original = cls.__dict__.get(attr)
            if original is None:
                continue

            def wrapped(self: Any, ctx: Any, _orig: Any = original) -> str | None:
                label = _orig(self, ctx)
                if label is None:
                    return None
                suffix = "..." if label.endswith("...") else ""
                base = label[: -len(suffix)] if suffix else label
                name = _type_name(base)
                return None if name is None else name + ("…" if suffix and not name.endswith("…") else "")

            setattr(cls, attr, wrapped)
        _patch_bool_display(cls)

    # Long Chinese help has no spaces to wrap at: fold it instead of cutting it with "…".
    orig_param_help = rich_utils._get_parameter_help

    def param_help(*args: Any, **kwargs: Any) -> Any:
        param = kwargs.get("param")
        if param is not None and isinstance(getattr(param, "help", None), str):
            param.help = gettext(param.help)
        res = orig_param_help(*args, **kwargs)
        if isinstance(res, Columns) and all(isinstance(r, Text) for r in res.renderables):
            text = Text(overflow="fold")
            for i, r in enumerate(res.renderables):
                if i:
                    text.append(" ")
                text.append(r)
            return text
        return res

    rich_utils._get_parameter_help = param_help
    orig_cmd_help = rich_utils._make_command_help

    def cmd_help(*args: Any, **kwargs: Any) -> Any:
        res = orig_cmd_help(*args, **kwargs)
        if isinstance(res, Text):
            res.overflow = "fold"
        return res

    rich_utils._make_command_help = cmd_help


def _patch_bool_display(cls: type) -> None:
    """Flags (``--rules``) show no type at all, not ``<bool>``."""
    for attr in ("display_type", "display_type_rich"):
        fn = cls.__dict__.get(attr)
        if fn is None:
            continue

        def no_bool(self: Any, ctx: Any, _fn: Any = fn) -> str | None:
            if getattr(self, "is_flag", False):
                return None
            return _fn(self, ctx)

        setattr(cls, attr, no_bool)
