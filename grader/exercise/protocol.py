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
"""

from __future__ import annotations

import json
import math
import socket
import struct
import time
from typing import Any

import numpy as np

__all__ = [
    "EncodeError",
    "ProtocolError",
    "Closed",
    "MAX_FRAME",
    "MAX_DEPTH",
    "encode",
    "decode",
    "send",
    "recv",
    "describe_type",
]

MAX_FRAME = 1 << 28  # bytes in one frame (256 MiB); a larger result is refused, a larger frame is an error
MAX_DEPTH = 64  # nesting of lists/tuples/dicts in one value
_PREFIX = struct.Struct("<QI")
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


# ------------------------------------------------------------------ encode

def encode(value: Any, blobs: list, path: str = "", *, copy: bool = True) -> Any:
    """A JSON-able tree for `value`; array bytes are appended to `blobs`.

    `copy=False` appends views of contiguous arrays instead of copies (for a
    value that is sent at once and not changed before). Raises EncodeError
    naming the first value (and where) that is not plain data.
    """
    return _encode(value, blobs, path, 0, not copy)


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
        data = None
        if nocopy and value.flags.c_contiguous and value.size:
            try:
                data = memoryview(value).cast("B")
            except (ValueError, TypeError):  # e.g. datetime dtypes have no buffer
                data = None
        if data is None:
            data = np.ascontiguousarray(value).tobytes()
        blobs.append(data)
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
    try:
        return _decode(tree, blobs, 0)
    except ProtocolError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError) as exc:
        raise ProtocolError(f"malformed value: {type(exc).__name__}: {exc}") from None


def _decode(tree: Any, blobs: list, depth: int) -> Any:
    t = type(tree)
    if tree is None or t is bool or t is str or t is int or t is float:
        return tree
    if depth > MAX_DEPTH + 2:
        raise ProtocolError("value nested too deep")
    if t is list:
        return [_decode(v, blobs, depth + 1) for v in tree]
    if t is not dict or len(tree) == 0:
        raise ProtocolError(f"unexpected node {t.__name__}")
    if "a" in tree:
        if type(tree["dt"]) is not str or not _dtype_ok(dtype := np.dtype(tree["dt"])):
            raise ProtocolError("array with a forbidden dtype")
        shape = tree["sh"]
        if type(shape) is not list or not all(type(n) is int and n >= 0 for n in shape) or len(shape) > 64:
            raise ProtocolError("array with a malformed shape")
        index = tree["a"]
        if type(index) is not int or not 0 <= index < len(blobs):
            raise ProtocolError("array with a bad blob index")
        data = blobs[index]
        count = math.prod(shape)
        if count * dtype.itemsize != len(data):
            raise ProtocolError("array size does not match its blob")
        if dtype.itemsize == 0:
            return np.zeros(shape, dtype=dtype)
        return np.frombuffer(data, dtype=dtype, count=count).reshape(shape).copy()
    if "t" in tree:
        return tuple(_decode(v, blobs, depth + 1) for v in _list(tree["t"]))
    if "d" in tree:
        out = {}
        for pair in _list(tree["d"]):
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) not in (str, int):
                raise ProtocolError("malformed dict entry")
            out[pair[0]] = _decode(pair[1], blobs, depth + 1)
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
    raise ProtocolError("unknown node")


def _list(x: Any) -> list:
    if type(x) is not list:
        raise ProtocolError("expected a list")
    return x


# ------------------------------------------------------------------ frames

def send(sock: socket.socket, message: dict, blobs: list = ()) -> None:
    """Send one frame (blocking until written)."""
    header = json.dumps({"m": message, "b": [len(b) for b in blobs]}, separators=(",", ":")).encode("utf-8")
    size = 4 + len(header) + sum(len(b) for b in blobs)
    if size > MAX_FRAME:
        raise ProtocolError(f"frame of {size} bytes exceeds the limit of {MAX_FRAME}")
    prefix = _PREFIX.pack(size, len(header))
    if size < 1 << 16:
        sock.sendall(b"".join([prefix, header, *blobs]))
    else:
        sock.sendall(prefix + header)
        for b in blobs:
            sock.sendall(b)


def recv(sock: socket.socket, deadline: float | None = None, max_size: int = MAX_FRAME) -> tuple[dict, list]:
    """Receive one frame: (message, blobs).

    `deadline` (time.monotonic) bounds the wait: TimeoutError when it passes.
    Closed at end of stream; ProtocolError for a malformed frame.
    """
    head = _read(sock, _PREFIX.size, deadline)
    size, hlen = _PREFIX.unpack(head)
    if size > max_size or hlen > size - 4:
        raise ProtocolError(f"frame of {size} bytes exceeds the limit of {max_size}")
    body = _read(sock, size - 4, deadline)
    try:
        header = json.loads(bytes(body[:hlen]).decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise ProtocolError(f"malformed header: {exc}") from None
    if type(header) is not dict or type(header.get("m")) is not dict or type(header.get("b")) is not list:
        raise ProtocolError("malformed header")
    lengths = header["b"]
    if not all(type(n) is int and n >= 0 for n in lengths) or hlen + sum(lengths) != len(body):
        raise ProtocolError("blob lengths do not match the frame")
    view = memoryview(body)
    blobs, pos = [], hlen
    for n in lengths:
        blobs.append(view[pos : pos + n])
        pos += n
    return header["m"], blobs


def _read(sock: socket.socket, n: int, deadline: float | None) -> bytearray:
    buf = bytearray(n)
    view = memoryview(buf)
    got = 0
    while got < n:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            sock.settimeout(remaining)
        try:
            k = sock.recv_into(view[got:], n - got)
        except socket.timeout:
            raise TimeoutError from None
        except (ConnectionResetError, BrokenPipeError):
            raise Closed from None
        if k == 0:
            raise Closed
        got += k
    return buf
