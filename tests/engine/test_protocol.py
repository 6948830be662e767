"""The boundary's encoding: every allowed type round-trips exactly; nothing else passes."""

from __future__ import annotations

import collections
import json
import math
import socket
import struct
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.sandbox import protocol
from grader.sandbox.protocol import EncodeError, ProtocolError


def roundtrip(value):
    blobs: list = []
    tree = protocol.encode(value, blobs)
    return protocol.decode(tree, blobs)


def same(a, b) -> bool:
    """Equal in value *and* type, all the way down (NaN equals NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if isinstance(a, np.generic):
        return a.dtype == b.dtype and a.tobytes() == b.tobytes()
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, complex):
        return same(a.real, b.real) and same(a.imag, b.imag)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(type(k) is type(j) for k, j in zip(a, b)) and all(same(a[k], b[k]) for k in a)
    return a == b


SCALARS = [
    None, True, False, 0, 1, -7, 2**80, 0.0, -0.0, 1.0, 1e-300, float("inf"), float("-inf"), float("nan"),
    "", "héllo ✓", "\udcff", 3 + 4j, b"\x00raw",
    np.float64(1.5), np.float32(0.1), np.float16(2), np.int64(-3), np.int8(5), np.uint16(9), np.bool_(True),
    np.complex128(1 - 2j), np.str_("abc"), np.float64("nan"), np.datetime64("2024-01-02"),
]


@pytest.mark.parametrize("value", SCALARS, ids=lambda v: f"{type(v).__name__}:{v!r}"[:40])
def test_scalars_round_trip_with_their_exact_type(value):
    assert same(roundtrip(value), value)


@pytest.mark.parametrize(
    "array",
    [
        np.zeros((0,)), np.zeros((3, 0)), np.array(2.5), np.arange(12.0).reshape(3, 4), np.arange(12.0).reshape(3, 4).T,
        np.array([[True, False]]), np.arange(6, dtype=np.int32).reshape(1, 2, 3), np.array(["ab", "c"]),
        np.array([1 + 2j]), np.array([np.nan, -0.0, np.inf]), np.ones((2, 2), dtype=">f8"), np.array([b"x", b"yz"]),
    ],
    ids=lambda a: f"{a.dtype}{a.shape}",
)
def test_arrays_round_trip_exactly(array):
    out = roundtrip(array)
    assert same(out, array)
    assert out.flags.writeable and out.flags.c_contiguous and out.flags.aligned


def test_containers_keep_tuple_list_dict_and_key_types():
    value = {"W1": np.ones((2, 1)), 3: [1, (2.0, None)], "caches": [((np.zeros(1), 1), np.float64(2))], "": {}}
    out = roundtrip(value)
    assert same(out, value)
    assert type(out["caches"][0]) is tuple and type(out[3]) is list


def test_plain_data_in_disguise_is_accepted_as_its_plain_type():
    Point = collections.namedtuple("Point", "x y")
    assert same(roundtrip(Point(1, 2.0)), (1, 2.0))
    assert same(roundtrip(collections.OrderedDict(a=1)), {"a": 1})
    assert same(roundtrip(collections.defaultdict(list, b=[1])), {"b": [1]})


class Sneaky:
    def __eq__(self, other):
        return True


class MyFloat(float):
    def __eq__(self, other):
        return True


class MyArray(np.ndarray):
    pass


@pytest.mark.parametrize(
    "value, named",
    [
        (Sneaky(), "Sneaky"),
        (MyFloat(1.0), "MyFloat"),
        (np.arange(3.0).view(MyArray), "MyArray"),
        (np.array([1, "a", None], dtype=object), "dtype object"),
        (np.zeros((1, 1)).view(np.matrix), "matrix"),
        ({1, 2}, "set"),
        (lambda: 1, "function"),
        ((i for i in range(2)), "generator"),
        ({(1, 2): 3}, "tuple"),
        (np.zeros(2, dtype=[("a", "f8")]), "dtype"),
        (np.array([1.0]).reshape(1, 1)[:, None].astype(object), "object"),
    ],
    ids=lambda v: type(v).__name__,
)
def test_anything_else_is_refused_naming_its_type(value, named):
    with pytest.raises(EncodeError) as info:
        protocol.encode(value, [])
    assert named in str(info.value) or named in info.value.type_name


def test_the_refusal_says_where_inside_the_value():
    with pytest.raises(EncodeError) as info:
        protocol.encode({"W1": np.ones(1), "b1": [0, Sneaky()]}, [])
    assert info.value.path == "['b1'][1]" and info.value.type_name == "Sneaky"


def test_nesting_and_huge_ints_are_bounded():
    deep: list = []
    for _ in range(protocol.MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(EncodeError):
        protocol.encode(deep, [])
    with pytest.raises(EncodeError):
        protocol.encode(10**5000, [])


@settings(max_examples=150, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8)
        | hnp.arrays(st.sampled_from([np.float64, np.float32, np.int64, np.bool_, np.uint8]), hnp.array_shapes(min_dims=0, max_dims=3, max_side=4))
        | hnp.from_dtype(np.dtype(np.float64)).map(np.float64) | st.integers(-100, 100).map(np.int32),
        lambda children: st.lists(children, max_size=4) | st.lists(children, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=4) | st.integers(-5, 5), children, max_size=3),
        max_leaves=12,
    )
)
def test_any_plain_value_round_trips_exactly(value):
    assert same(roundtrip(value), value)


# ---------------------------------------------------------------- frames

def test_frames_over_a_socket_carry_messages_and_arrays():
    a, b = socket.socketpair()
    big = np.arange(200_000, dtype=np.float64)  # larger than a socket buffer
    with a, b:
        blobs: list = []
        tree = protocol.encode({"x": big, "y": 1.5}, blobs)
        sender = threading.Thread(target=protocol.send, args=(a, {"op": "call", "v": tree}, blobs))
        sender.start()
        message, received = protocol.recv(b, deadline=None)
        sender.join()
        assert message["op"] == "call"
        assert same(protocol.decode(message["v"], received), {"x": big, "y": 1.5})


def test_recv_times_out_and_reports_a_closed_peer():
    import time

    a, b = socket.socketpair()
    with a, b:
        with pytest.raises(TimeoutError):
            protocol.recv(b, deadline=time.monotonic() + 0.05)
        a.close()
        with pytest.raises(protocol.Closed):
            protocol.recv(b, deadline=time.monotonic() + 1)


@pytest.mark.parametrize(
    "raw",
    [
        struct.pack("<QI", 1 << 40, 2) + b"{}",  # far too large
        struct.pack("<QI", 6, 2) + b"[]",  # header not an object
        struct.pack("<QI", 14, 10) + b'{"m":{},"b"',  # broken JSON
        struct.pack("<QI", 19, 15) + b'{"m":{},"b":[9]}',  # blob longer than the frame
    ],
)
def test_malformed_frames_are_protocol_errors(raw):
    a, b = socket.socketpair()
    with a, b:
        a.sendall(raw)
        a.shutdown(socket.SHUT_WR)
        with pytest.raises((ProtocolError, protocol.Closed)):
            protocol.recv(b, deadline=None, max_size=1 << 20)


@pytest.mark.parametrize(
    "tree",
    [
        {"a": 0, "dt": "O", "sh": [1]},  # object dtype: could never be built without pickle, refused anyway
        {"a": 0, "dt": "<f8", "sh": [3]},  # size does not match the blob
        {"a": 5, "dt": "<f8", "sh": [1]},  # no such blob
        {"s": "|O", "x": ""},
        {"zz": 1},
        {"t": 5},
        {"d": [[[1], 2]]},
    ],
)
def test_decoding_refuses_malformed_values(tree):
    with pytest.raises(ProtocolError):
        protocol.decode(tree, [b"\x00" * 8])


@pytest.mark.parametrize("value", [np.arange(6.0).reshape(2, 3), np.array(["a", "bc"]), np.array(["2024-01-01"], dtype="M8[D]"),
                                   np.ones((3, 2), dtype=">i4"), np.arange(6.0).reshape(2, 3)[:, ::2], np.zeros((0, 2))])
def test_encoding_without_copies_gives_the_same_bytes(value):
    copied: list = []
    viewed: list = []
    assert protocol.encode(value, copied) == protocol.encode(value, viewed, copy=False)
    assert [bytes(b) for b in copied] == [bytes(b) for b in viewed]
    assert same(protocol.decode(protocol.encode(value, [], copy=False), viewed), value)


# ---------------------------------------------------------------- limits, checked before parsing

def test_a_frame_announcing_too_much_is_refused_before_anything_more_is_read():
    """Only the prefix is sent: refusing means not waiting for (or allocating) what it announces."""
    import time

    for prefix, limit in ((struct.pack("<QI", protocol.MAX_FRAME + 5, 2), protocol.MAX_FRAME),
                          (struct.pack("<QI", 1 << 30, protocol.MAX_HEADER + 1), 1 << 40)):
        a, b = socket.socketpair()
        with a, b:
            a.sendall(prefix)
            start = time.monotonic()
            with pytest.raises(protocol.FrameTooLarge):
                protocol.recv(b, deadline=time.monotonic() + 5, max_size=limit)
            assert time.monotonic() - start < 1


@pytest.mark.parametrize(
    "header, words",
    [
        (b"[" + b"0," * (protocol.MAX_NODES + 1) + b"0]", "more than"),
        (b"[" * (protocol.MAX_JSON_DEPTH + 1) + b"]" * (protocol.MAX_JSON_DEPTH + 1), "nested more than"),
        (b" " * (protocol.MAX_HEADER + 1), "header is"),
    ],
    ids=["values", "depth", "bytes"],
)
def test_headers_over_a_limit_are_refused_on_their_raw_bytes(header, words):
    with pytest.raises(protocol.FrameTooLarge) as info:
        protocol.check_header(header)
    assert words in info.value.reason


def test_brackets_and_commas_inside_strings_do_not_count():
    text = '[[{,:"\\"' * 200_000  # 1.8 MB of brackets, commas, escaped quotes, in one string
    header = json.dumps({"m": {"output": text}, "b": []}).encode()
    protocol.check_header(header)
    a, b = socket.socketpair()
    with a, b:
        sender = threading.Thread(target=protocol.send, args=(a, {"output": text}))
        sender.start()
        message, _ = protocol.recv(b)
        sender.join()
    assert message == {"output": text}


def test_the_deepest_value_that_encodes_also_crosses():
    value: object = np.ones(1)
    for _ in range(protocol.MAX_DEPTH):
        value = {"k": value}  # a dict is the deepest in JSON: {"d": [["k", ...]]}
    blobs: list = []
    tree = protocol.encode(value, blobs)
    a, b = socket.socketpair()
    with a, b:
        protocol.send(a, {"value": tree}, blobs)
        message, received = protocol.recv(b)
    assert same(protocol.decode(message["value"], received), value)
    with pytest.raises(EncodeError):
        protocol.encode({"k": value}, [])


@pytest.mark.parametrize(
    "message, blobs, words",
    [
        ({"v": [0.5] * (protocol.MAX_NODES + 1)}, [], "more than"),
        ({}, [b"x"] * (protocol.MAX_BLOBS + 1), "arrays"),
        ({}, [bytes(protocol.MAX_FRAME)], "the limit is 64 MB"),
    ],
    ids=["values", "blobs", "bytes"],
)
def test_send_refuses_a_frame_over_a_limit_before_writing_anything(message, blobs, words):
    import select

    a, b = socket.socketpair()
    with a, b:
        with pytest.raises(protocol.FrameTooLarge) as info:
            protocol.send(a, message, blobs)
        assert words in info.value.reason
        assert select.select([b], [], [], 0)[0] == []


def test_array_sizes_reads_shapes_without_decoding():
    blobs: list = []
    tree = protocol.encode(({"W": np.zeros((3, 4))}, [np.zeros(2, dtype=np.int8)], 1.5), blobs)
    assert protocol.array_sizes(tree) == [((3, 4), 96), ((2,), 2)]


@pytest.mark.parametrize(
    "raw",
    [
        struct.pack("<QI", 4, 0),  # no header at all
        struct.pack("<QI", 4 + 15, 15) + b'{"m":{},"b":[]}' + b"trailing",  # what follows the frame is not read
    ],
    ids=["empty", "followed"],
)
def test_a_frame_is_read_exactly(raw):
    a, b = socket.socketpair()
    with a, b:
        a.sendall(raw)
        if raw.endswith(b"trailing"):
            assert protocol.recv(b, deadline=None) == ({}, [])
            assert b.recv(100) == b"trailing"
        else:
            with pytest.raises(ProtocolError):
                protocol.recv(b, deadline=None)
