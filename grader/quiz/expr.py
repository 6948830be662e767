"""A small, safe expression language for the keys of parameterised quiz items.

Bank authors write `answer_expr = "(dims[l], dims[l - 1])"`. The text is parsed
with `ast.parse(mode="eval")` and then *interpreted* node by node from an
allow-list, never compiled or passed to eval: only arithmetic, comparisons,
conditionals, indexing, tuple/list literals and the documented functions exist.
Every intermediate value is bounded (numbers, string and sequence lengths), so
a careless or hostile bank cannot hang `grade validate` or exhaust memory.
"""

from __future__ import annotations

import ast
import math
import operator
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Mapping

MAX_TEXT = 2_000  # characters in one expression
MAX_NODES = 400  # syntax-tree nodes in one expression
MAX_DEPTH = 40  # nesting depth of the syntax tree
MAX_LEN = 10_000  # elements of a sequence or characters of a string
MAX_ABS = 1e100  # largest magnitude of any number
MAX_EXPONENT = 1_000  # largest integer exponent of **


class ExprError(ValueError):
    """An expression that is not allowed, or that failed to evaluate; the message says why."""


# ---------------------------------------------------------------- shapes

def _as_shape(value: Any, fname: str) -> tuple[int, ...]:
    if isinstance(value, (tuple, list)) and all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in value):
        return tuple(value)
    raise ExprError(f"{fname}() takes shapes: tuples of non-negative integers such as (4, 1), not {_show(value)}")


def dot_shape(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...] | str:
    """The shape of `np.dot(x, y)` for arrays of shapes a and b, or "error" as NumPy would raise."""
    if not a or not b:  # a scalar operand multiplies element-wise
        return b if not a else a
    if len(b) == 1:
        return a[:-1] if a[-1] == b[0] else "error"
    if a[-1] != b[-2]:
        return "error"
    return a[:-1] + b[:-2] + b[-1:]


def broadcast_shape(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...] | str:
    """The shape of `x * y` under NumPy broadcasting, or "error" when the shapes do not broadcast."""
    out: list[int] = []
    for i in range(1, max(len(a), len(b)) + 1):
        da = a[-i] if i <= len(a) else 1
        db = b[-i] if i <= len(b) else 1
        if da == db or db == 1:
            out.append(da)
        elif da == 1:
            out.append(db)
        else:
            return "error"
    return tuple(reversed(out))


# ---------------------------------------------------------------- functions

def _number(value: Any, fname: str) -> int | float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    raise ExprError(f"{fname}() needs a number, not {_show(value)}")


def _numbers(args: tuple, fname: str) -> list[int | float]:
    items = args[0] if len(args) == 1 and isinstance(args[0], (tuple, list)) else args
    if not items:
        raise ExprError(f"{fname}() of an empty sequence")
    return [_number(v, fname) for v in items]


def _sum(seq: Any) -> int | float:
    if not isinstance(seq, (tuple, list)):
        raise ExprError(f"sum() needs a list or tuple, not {_show(seq)}")
    total: int | float = 0
    for v in seq:
        total = _bounded(total + _number(v, "sum"))
    return total


def _prod(seq: Any) -> int | float:
    if not isinstance(seq, (tuple, list)):
        raise ExprError(f"prod() needs a list or tuple, not {_show(seq)}")
    total: int | float = 1
    for v in seq:
        total = _bounded(total * _number(v, "prod"))
    return total


def _round(x: Any, ndigits: Any = None) -> int | float:
    x = _number(x, "round")
    if ndigits is None:
        return round(x)
    if not isinstance(ndigits, int) or isinstance(ndigits, bool) or abs(ndigits) > 15:
        raise ExprError("round(x, n) needs an integer n between -15 and 15")
    return round(x, ndigits)


def _int(x: Any) -> int:
    if isinstance(x, str):
        if len(x) > 120:
            raise ExprError("int() of a string longer than 120 characters")
        try:
            return int(x.strip())
        except ValueError:
            raise ExprError(f"int() cannot read {x!r} as an integer") from None
    x = _number(x, "int")
    if isinstance(x, float) and not math.isfinite(x):
        raise ExprError("int() of a value that is not finite")
    return int(x)


def _float(x: Any) -> float:
    if isinstance(x, str):
        if len(x) > 120:
            raise ExprError("float() of a string longer than 120 characters")
        try:
            return float(x.strip())
        except ValueError:
            raise ExprError(f"float() cannot read {x!r} as a number") from None
    return float(_number(x, "float"))


def _len(x: Any) -> int:
    if isinstance(x, (str, tuple, list, dict)):
        return len(x)
    raise ExprError(f"len() needs a string, list or tuple, not {_show(x)}")


def _sigmoid(x: Any) -> float:
    x = _number(x, "sigmoid")
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _relu(x: Any) -> int | float:
    x = _number(x, "relu")
    return x if x > 0 else type(x)(0)


def _log(x: Any, base: Any = None) -> float:
    x = _number(x, "log")
    return math.log(x) if base is None else math.log(x, _number(base, "log"))


def _shape_fn(fn: Callable[[tuple, tuple], Any], fname: str) -> Callable[[Any, Any], Any]:
    def apply(a: Any, b: Any) -> Any:
        if a == "error" or b == "error":  # an operation on a failed result fails too
            return "error"
        return fn(_as_shape(a, fname), _as_shape(b, fname))

    return apply


def _transpose(shape: Any) -> Any:
    if shape == "error":
        return "error"
    return tuple(reversed(_as_shape(shape, "transpose")))


# name -> (callable, smallest and largest number of arguments)
FUNCTIONS: dict[str, tuple[Callable[..., Any], int, int]] = {
    "abs": (lambda x: abs(_number(x, "abs")), 1, 1),
    "min": (lambda *a: min(_numbers(a, "min")), 1, MAX_LEN),
    "max": (lambda *a: max(_numbers(a, "max")), 1, MAX_LEN),
    "round": (_round, 1, 2),
    "int": (_int, 1, 1),
    "float": (_float, 1, 1),
    "len": (_len, 1, 1),
    "sum": (_sum, 1, 1),
    "prod": (_prod, 1, 1),
    "sqrt": (lambda x: math.sqrt(_number(x, "sqrt")), 1, 1),
    "exp": (lambda x: math.exp(_number(x, "exp")), 1, 1),
    "log": (_log, 1, 2),
    "sigmoid": (_sigmoid, 1, 1),
    "tanh": (lambda x: math.tanh(_number(x, "tanh")), 1, 1),
    "relu": (_relu, 1, 1),
    "dot": (_shape_fn(dot_shape, "dot"), 2, 2),
    "broadcast": (_shape_fn(broadcast_shape, "broadcast"), 2, 2),
    "transpose": (_transpose, 1, 1),
}

RESERVED_NAMES = frozenset(FUNCTIONS) | {"True", "False", "None"}


# ---------------------------------------------------------------- checking the syntax

_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
}
_CMPOPS: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}
_REFUSED: dict[type, str] = {
    ast.Attribute: "attribute access (x.name) is not allowed",
    ast.Lambda: "lambda is not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.Starred: "* unpacking is not allowed",
    ast.Dict: "dict literals are not allowed",
    ast.Set: "set literals are not allowed",
    ast.JoinedStr: "f-strings are not allowed",
    ast.NamedExpr: "assignment (:=) is not allowed",
    ast.Await: "await is not allowed",
    ast.Yield: "yield is not allowed",
    ast.YieldFrom: "yield is not allowed",
}
_STRUCTURAL = (ast.Expression, ast.Load, ast.Slice, ast.And, ast.Or, ast.Not, ast.UAdd, ast.USub)


def _check_node(node: ast.AST) -> None:
    """Refuse, with a reason, any node outside the allow-list."""
    kind = type(node)
    if kind in _REFUSED:
        raise ExprError(_REFUSED[kind])
    if isinstance(node, ast.Name):
        if node.id.startswith("_"):
            raise ExprError(f"names starting with '_' are not allowed: {node.id}")
    elif isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, (bool, int, float)):
            _bounded(value)
        elif isinstance(value, str):
            if len(value) > MAX_LEN:
                raise ExprError(f"string literal longer than {MAX_LEN} characters")
        else:
            raise ExprError(f"constant {value!r} is not allowed (numbers, strings, True and False only)")
    elif isinstance(node, ast.BinOp):
        if type(node.op) not in _BINOPS and not isinstance(node.op, ast.Pow):
            raise ExprError(f"operator {_op_symbol(node.op)} is not allowed")
    elif isinstance(node, ast.Compare):
        for op in node.ops:
            if type(op) not in _CMPOPS:
                raise ExprError("'is' comparisons are not allowed; use == or !=")
    elif isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.Invert):
            raise ExprError("operator ~ is not allowed")
    elif isinstance(node, ast.Call):
        if isinstance(node.func, ast.Attribute):
            raise ExprError(_REFUSED[ast.Attribute])
        if not isinstance(node.func, ast.Name):
            raise ExprError("only the documented functions may be called, by plain name (e.g. sqrt(x))")
        if node.func.id.startswith("_"):
            raise ExprError(f"names starting with '_' are not allowed: {node.func.id}")
        if node.func.id not in FUNCTIONS:
            raise ExprError(f"unknown function '{node.func.id}'; allowed: {', '.join(sorted(FUNCTIONS))}")
        if node.keywords:
            raise ExprError(f"keyword arguments are not allowed in {node.func.id}()")
    elif isinstance(node, (ast.BoolOp, ast.IfExp, ast.Subscript, ast.Tuple, ast.List, ast.operator, ast.cmpop)):
        pass
    elif not isinstance(node, _STRUCTURAL):
        raise ExprError(f"{kind.__name__} is not allowed in an expression")


def _op_symbol(op: ast.AST) -> str:
    return {
        ast.MatMult: "@", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^",
        ast.LShift: "<<", ast.RShift: ">>",
    }.get(type(op), type(op).__name__)


@dataclass(frozen=True)
class Expression:
    """A parsed expression that passed the allow-list; evaluate it with parameter values."""

    text: str
    tree: ast.Expression

    @property
    def names(self) -> frozenset[str]:
        """Variable names the expression reads (not function names)."""
        called = {id(n.func) for n in ast.walk(self.tree) if isinstance(n, ast.Call)}
        return frozenset(n.id for n in ast.walk(self.tree) if isinstance(n, ast.Name) and id(n) not in called)

    def evaluate(self, env: Mapping[str, Any]) -> Any:
        return _Evaluator(env).eval(self.tree.body)


@lru_cache(maxsize=2048)
def parse(text: str) -> Expression:
    """Parse `text` and refuse anything outside the language, before anything is evaluated."""
    if not isinstance(text, str):
        raise ExprError("an expression must be a string")
    if len(text) > MAX_TEXT:
        raise ExprError(f"expression longer than {MAX_TEXT} characters")
    try:
        with warnings.catch_warnings():  # e.g. "invalid decimal literal": the error below says enough
            warnings.simplefilter("ignore")
            tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"syntax error: {exc.msg}") from None
    except (RecursionError, MemoryError, ValueError):
        raise ExprError("expression too deeply nested") from None
    count = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:  # iterative, so a deep tree cannot overflow Python's stack here
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise ExprError(f"expression too long (more than {MAX_NODES} parts)")
        if depth > MAX_DEPTH:
            raise ExprError(f"expression nested more than {MAX_DEPTH} levels deep")
        _check_node(node)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return Expression(text, tree)


def evaluate(text: str, env: Mapping[str, Any]) -> Any:
    """Parse and evaluate in one step."""
    return parse(text).evaluate(env)


# ---------------------------------------------------------------- evaluating

def _show(value: Any) -> str:
    text = repr(value)
    return type(value).__name__ + " " + (text if len(text) <= 40 else text[:37] + "...")


def _bounded(value: Any) -> Any:
    """Refuse values beyond the language's limits; return the value unchanged otherwise."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) > 10**100:
            raise ExprError("number too large (limit 1e100)")
    elif isinstance(value, float):
        if math.isnan(value):
            raise ExprError("result is not a number (nan)")
        if abs(value) > MAX_ABS:
            raise ExprError("number too large (limit 1e100)")
    elif isinstance(value, (str, tuple, list)):
        if len(value) > MAX_LEN:
            raise ExprError(f"string or sequence longer than {MAX_LEN}")
    elif isinstance(value, complex):
        raise ExprError("complex result (e.g. a fractional power of a negative number)")
    return value


def _power(base: Any, exp: Any) -> Any:
    """`base ** exp`, refusing before computing anything whose size would exceed the limits."""
    _number(base, "**")
    _number(exp, "**")
    if isinstance(base, int) and isinstance(exp, int):
        if exp > MAX_EXPONENT:
            raise ExprError(f"exponent {exp} too large (limit {MAX_EXPONENT})")
        if exp < 0:
            if base == 0:
                raise ExprError("0 cannot be raised to a negative power")
            return _bounded(float(base) ** exp)
        if abs(base) > 1 and exp * math.log10(abs(base)) > 100:
            raise ExprError("power too large (limit 1e100)")
        return base**exp
    try:
        result = float(base) ** float(exp)
    except ZeroDivisionError:
        raise ExprError("0 cannot be raised to a negative power") from None
    except OverflowError:
        raise ExprError("power too large (limit 1e100)") from None
    return _bounded(result)


def _repeat(seq: Any, times: Any) -> Any:
    """`seq * n`, checked before the repeated sequence is built."""
    if isinstance(times, bool) or not isinstance(times, int):
        raise ExprError(f"a sequence can only be repeated an integer number of times, not {_show(times)}")
    if len(seq) * max(times, 0) > MAX_LEN:
        raise ExprError(f"string or sequence longer than {MAX_LEN}")
    return seq * times


class _Evaluator:
    def __init__(self, env: Mapping[str, Any]):
        self.env = env

    def eval(self, node: ast.AST) -> Any:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:  # parse() already refused it; this is a second line of defence
            raise ExprError(f"{type(node).__name__} is not allowed in an expression")
        return _bounded(method(node))

    def _Constant(self, node: ast.Constant) -> Any:
        return node.value

    def _Name(self, node: ast.Name) -> Any:
        if node.id in self.env:
            return self.env[node.id]
        if node.id in FUNCTIONS:
            raise ExprError(f"'{node.id}' is a function: call it, e.g. {node.id}(x)")
        known = ", ".join(sorted(self.env)) or "none"
        raise ExprError(f"unknown name '{node.id}' (known: {known})")

    def _Tuple(self, node: ast.Tuple) -> tuple:
        return tuple(self.eval(e) for e in node.elts)

    def _List(self, node: ast.List) -> list:
        return [self.eval(e) for e in node.elts]

    def _UnaryOp(self, node: ast.UnaryOp) -> Any:
        value = self.eval(node.operand)
        if isinstance(node.op, ast.Not):
            return not value
        num = _number(value, "unary " + ("-" if isinstance(node.op, ast.USub) else "+"))
        return -num if isinstance(node.op, ast.USub) else +num

    def _BinOp(self, node: ast.BinOp) -> Any:
        left, right = self.eval(node.left), self.eval(node.right)
        if isinstance(node.op, ast.Pow):
            return _power(left, right)
        if isinstance(node.op, ast.Mult):
            if isinstance(left, (str, tuple, list)):
                return _repeat(left, right)
            if isinstance(right, (str, tuple, list)):
                return _repeat(right, left)
        if isinstance(node.op, ast.Mod) and isinstance(left, str):
            raise ExprError("string formatting with % is not allowed")
        try:
            return _BINOPS[type(node.op)](left, right)
        except ZeroDivisionError:
            raise ExprError("division by zero") from None
        except (TypeError, OverflowError, ValueError) as exc:
            raise ExprError(f"cannot compute {_show(left)} {_op_name(node.op)} {_show(right)}: {exc}") from None

    def _BoolOp(self, node: ast.BoolOp) -> Any:
        is_and = isinstance(node.op, ast.And)
        value: Any = None
        for operand in node.values:
            value = self.eval(operand)
            if bool(value) != is_and:  # `and` stops at the first falsy value, `or` at the first truthy
                return value
        return value

    def _Compare(self, node: ast.Compare) -> bool:
        left = self.eval(node.left)
        for op, right_node in zip(node.ops, node.comparators):
            right = self.eval(right_node)
            try:
                if not _CMPOPS[type(op)](left, right):
                    return False
            except TypeError as exc:
                raise ExprError(f"cannot compare {_show(left)} with {_show(right)}: {exc}") from None
            left = right
        return True

    def _IfExp(self, node: ast.IfExp) -> Any:
        return self.eval(node.body) if self.eval(node.test) else self.eval(node.orelse)

    def _Subscript(self, node: ast.Subscript) -> Any:
        container = self.eval(node.value)
        if isinstance(node.slice, ast.Slice):
            if not isinstance(container, (str, tuple, list)):
                raise ExprError(f"cannot slice {_show(container)}")
            parts = [None if p is None else self.eval(p) for p in (node.slice.lower, node.slice.upper, node.slice.step)]
            if any(p is not None and (isinstance(p, bool) or not isinstance(p, int)) for p in parts):
                raise ExprError("slice bounds must be integers")
            if parts[2] == 0:
                raise ExprError("slice step cannot be zero")
            return container[slice(*parts)]
        index = self.eval(node.slice)
        try:
            if isinstance(container, dict):
                return container[index]
            if isinstance(container, (str, tuple, list)):
                if isinstance(index, bool) or not isinstance(index, int):
                    raise ExprError(f"an index must be an integer, not {_show(index)}")
                return container[index]
        except IndexError:
            raise ExprError(f"index {index} out of range for {_show(container)}") from None
        except (KeyError, TypeError):
            raise ExprError(f"no key {index!r} in {_show(container)}") from None
        raise ExprError(f"cannot index {_show(container)}")

    def _Call(self, node: ast.Call) -> Any:
        name = node.func.id  # type: ignore[attr-defined]  # parse() allows plain names only
        fn, lo, hi = FUNCTIONS[name]
        args = [self.eval(a) for a in node.args]
        if not lo <= len(args) <= hi:
            expected = str(lo) if lo == hi else f"{lo} to {hi}"
            raise ExprError(f"{name}() takes {expected} argument(s), got {len(args)}")
        try:
            return fn(*args)
        except ExprError:
            raise
        except OverflowError:
            raise ExprError(f"{name}(): number too large (limit 1e100)") from None
        except (ValueError, ZeroDivisionError, TypeError) as exc:
            raise ExprError(f"{name}(): {exc}") from None


def _op_name(op: ast.AST) -> str:
    return {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%"}.get(type(op), "?")
