"""JSON and YAML inputs read within bounds, and the writer's input screened before anything is written.

A canonical report (``juesuan parse`` output) and the writer's input (a filled template as YAML or
JSON) are data files a user may hand in from anywhere. Read naively, a YAML *alias bomb* (nine
aliases of nine aliases …) expands to billions of nodes, ``[[[[…]]]]`` nested ten thousand deep
exhausts the recursion limit, a million-element list costs gigabytes once validated, and a
5,000-digit integer stops Python's int conversion. Here:

- :func:`load_mapping` parses YAML as a stream of events first (libyaml when available) and
  refuses more than :data:`~juesuan.model.limits.MAX_YAML_ALIASES` aliases, nesting deeper than
  :data:`~juesuan.model.limits.MAX_NESTING` or more than :data:`MAX_NODES` values — before any
  alias is expanded; JSON is measured after parsing (the C parser holds what the file holds);
- :func:`screen_input` walks the writer's input for control characters (NUL, ESC …, which no
  document may print and DOCX/XLSX cannot hold) and names where they are.

Every refusal is a :class:`ReadError`: a Chinese message naming the file and the limit, exit 2.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from juesuan.diagnostics import ReadError
from juesuan.model.limits import MAX_NESTING, MAX_YAML_ALIASES

__all__ = ["MAX_NODES", "input_error", "load_mapping", "screen_input"]

#: Values (scalars, lists and mappings) in one JSON/YAML input; the seed's canonical report has
#: about 60,000.
MAX_NODES = 1_000_000

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _measure_yaml(text: str, file: str) -> None:
    """Walk the YAML events (nothing is built): the number of aliases, the nesting depth, and the
    number of values *as loading would expand them* (each alias counts the size of what it names),
    so that an alias bomb is refused from a few hundred bytes of events."""
    depth = aliases = 0
    total = 0
    sizes: dict[str, int] = {}
    frames: list[list[Any]] = []  # [anchor, values so far] of each open collection
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_YAML_ALIASES:
                raise ReadError(file, f"YAML 中的别名（*引用）超过 {MAX_YAML_ALIASES} 个，可能是“别名炸弹”，不予读取")
            size = sizes.get(str(event.anchor), 1)
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                raise ReadError(file, f"YAML 嵌套超过 {MAX_NESTING} 层，不是 juesuan 的输入")
            total += 1
            frames.append([event.anchor, 1])
            continue
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            anchor, size = frames.pop()
            if anchor is not None:
                sizes[str(anchor)] = size
            if frames:
                frames[-1][1] += size
            continue
        elif isinstance(event, yaml.ScalarEvent):
            size = 1
            if event.anchor is not None:
                sizes[str(event.anchor)] = 1
        else:
            continue
        total += size
        if frames:
            frames[-1][1] += size
        if total > MAX_NODES:
            bomb = "，别名展开后过多（“别名炸弹”）" if aliases else ""
            raise ReadError(file, f"YAML 中的数据项超过 {MAX_NODES:,} 个{bomb}，不是 juesuan 的输入")


def _measure(value: object, file: str, kind: str) -> None:
    """Nesting depth and number of values of a parsed structure, without recursion."""
    stack: list[tuple[object, int]] = [(value, 1)]
    nodes = 0
    while stack:
        item, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise ReadError(file, f"{kind} 中的数据项超过 {MAX_NODES:,} 个，不是 juesuan 的输入")
        if isinstance(item, dict | list):
            if depth > MAX_NESTING:
                raise ReadError(file, f"{kind} 嵌套超过 {MAX_NESTING} 层，不是 juesuan 的输入")
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)


def load_mapping(text: str, kind: str, file: str) -> Any:
    """Parse ``text`` as ``kind`` ("JSON" or "YAML") within the bounds above; a :class:`ReadError`
    for a file that is not valid or is beyond them."""
    try:
        if kind == "JSON":
            if text.count(",") >= MAX_NODES:  # at least as many values as commas: refused unparsed
                raise ReadError(file, f"{kind} 中的数据项超过 {MAX_NODES:,} 个，不是 juesuan 的输入")
            content = json.loads(text)
        else:
            _measure_yaml(text, file)
            content = yaml.load(text, Loader=_LOADER)
    except RecursionError as exc:
        raise ReadError(file, f"{kind} 嵌套层数过深，不是 juesuan 的输入") from exc
    except ValueError as exc:
        if "integer string conversion" in str(exc):
            raise ReadError(file, f"{kind} 中有位数过多的整数（超过 4300 位），不是决算数") from exc
        raise ReadError(file, f"不是有效的 {kind} 文件（{_first_line(exc)}）") from exc
    except (yaml.YAMLError, TypeError, OverflowError) as exc:
        if "flow level" in str(exc):  # libyaml's own nesting limit
            raise ReadError(file, f"{kind} 嵌套层数过深，不是 juesuan 的输入") from exc
        raise ReadError(file, f"不是有效的 {kind} 文件（{_first_line(exc)}）") from exc
    _measure(content, file, kind)
    return content


def _first_line(exc: BaseException) -> str:
    lines = [ln for ln in str(exc).splitlines() if ln.strip()]
    return lines[0].strip()[:200] if lines else type(exc).__name__


_PYDANTIC_WORDS = {
    "finite_number": "不是有限的数",
    "decimal_parsing": "不是数字",
    "decimal_type": "不是数字",
    "int_parsing": "不是整数",
    "int_type": "不是整数",
    "int_from_float": "不是整数",
    "string_type": "不是文字",
    "missing": "缺少此项",
    "extra_forbidden": "不是生成输入中的项",
    "unexpected_keyword_argument": "不是生成输入中的项",
    "dict_type": "应是映射（键: 值）",
    "model_type": "应是映射（键: 值）",
    "dataclass_type": "应是映射（键: 值）",
    "list_type": "应是列表",
    "bool_parsing": "应是“是”或“否”",
    "date_parsing": "不是日期",
    "date_from_datetime_parsing": "不是日期",
}


def input_error(file: str, exc: ValidationError, what: str = "生成输入") -> ReadError:
    """A pydantic validation error as a Chinese :class:`ReadError`: the first place and why, and how many."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "顶层"
    kind = str(first.get("type", ""))
    why = str(first.get("ctx", {}).get("error", first["msg"])) if kind == "value_error" else _PYDANTIC_WORDS.get(kind, first["msg"])
    count = exc.error_count()
    return ReadError(file, f"不是有效的{what}：{where}：{why}" + (f"（共 {count} 处）" if count > 1 else ""))


def screen_input(doc: BaseModel, file: str) -> None:
    """Refuse a writer input holding control characters (NUL, ESC …) in any text, naming where."""
    stack: list[tuple[object, str]] = [(doc.model_dump(mode="python"), "")]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            m = _CONTROL.search(item)
            if m:
                raise ReadError(file, f"{where or '文字'}中有控制字符 U+{ord(m.group()):04X}（“{item[: m.start()][-20:]}”之后），不能写进文档；请删去后再生成")
        elif isinstance(item, dict):
            for key, value in item.items():
                stack.append((value, f"{where}.{key}" if where else str(key)))
                if isinstance(key, str):
                    stack.append((key, where or "键"))
        elif isinstance(item, list | tuple):
            stack.extend((value, f"{where}[{i}]") for i, value in enumerate(item))
