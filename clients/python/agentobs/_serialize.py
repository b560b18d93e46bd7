"""JSON-safe capture of arbitrary Python values and the span wire encoding.

Everything here is pure and thread-safe. Capture (``to_jsonable`` / ``encode_field``) runs in the
caller when a value is recorded, so later mutation of the object cannot change what was captured;
the span's wire encoding (``encode_span``) runs in the background worker.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as _dt
import decimal
import enum
import json
import math
import time
import uuid
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any, Callable, Optional

__all__ = [
    "to_jsonable",
    "encode_field",
    "encode_span",
    "format_time",
    "MAX_DEPTH",
    "MAX_ITEMS",
    "MAX_NODES",
]

MAX_DEPTH = 32  # SDK.md: anything nested deeper becomes "[depth limit]"
MAX_ITEMS = 10_000  # entries kept of one container (the rest: "... <n> more items"), as in TypeScript
MAX_NODES = 20_000  # containers walked in one value; past it "[Truncated]", as in TypeScript
TRUNCATION_MARK = "...[truncated]"
DEPTH_LIMIT = "[depth limit]"

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode

_PRIMITIVES = (str, int, float, bool, type(None))


def _type_name(value: Any) -> str:
    t = type(value)
    mod = t.__module__
    return t.__qualname__ if mod in ("builtins", "__main__") else f"{mod}.{t.__qualname__}"


def _safe_str(value: Any) -> str:
    try:
        return str(value)
    except Exception:  # a broken __str__ must not break the caller
        try:
            return repr(value)
        except Exception:
            return f"<unserializable {_type_name(value)}>"


class _Walk(set):
    """The ids of the containers being walked (cycles), and how many objects were walked so far."""

    __slots__ = ("nodes",)

    def __init__(self) -> None:
        super().__init__()
        self.nodes = 0


def to_jsonable(value: Any, max_string: int = 32_768, _depth: int = 0, _seen: Optional[set] = None) -> Any:
    """Convert ``value`` into something ``json.dumps`` accepts.

    Dataclasses, attrs classes, pydantic models (v1 and v2), mappings, sequences, sets, datetimes,
    UUIDs, decimals, enums, paths, bytes and exceptions get a faithful JSON form; anything else
    becomes its ``str()``. Strings longer than ``max_string`` are cut, containers keep at most
    ``MAX_ITEMS`` entries, past ``MAX_NODES`` containers the rest become ``"[Truncated]"``, anything nested
    deeper than ``MAX_DEPTH`` levels becomes ``"[depth limit]"`` and reference cycles become ``"[Circular]"``
    (all as in TypeScript: shared vectors in clients/testdata/capture.json). Never raises.
    """
    t = type(value)
    if t is str:
        if len(value) > max_string:
            return value[:max_string] + TRUNCATION_MARK
        return value
    if t is bool or t is int or value is None:
        return value
    if t is float:
        return value if math.isfinite(value) else repr(value)
    if _seen is None:
        _seen = _Walk()
    if type(_seen) is _Walk:
        _seen.nodes += 1
        if _seen.nodes > MAX_NODES:
            return "[Truncated]"
    if id(value) in _seen:
        return "[Circular]"  # as in TypeScript
    if _depth >= MAX_DEPTH:
        return DEPTH_LIMIT
    try:
        return _convert(value, max_string, _depth, _seen)
    except Exception:
        return _truncate_str(_safe_str(value), max_string)


def _truncate_str(s: str, max_string: int) -> str:
    return s[:max_string] + TRUNCATION_MARK if len(s) > max_string else s


def _convert(value: Any, max_string: int, depth: int, seen: Optional[set]) -> Any:
    # Subclasses of primitives (IntEnum, str subclasses, numpy-free bools...)
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value, max_string, depth + 1, seen)
    if isinstance(value, str):
        return _truncate_str(str.__str__(value), max_string)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        f = float(value)
        return f if math.isfinite(f) else repr(f)
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return value.total_seconds()
    if isinstance(value, (uuid.UUID, decimal.Decimal, PurePath)):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value[: max_string * 4])
        try:
            return _truncate_str(raw.decode("utf-8"), max_string)
        except UnicodeDecodeError:
            return _truncate_str("base64:" + base64.b64encode(raw).decode("ascii"), max_string)
    if isinstance(value, BaseException):
        out = {"type": _type_name(value), "message": _truncate_str(_safe_str(value), max_string)}
        return out

    # Containers: guard against cycles.
    if seen is None:
        seen = set()
    key = id(value)
    if key in seen:
        return "[Circular]"  # as in TypeScript
    seen.add(key)
    try:
        return _convert_container(value, max_string, depth, seen)
    finally:
        seen.discard(key)


def _convert_container(value: Any, max_string: int, depth: int, seen: set) -> Any:
    d = depth + 1
    if isinstance(value, Mapping):
        out = {}
        for i, (k, v) in enumerate(value.items()):
            if i >= MAX_ITEMS:
                out["..."] = f"{len(value) - MAX_ITEMS} more items"
                break
            sk = k if isinstance(k, str) else _safe_str(to_jsonable(k, 256, d, seen))
            out[sk] = to_jsonable(v, max_string, d, seen)
        return out
    if isinstance(value, (list, tuple)):
        items = [to_jsonable(v, max_string, d, seen) for v in value[:MAX_ITEMS]]
        if len(value) > MAX_ITEMS:
            items.append(f"... {len(value) - MAX_ITEMS} more items")
        return items
    if isinstance(value, (set, frozenset)):
        items = []
        for i, v in enumerate(value):
            if i >= MAX_ITEMS:
                items.append(f"... {len(value) - MAX_ITEMS} more items")
                break
            items.append(to_jsonable(v, max_string, d, seen))
        try:
            items.sort(key=lambda x: _dumps(x))  # stable output for sets
        except Exception:
            pass
        return items
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_jsonable(getattr(value, f.name, None), max_string, d, seen) for f in dataclasses.fields(value)
        }
    cls = type(value)
    # pydantic v2
    dump = getattr(cls, "model_dump", None)
    if callable(dump) and hasattr(cls, "model_fields"):
        return to_jsonable(value.model_dump(mode="json"), max_string, d, seen)
    # pydantic v1
    if hasattr(cls, "__fields__") and callable(getattr(value, "dict", None)):
        return to_jsonable(value.dict(), max_string, d, seen)
    # attrs classes (the generated API models are attrs classes with to_dict())
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict) and not isinstance(value, type):
        return to_jsonable(to_dict(), max_string, d, seen)
    attrs_fields = getattr(cls, "__attrs_attrs__", None)
    if attrs_fields is not None:
        return {a.name: to_jsonable(getattr(value, a.name, None), max_string, d, seen) for a in attrs_fields}
    # numpy scalars/arrays and similar expose tolist()/item()
    if cls.__module__.split(".", 1)[0] in ("numpy", "pandas"):
        tolist = getattr(value, "tolist", None)
        if callable(tolist):
            return to_jsonable(tolist(), max_string, d, seen)
    return _truncate_str(_safe_str(value), max_string)


def encode_field(
    value: Any,
    max_size: int,
    mask: Optional[Callable[[Any], Any]] = None,
) -> str:
    """Capture ``value`` as JSON text of at most ``max_size`` UTF-8 bytes (as the TypeScript SDK does,
    byte for byte: shared vectors in ``clients/testdata/capture.json``).

    The value is first made JSON-safe, then passed through ``mask`` (which sees dicts, lists and
    strings, and returns the value to store), then encoded. Text larger than ``max_size`` bytes is
    replaced by a JSON string holding the longest prefix that fits (of the string itself, or of the
    JSON text of anything else) followed by ``…[truncated <n> bytes]`` (``n``: the full JSON's size).
    Never raises.
    """
    data: Any = None
    try:
        # strings are not cut here: the marker reports the full size (the JSON text is cut below)
        data = to_jsonable(value, _NO_CUT)
        if mask is not None:
            try:
                data = to_jsonable(mask(data), _NO_CUT)
            except Exception as exc:  # a failing mask must never leak the unmasked value
                data = "[mask failed]"  # as in TypeScript
        text = _dumps(data)
    except Exception:
        data = _safe_str(value) if mask is None else "<unserializable>"
        text = _dumps(data)
    if len(text) * 4 <= max_size:  # a code point is at most 4 UTF-8 bytes: short texts need no exact count
        return text
    size = len(text.encode("utf-8", "surrogatepass"))
    if size <= max_size:
        return text
    return _truncate_json(data if isinstance(data, str) else text, size, max_size)


_NO_CUT = 1 << 62
_MARKER = "\u2026[truncated %d bytes]"


def _utf8_len(s: str) -> int:
    return len(s.encode("utf-8", "surrogatepass"))


def _truncate_json(source: str, original_bytes: int, max_bytes: int) -> str:
    marker = _MARKER % original_bytes
    marker_bytes = _utf8_len(marker)
    if marker_bytes + 2 > max_bytes:
        return '""'
    # Escaping can grow the prefix, so shrink the budget until the JSON string fits.
    budget = max_bytes - marker_bytes - 2
    raw = source.encode("utf-8", "surrogatepass")
    while True:
        prefix = raw[: max(0, budget)].decode("utf-8", "ignore")
        out = _dumps(prefix + marker)
        size = _utf8_len(out)
        if size <= max_bytes or budget <= 0:
            return out
        budget -= max(1, size - max_bytes)


MAX_ATTRIBUTE_KEYS = 256
MAX_ATTRIBUTE_KEY_LENGTH = 256
DROPPED_ATTRIBUTES_KEY = "agentobs.dropped_attributes_count"


def cut_string(s: str, max_bytes: int) -> str:
    """``s`` cut to at most ``max_bytes`` UTF-8 bytes, ending with ``…[truncated <n> bytes]`` when cut."""
    if len(s) * 4 <= max_bytes:
        return s
    raw = s.encode("utf-8", "surrogatepass")
    if len(raw) <= max_bytes:
        return s
    marker = _MARKER % len(raw)
    keep = max(0, max_bytes - _utf8_len(marker))
    return raw[:keep].decode("utf-8", "ignore") + marker


def _cut_strings(value: Any, max_bytes: int) -> Any:
    t = type(value)
    if t is str:
        return cut_string(value, max_bytes)
    if t is list:
        return [_cut_strings(v, max_bytes) for v in value]
    if t is dict:
        return {k: _cut_strings(v, max_bytes) for k, v in value.items()}
    return value


def attributes_wire(attributes: Optional[dict], max_field_size: int) -> Optional[dict]:
    """Span attributes within the API's limits, by the TypeScript SDK's rules (shared vectors:
    ``clients/testdata/attributes.json``): strings (also nested) larger than ``max_field_size`` UTF-8
    bytes are cut; with more than 256 keys, or a key longer than 256 characters, the first 255 valid keys
    are kept and ``agentobs.dropped_attributes_count`` counts the others. ``None`` when there are none."""
    if not attributes:
        return None
    out = _cut_strings(attributes, max_field_size)
    if len(out) <= MAX_ATTRIBUTE_KEYS and all(len(k) <= MAX_ATTRIBUTE_KEY_LENGTH for k in out):
        return out
    kept: dict = {}
    dropped = 0
    for key, value in out.items():
        if len(key) > MAX_ATTRIBUTE_KEY_LENGTH or len(kept) >= MAX_ATTRIBUTE_KEYS - 1:
            dropped += 1
            continue
        kept[key] = value
    if dropped:
        kept[DROPPED_ATTRIBUTES_KEY] = dropped
    return kept


_second_cache = (-1, "")  # (epoch second, its "YYYY-MM-DDTHH:MM:SS"), replaced as one tuple: thread-safe


def format_time(ns: int) -> str:
    """Epoch nanoseconds → ``2026-11-25T12:00:00.123456Z`` (microsecond precision, as the API stores it)."""
    global _second_cache
    sec, rem = divmod(ns, 1_000_000_000)
    cached_sec, prefix = _second_cache
    if sec != cached_sec:  # spans of a batch mostly share their second
        prefix = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec))
        _second_cache = (sec, prefix)
    return "%s.%06dZ" % (prefix, rem // 1000)


def encode_span(span: Any) -> bytes:
    """The span's wire JSON (camelCase), as UTF-8 bytes."""
    d: dict = {
        "traceId": span.trace_id,
        "spanId": span.span_id,
    }
    if span.parent_span_id:
        d["parentSpanId"] = span.parent_span_id
    d["name"] = span.name
    d["kind"] = span.kind
    d["startTime"] = format_time(span.start_ns)
    if span.end_ns is not None:
        d["endTime"] = format_time(span.end_ns)
    d["status"] = span.status
    if span.status_message is not None:
        d["statusMessage"] = span.status_message
    if span.attributes:
        attributes = attributes_wire(span.attributes, span._obs.max_field_size)
        if attributes:
            d["attributes"] = attributes
    if span.model is not None:
        d["model"] = span.model
    if span.usage is not None:
        d["usage"] = span.usage
    if span.cost_usd is not None:
        d["costUsd"] = span.cost_usd
    text = _dumps(d)
    # input/output were encoded when captured; splice the JSON text in.
    extra = ""
    if span.input_json is not None:
        extra += ',"input":' + span.input_json
    if span.output_json is not None:
        extra += ',"output":' + span.output_json
    if extra:
        text = text[:-1] + extra + "}"
    return text.encode("utf-8")
