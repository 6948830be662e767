"""What may cross the boundary between the grader and a student's worker process.

Both sides import this module, and the worker imports nothing else of the grader,
so it uses the standard library and NumPy only.

Only plain data crosses: None, bool, int, float, complex, str, bytes, NumPy
scalars and arrays (numeric, bool, string and date dtypes; never ``object``),
and lists, tuples and dicts (str or int keys) of these. The encoding keeps types
exact — ``1`` stays an int, ``1.0`` a float, ``np.float64(1.0)`` an
``np.float64``, a tuple a tuple — because "you returned an int where a float is
expected" is feedback a student needs. Nothing is ever pickled: arrays travel as
their raw bytes plus dtype and shape, and decoding builds them with
``np.frombuffer`` from a dtype that cannot hold objects, so a frame from a
hostile worker can be malformed but never executes anything.

A frame on a stream socket is::

    u64 body length | u32 header length | header (JSON) | blob | blob | ...

The header is ``{"m": message, "b": [blob lengths]}``; ``message`` is a dict of
control fields built by the sender, in which values are encoded by `encode`.

A frame is checked against the limits below *before* anything it announces is
allocated or parsed: the prefix (frame and header length), then the header's
raw bytes (how many JSON values, how deeply nested, counted on the bytes with
strings blanked out, in C-speed passes), then the blob lengths. So a frame from
a hostile worker costs the receiver at most about MAX_FRAME bytes for its body
plus a bounded parse of at most MAX_HEADER bytes and MAX_NODES values (tens of
MB), whatever it claims. `send` applies the same limits to what it is asked to
send and raises FrameTooLarge before writing anything, so an honest sender never
sends a frame the receiver refuses.
"""

from __future__ import annotations

import json
import math
import re
import select
import socket
import struct
import time
from typing import Any

import numpy as np

__all__ = [
    "EncodeError",
    "ProtocolError",
    "FrameTooLarge",
    "Closed",
    "MAX_FRAME",
    "MAX_HEADER",
    "MAX_NODES",
    "MAX_BLOBS",
    "MAX_DEPTH",
    "MAX_JSON_DEPTH",
    "check_header",
    "array_sizes",
    "encode",
    "decode",
    "send",
    "recv",
    "describe_type",
]

# Limits of one frame. The course's largest values are a few MB (a data set, a
# network's parameters); these leave a wide margin and bound what a frame from a
# hostile worker costs the grader: at most MAX_FRAME bytes of body (blobs are read
# into one buffer, decoded arrays are copies of it), plus parsing MAX_HEADER bytes
# of JSON with at most MAX_NODES values (each at most a few hundred bytes as a Python
# object): about 2 x 64 + 40 MB in the worst case.
MAX_FRAME = 1 << 26  # bytes in one frame (64 MiB); a larger result is refused, a larger frame is an error
MAX_HEADER = 1 << 22  # bytes of the JSON header (4 MiB): values other than arrays, and captured output
MAX_NODES = 1 << 17  # JSON values (numbers, strings, lists, dict keys...) in one header
MAX_BLOBS = 1 << 14  # arrays in one frame
MAX_DEPTH = 64  # nesting of lists/tuples/dicts in one value
MAX_JSON_DEPTH = 3 * (MAX_DEPTH + 1) + 16  # a dict level is 3 JSON levels ({"d": [[k, v]]}); plus the frame's own
_PREFIX = struct.Struct("<QI")
SMALL_FRAME = 1 << 16  # bytes after the prefix of a frame read in one go (see recv), or sent as one piece
_IOV_MAX = 512  # buffers in one sendmsg (Linux allows 1024)
_POLLIN, _POLLOUT = select.POLLIN, select.POLLOUT
_ALLOWED_KINDS = frozenset("biufcUSmM")


class EncodeError(TypeError):
    """A value that is not plain data; `path` says where inside the value it sits."""

    def __init__(self, type_name: str, path: str = "", reason: str = ""):
        self.type_name = type_name
        self.path = path
        self.reason = reason
        where = f" at {path}" if path else ""
        super().__init__(reason or f"a {type_name} object{where} is not plain data")


class ProtocolError(Exception):
    """A frame that breaks the protocol (malformed, too large, too deep)."""


class FrameTooLarge(ProtocolError):
    """A frame over a limit; `reason` says which, in words a student can read ("it is 80 MB ...")."""

    def __init__(self, reason: str):
        super().__init__(f"frame too large: {reason}")
        self.reason = reason


class Closed(EOFError):
    """The other side closed the connection."""


def describe_type(value: Any) -> str:
    """A short, readable name of a value's type, for messages to students."""
    if isinstance(value, np.ndarray):
        if type(value) is not np.ndarray:
            return f"{type(value).__module__}.{type(value).__qualname__}"
        return f"NumPy array of dtype {value.dtype}"
    t = type(value)
    module = getattr(t, "__module__", "") or ""
    name = getattr(t, "__qualname__", None) or t.__name__
    if module in ("builtins", "__main__") or module.startswith("_"):
        return name
    if module.split(".")[0] == "numpy":
        return f"numpy.{name}"
    return name


def _dtype_ok(dtype: np.dtype) -> bool:
    return dtype.kind in _ALLOWED_KINDS and not dtype.hasobject and dtype.fields is None and dtype.subdtype is None


# Allowed dtypes met so far, both ways (dtype.str builds a new string every time it is
# read, and np.dtype(str) parses one: both cost more than the rest of a small array's
# encoding). Bounded: a frame cannot grow them past a few hundred short entries.
_DTYPE_STRS: dict = {}  # allowed dtype -> its .str
_DTYPES: dict = {}  # .str -> the allowed dtype
_DTYPE_CACHE = 256


def _allowed_str(dtype: np.dtype) -> str | None:
    """dtype.str for an allowed dtype, None for one that may not cross."""
    text = _DTYPE_STRS.get(dtype)
    if text is None:
        if not _dtype_ok(dtype):
            return None
        text = dtype.str
        if len(_DTYPE_STRS) < _DTYPE_CACHE:
            _DTYPE_STRS[dtype] = text
    return text


# ------------------------------------------------------------------ encode

def encode(value: Any, blobs: list, path: str = "", *, copy: bool = True) -> Any:
    """A JSON-able tree for `value`; array bytes are appended to `blobs`.

    `copy=False` appends views of contiguous arrays instead of copies (for a
    value that is sent at once and not changed before). Raises EncodeError
    naming the first value (and where) that is not plain data.
    """
    nocopy = not copy
    mark = len(blobs)
    try:
        return _fast(value, blobs, 0, nocopy)
    except _NotFast:
        # Something the fast walk does not take (an error to name, or plain data in
        # disguise: a namedtuple, an OrderedDict): the full walk, which knows where it is.
        del blobs[mark:]
        return _encode(value, blobs, path, 0, nocopy)


class _NotFast(Exception):
    """The fast walk met a value it leaves to the full one."""


def _blob(array: np.ndarray, nocopy: bool) -> Any:
    """An array's bytes as sent: a view of a contiguous array when the caller will not change it, else a copy."""
    if nocopy and array.flags.c_contiguous and array.size:
        try:
            return memoryview(array).cast("B")
        except (ValueError, TypeError):  # e.g. datetime dtypes have no buffer
            pass
    return array.tobytes()  # C-order bytes of any array, contiguous or not


def _fast(value: Any, blobs: list, depth: int, nocopy: bool) -> Any:
    """`_encode` for the usual values (exact builtin types, arrays, NumPy scalars), without paths.

    The same tree as `_encode`; _NotFast for anything else, and for anything
    `_encode` refuses, so that it names the value and where it sits. Items of a
    container that are their own tree (floats, strings, bools, None) are taken in
    the container's loop, without a call each (most of a value's nodes are).
    """
    t = type(value)
    if t in _OWN_TREE:
        return value
    if t is int:
        if value.bit_length() > 13000:
            raise _NotFast
        return value
    if depth > MAX_DEPTH:  # as _encode: leaves other than numbers and strings count too
        raise _NotFast
    if t is np.ndarray:
        dtype = value.dtype
        text = _DTYPE_STRS.get(dtype) or _allowed_str(dtype)
        if text is None:
            raise _NotFast
        # (a copy: tobytes gives the C-order bytes of any array, contiguous or not)
        blobs.append(_blob(value, True) if nocopy else value.tobytes())
        return {"a": len(blobs) - 1, "dt": text, "sh": list(value.shape)}
    if t is tuple:
        depth += 1
        return {"t": [v if type(v) in _OWN_TREE else _fast(v, blobs, depth, nocopy) for v in value]}
    if t is list:
        depth += 1
        return [v if type(v) in _OWN_TREE else _fast(v, blobs, depth, nocopy) for v in value]
    if t is dict:
        depth += 1
        pairs = []
        for k, v in value.items():
            if type(k) is not str and type(k) is not int:
                raise _NotFast
            pairs.append([k, v if type(v) in _OWN_TREE else _fast(v, blobs, depth, nocopy)])
        return {"d": pairs}
    if isinstance(value, np.generic):
        dtype = value.dtype
        if not _dtype_ok(dtype):
            raise _NotFast
        return {"s": dtype.str, "x": value.tobytes().hex()}
    if t is complex:
        return {"c": [value.real, value.imag]}
    if t is bytes:
        return {"y": value.hex()}
    raise _NotFast


_OWN_TREE = frozenset([float, str, bool, type(None)])  # values that are their own tree, at any depth (ints: see _fast)


def _encode(value: Any, blobs: list, path: str, depth: int, nocopy: bool = False) -> Any:
    t = type(value)
    if value is None or t is bool or t is str:
        return value
    if t is int:
        if value.bit_length() > 13000:
            raise EncodeError("int", path, "an integer with more than 4000 digits cannot be graded")
        return value
    if t is float:
        return value
    if depth > MAX_DEPTH:
        raise EncodeError(describe_type(value), path, f"a value nested more than {MAX_DEPTH} levels deep cannot be graded")
    if t is list:
        return [_encode(v, blobs, f"{path}[{i}]", depth + 1, nocopy) for i, v in enumerate(value)]
    if t is tuple:
        return {"t": [_encode(v, blobs, f"{path}[{i}]", depth + 1, nocopy) for i, v in enumerate(value)]}
    if t is dict:
        return _encode_dict(value, blobs, path, depth, nocopy)
    if t is np.ndarray:
        dtype = value.dtype
        if not _dtype_ok(dtype):
            raise EncodeError(f"NumPy array of dtype {dtype}", path)
        blobs.append(_blob(value, nocopy))
        return {"a": len(blobs) - 1, "dt": dtype.str, "sh": list(value.shape)}
    if isinstance(value, np.generic):
        dtype = value.dtype
        if not _dtype_ok(dtype):
            raise EncodeError(describe_type(value), path)
        return {"s": dtype.str, "x": value.tobytes().hex()}
    if t is complex:
        return {"c": [value.real, value.imag]}
    if t is bytes:
        return {"y": value.hex()}
    # Containers that are plain data in disguise: a namedtuple is a tuple, an
    # OrderedDict or defaultdict a dict. Correct code may return them.
    if isinstance(value, tuple) and not isinstance(value, np.generic):
        return {"t": [_encode(v, blobs, f"{path}[{i}]", depth + 1, nocopy) for i, v in enumerate(tuple.__iter__(value))]}
    if isinstance(value, dict):
        return _encode_dict(dict(dict.items(value)), blobs, path, depth, nocopy)
    raise EncodeError(describe_type(value), path)


def _encode_dict(value: dict, blobs: list, path: str, depth: int, nocopy: bool = False) -> Any:
    pairs = []
    for k, v in value.items():
        if type(k) is not str and type(k) is not int:
            raise EncodeError(describe_type(k), path, f"a dict key of type {describe_type(k)}{' at ' + path if path else ''} cannot be graded; use str keys")
        pairs.append([k, _encode(v, blobs, f"{path}[{k!r}]", depth + 1, nocopy)])
    return {"d": pairs}


# ------------------------------------------------------------------ decode

def decode(tree: Any, blobs: list) -> Any:
    """The value `tree` encodes; ProtocolError if the tree is malformed."""
    if type(tree) in LEAVES:  # (a number or a string: most results of scalar functions)
        return tree
    try:
        return _decode(tree, blobs, 0)
    except ProtocolError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError) as exc:
        raise ProtocolError(f"malformed value: {type(exc).__name__}: {exc}") from None


LEAVES = frozenset([type(None), bool, str, int, float])  # tree nodes that are their own value (decoded as they are)
NO_KWARGS = {"d": []}  # the tree of no keyword arguments: a call or callback frame without "kwargs" (never changed)
_ABSENT = object()


def _decode(tree: Any, blobs: list, depth: int) -> Any:
    """The value of a node. Children that are their own value are taken in their parent's loop, without a call each."""
    t = type(tree)
    if t in LEAVES:
        return tree
    if depth > MAX_DEPTH + 2:
        raise ProtocolError("value nested too deep")
    if t is list:
        depth += 1
        return [v if type(v) in LEAVES else _decode(v, blobs, depth) for v in tree]
    if t is not dict:
        raise ProtocolError(f"unexpected node {t.__name__}")
    index = tree.get("a", _ABSENT)
    if index is not _ABSENT:
        text = tree["dt"]
        dtype = _DTYPES.get(text) if type(text) is str else None
        if dtype is None:
            if type(text) is not str or not _dtype_ok(dtype := np.dtype(text)):
                raise ProtocolError("array with a forbidden dtype")
            if len(text) <= 16 and len(_DTYPES) < _DTYPE_CACHE:
                _DTYPES[text] = dtype
        shape = tree["sh"]
        if type(shape) is not list or len(shape) > 64:
            raise ProtocolError("array with a malformed shape")
        count = 1
        for n in shape:
            if type(n) is not int or n < 0:
                raise ProtocolError("array with a malformed shape")
            count *= n
        if type(index) is not int or not 0 <= index < len(blobs):
            raise ProtocolError("array with a bad blob index")
        data = blobs[index]
        itemsize = dtype.itemsize
        if count * itemsize != len(data):
            raise ProtocolError("array size does not match its blob")
        if itemsize == 0:
            return np.zeros(shape, dtype=dtype)
        try:  # a new array, filled with the blob's bytes: what frombuffer(...).reshape(...).copy() makes, in half the time
            out = np.empty(shape, dtype=dtype)
            memoryview(out).cast("B")[:] = data
            return out
        except (ValueError, TypeError):  # dtypes without a buffer (datetimes)
            return np.frombuffer(data, dtype=dtype, count=count).reshape(shape).copy()
    depth += 1
    items = tree.get("t", _ABSENT)
    if items is not _ABSENT:
        return tuple([v if type(v) in LEAVES else _decode(v, blobs, depth) for v in _list(items)])
    items = tree.get("d", _ABSENT)
    if items is not _ABSENT:
        out = {}
        for pair in _list(items):
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) not in (str, int):
                raise ProtocolError("malformed dict entry")
            v = pair[1]
            out[pair[0]] = v if type(v) in LEAVES else _decode(v, blobs, depth)
        return out
    if "s" in tree:
        if type(tree["s"]) is not str or not _dtype_ok(dtype := np.dtype(tree["s"])):
            raise ProtocolError("scalar with a forbidden dtype")
        raw = bytes.fromhex(tree["x"])
        if len(raw) != dtype.itemsize:
            raise ProtocolError("scalar size does not match its dtype")
        return np.frombuffer(raw, dtype=dtype, count=1)[0] if raw else np.zeros((), dtype=dtype)[()]
    if "c" in tree:
        re, im = _list(tree["c"])
        if type(re) is not float or type(im) is not float:
            raise ProtocolError("malformed complex")
        return complex(re, im)
    if "y" in tree:
        return bytes.fromhex(tree["y"])
    raise ProtocolError("unknown node" if tree else "unexpected node dict")


def _list(x: Any) -> list:
    if type(x) is not list:
        raise ProtocolError("expected a list")
    return x


# ------------------------------------------------------------------ frames

# A JSON string with its escapes; blanked out before brackets and commas are counted.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_OPEN, _CLOSE = np.zeros(256, np.int8), np.zeros(256, np.int8)
_OPEN[[ord("["), ord("{")]] = 1
_CLOSE[[ord("]"), ord("}")]] = 1


def _mb(n: int) -> str:
    return f"{n / (1 << 20):.0f} MB" if n >= 1 << 20 else f"{n} bytes"


def check_header(header: bytes, end: int | None = None) -> None:
    """FrameTooLarge if a header's raw JSON (`header`, or its first `end` bytes: a frame read
    whole, not copied for this) is over a limit; it is not parsed here.

    Counted on the bytes with strings blanked out: every JSON value but the first
    follows a `[`, `{`, `,` or `:`, so their count bounds the values (and so the
    memory parsing takes); the running balance of brackets is the nesting depth.
    Exact for well-formed JSON, an overestimate for anything else.
    """
    size = len(header) if end is None else end
    if size > MAX_HEADER:
        raise FrameTooLarge(f"its header is {_mb(size)} (the limit is {_mb(MAX_HEADER)})")
    if size <= MAX_JSON_DEPTH or (size < MAX_NODES and header.count(b"[", 0, size) + header.count(b"{", 0, size) <= MAX_JSON_DEPTH):
        # Neither limit can be reached (the usual frame): every value but the first takes at
        # least one byte of its own, and brackets inside strings only add to the raw count.
        return
    if end is not None:
        header = bytes(header[:end])
    bare = _JSON_STRING.sub(b'""', header) if b'"' in header else header
    opens = bare.count(b"[") + bare.count(b"{")
    nodes = 1 + opens + bare.count(b",") + bare.count(b":")
    if nodes > MAX_NODES:
        raise FrameTooLarge(f"it holds more than {MAX_NODES} numbers, strings, lists and dict entries")
    if opens > MAX_JSON_DEPTH:
        codes = np.frombuffer(bare, dtype=np.uint8)
        depth = np.cumsum(_OPEN[codes] - _CLOSE[codes], dtype=np.int64)
        if depth.size and int(depth.max()) > MAX_JSON_DEPTH:
            raise FrameTooLarge(f"it is nested more than {MAX_DEPTH} levels deep")


# The header's JSON, both ways, with the C encoder and scanner the json module uses,
# made once: json.dumps and json.loads build (or look up) them and check their arguments
# on every call, which cost more than the encoding itself for a call's small header. The
# settings are json.dumps's with separators=(",", ":"): ASCII only, NaN and infinities
# as NaN/Infinity, no circular check (a message is a tree the sender just built).
try:
    from json.encoder import c_encode_basestring_ascii as _c_ascii, c_make_encoder as _c_make_encoder
except ImportError:  # pragma: no cover - CPython always has _json
    _c_make_encoder = _c_ascii = None
if _c_make_encoder is not None and _c_ascii is not None:
    _json_chunks = _c_make_encoder(None, json.JSONEncoder().default, _c_ascii, None, ":", ",", False, False, True)
else:  # pragma: no cover
    def _json_chunks(obj: Any, _indent: int) -> list[str]:
        return [json.JSONEncoder(separators=(",", ":")).encode(obj)]
_DECODER = json.JSONDecoder()
_scan = _DECODER.scan_once


def _loads(text: str) -> Any:
    """json.loads(text), for a header already within the limits (check_header)."""
    try:
        value, end = _scan(text, 0)
        if end == len(text):
            return value
    except StopIteration:
        pass
    return _DECODER.decode(text)  # leading or trailing white space, or the error json.loads gives


def _header(message: dict, lengths: list[int], total: int) -> bytes:
    """The header's bytes; FrameTooLarge if the frame it starts (`total`: the sum of `lengths`) is over a limit."""
    if len(lengths) > MAX_BLOBS:
        raise FrameTooLarge(f"it holds {len(lengths)} arrays (the limit is {MAX_BLOBS})")
    header = "".join(_json_chunks({"m": message, "b": lengths}, 0)).encode()
    hlen = len(header)
    check_header(header)
    if lengths:
        size = 4 + hlen + total
        if size > MAX_FRAME:
            raise FrameTooLarge(f"it is {_mb(size)} (the limit is {_mb(MAX_FRAME)})")
    return header


def send(sock: socket.socket, message: dict, blobs: list = (), deadline: float | None = None) -> None:
    """Send one frame (blocking until written, or until `deadline` (time.monotonic): TimeoutError).

    FrameTooLarge, before anything is written, if the frame is over a limit.
    A frame with arrays larger than SMALL_FRAME goes out as a scatter write
    (sendmsg): the arrays are not copied to join them with the header.
    """
    if blobs:
        lengths = [len(b) for b in blobs]
        total = sum(lengths)
        header = _header(message, lengths, total)
        hlen = len(header)
        size = 4 + hlen + total
        if size <= SMALL_FRAME:
            frame = b"".join([_PREFIX.pack(size, hlen), header, *blobs])
            parts = None
        else:
            parts = [_PREFIX.pack(size, hlen) + header, *blobs]
    else:
        header = _header(message, _NO_BLOBS, 0)
        hlen = len(header)
        frame = _PREFIX.pack(4 + hlen, hlen) + header
        parts = None
    if parts is None:  # one piece
        if deadline is None:
            sock.sendall(frame)
            return
        if sock.gettimeout() != 0.0:
            sock.setblocking(False)  # the waiting is done here, with poll, against the deadline
        try:
            sent = sock.send(frame)
        except (BlockingIOError, InterruptedError):
            sent = 0
        if sent == len(frame):  # the usual frame: written at once
            return
        parts = [memoryview(frame)[sent:]]
    elif deadline is not None and sock.gettimeout() != 0.0:
        sock.setblocking(False)
    _send_parts(sock, parts, deadline)


_NO_BLOBS: list = []  # the blob lengths of a frame without arrays (never changed)


def _send_parts(sock: socket.socket, parts: list, deadline: float | None) -> None:
    views = [v for v in (memoryview(p).cast("B") for p in parts) if len(v)]
    while views:
        try:
            sent = sock.sendmsg(views[:_IOV_MAX])
        except (BlockingIOError, InterruptedError):
            _wait(sock, deadline, _POLLOUT)
            continue
        while sent:
            if sent >= len(views[0]):
                sent -= len(views.pop(0))
            else:
                views[0] = views[0][sent:]
                sent = 0


def _take(sock: socket.socket, n: int, deadline: float | None) -> bytes | bytearray:
    """The next `n` bytes from the socket: the usual case in one read (bytes), the rest by _read (and the waiting)."""
    try:
        data = sock.recv(n)
    except (BlockingIOError, InterruptedError):
        data = None
    except socket.timeout:
        raise TimeoutError from None
    except (ConnectionResetError, BrokenPipeError):
        raise Closed from None
    if data is not None:
        if len(data) == n:
            return data
        if not data:
            raise Closed
    buf = bytearray(n)
    got = len(data) if data else 0
    buf[:got] = data or b""
    _read(sock, memoryview(buf)[got:], deadline)
    return buf


def recv(sock: socket.socket, deadline: float | None = None, max_size: int = MAX_FRAME) -> tuple[dict, list]:
    """Receive one frame: (message, blobs).

    `deadline` (time.monotonic) bounds the wait: TimeoutError when it passes.
    Closed at end of stream; ProtocolError for a malformed frame, FrameTooLarge
    for one over a limit: both raised before what the frame announces is read.
    Exactly one frame's bytes are read (what follows stays in the socket).
    """
    if deadline is not None:
        if sock.gettimeout() != 0.0:
            sock.setblocking(False)  # the waiting is done here, with poll, against the deadline
        _wait(sock, deadline, _POLLIN)  # a reply is rarely there already: wait first, then read
    size, hlen = _PREFIX.unpack(_take(sock, 12, deadline))
    if size < 4 or hlen > size - 4:
        raise ProtocolError("malformed frame prefix")
    if size > max_size:
        raise FrameTooLarge(f"it is {_mb(size)} (the limit is {_mb(max_size)})")
    if hlen > MAX_HEADER:
        raise FrameTooLarge(f"its header is {_mb(hlen)} (the limit is {_mb(MAX_HEADER)})")
    body = size - 4
    if body <= SMALL_FRAME:  # the usual frame: header and blobs in one read
        data = _take(sock, body, deadline)
        check_header(data, hlen)  # (on the frame's own bytes)
        if hlen == body:  # no blobs (or a frame that announces some and holds none: an error below)
            raw = data
        else:
            data = memoryview(data)
            raw = data[:hlen]
    else:  # the header first: checked before the rest is waited for
        data = None
        raw = bytearray(hlen)
        _read(sock, raw, deadline)
        check_header(raw)
    try:
        header = _loads(str(raw, "utf-8"))
    except (ValueError, RecursionError) as exc:
        raise ProtocolError(f"malformed header: {exc}") from None
    message = header.get("m") if type(header) is dict else None
    if type(message) is not dict or type(lengths := header.get("b")) is not list:
        raise ProtocolError("malformed header")
    if not lengths:
        if hlen != body:
            raise ProtocolError("blob lengths do not match the frame")
        return message, []
    if len(lengths) > MAX_BLOBS:
        raise FrameTooLarge(f"it holds {len(lengths)} arrays (the limit is {MAX_BLOBS})")
    end = hlen
    for n in lengths:
        if type(n) is not int or n < 0:
            raise ProtocolError("blob lengths do not match the frame")
        end += n
    if end != body:
        raise ProtocolError("blob lengths do not match the frame")
    pos = hlen
    if data is None:  # (a large frame: the blobs' bytes, read now that the header is known to be sound)
        data, pos = memoryview(bytearray(body - hlen)), 0
        _read(sock, data, deadline)
    blobs = []
    for n in lengths:
        blobs.append(data[pos : pos + n])
        pos += n
    return message, blobs


def array_sizes(tree: Any) -> list[tuple[tuple[int, ...], int]]:
    """(shape, bytes) of every array an encoded value holds, in order, read from the tree without decoding it.

    For limits on what a decoded value would cost; the tree is the one a bounded
    frame carried. Malformed parts are skipped (decoding refuses them).
    """
    out: list = []
    stack = [tree]
    while stack:  # depth first, left to right; only lists and dicts are pushed (a callback's are mostly numbers)
        node = stack.pop()
        if type(node) is dict:
            if "a" in node:
                shape = node.get("sh")
                if type(shape) is list and all(type(n) is int and n >= 0 for n in shape):
                    text = node.get("dt")
                    dtype = _DTYPES.get(text) if type(text) is str else None  # (the dtypes met so far: no parse)
                    try:
                        itemsize = (dtype if dtype is not None else np.dtype(text)).itemsize
                    except (TypeError, ValueError):
                        itemsize = 0
                    out.append((tuple(shape), math.prod(shape) * itemsize))
                continue
            node = list(node.values())
        elif type(node) is not list:
            continue
        stack.extend([item for item in reversed(node) if type(item) is list or type(item) is dict])
    return out


def _read(sock: socket.socket, buf: bytearray | memoryview, deadline: float | None) -> None:
    """Fill `buf` from the socket; on a non-blocking socket, wait (poll) until `deadline` when nothing is there."""
    n, got, view = len(buf), 0, buf
    while got < n:
        try:
            k = sock.recv_into(view)
        except (BlockingIOError, InterruptedError):
            _wait(sock, deadline, _POLLIN)
            continue
        except socket.timeout:
            raise TimeoutError from None
        except (ConnectionResetError, BrokenPipeError):
            raise Closed from None
        if k == 0:
            raise Closed
        got += k
        if got < n:
            view = memoryview(buf)[got:]


# event -> fd -> a poll object with that fd registered for that event. A poll object
# watches a descriptor number, not a socket object, so one made for an earlier socket
# with the same number is as good: the grader waits for every reply of a call, and
# making and registering a new one each time cost as much as the poll itself.
_POLLERS: dict = {_POLLIN: {}, _POLLOUT: {}}


def _wait(sock: socket.socket, deadline: float | None, event: int) -> None:
    """Until the socket is ready for `event` (POLLIN: readable, or closed), or TimeoutError at `deadline`."""
    pollers = _POLLERS[event]
    fd = sock.fileno()
    poller = pollers.get(fd)
    if poller is None:
        if len(pollers) >= 64:
            pollers.clear()
        poller = select.poll()
        poller.register(fd, event)  # (ValueError for a closed socket, as before: nothing is kept)
        pollers[fd] = poller
    while True:
        if deadline is None:
            timeout = None
        else:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            timeout = math.ceil(remaining * 1000)  # milliseconds, never early
        if poller.poll(timeout):
            return
