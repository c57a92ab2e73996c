"""Frozen dataclasses whose `dataclasses` machinery is made on demand: `Diagnosis` and `Scenario`.

`Diagnosis` and `Scenario` are public frozen dataclasses (``dataclasses.asdict``, ``fields``, ``replace`` and
``is_dataclass`` work on them). Importing `dataclasses` costs about as much as a bare interpreter start, because
it imports `inspect` (and with it `ast`, `dis`, `tokenize`), and `inference-doctor explain` must answer in a few
interpreter starts. So the two classes are written out by hand (``__init__``, ``__repr__``, ``__eq__``, the frozen
``__setattr__``/``__delattr__``, ``__match_args__``), and the attributes through which `dataclasses` knows a
dataclass (``__dataclass_fields__``, ``__dataclass_params__``) are made the first time anything asks for them, by
`dataclasses` itself from a twin declared with the class's own annotations and its ``__init__``'s defaults.

Type checkers see the classes through `typed_as_frozen_dataclass`, which is ``dataclasses.dataclass`` to them:
they check field assignments as they would on any frozen dataclass. A test (``tests/engine/test_record.py``)
compares every behaviour with a class made by ``@dataclass(frozen=True, slots=True)``.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: the command line does not import `typing` to start

if TYPE_CHECKING:
    from collections.abc import Callable
    from dataclasses import dataclass as typed_as_frozen_dataclass
    from typing import Any, TypeVar

    _R = TypeVar("_R", bound="Record")
else:

    def typed_as_frozen_dataclass(**_: object) -> Callable[[type], type]:
        """The class as written (the `dataclasses` attributes are installed by `dataclass_on_demand`)."""
        return lambda cls: cls


__all__ = ["FrozenRecord", "Record", "dataclass_on_demand", "typed_as_frozen_dataclass"]

_ON_DEMAND = ("__dataclass_fields__", "__dataclass_params__")


class _Fields:
    """What ``@dataclass`` writes (``__repr__``, ``__eq__``), for a class whose ``__slots__`` are its fields in
    order."""

    __slots__: tuple[str, ...] = ()

    def _values(self) -> tuple[object, ...]:
        return tuple([getattr(self, name) for name in self.__slots__])

    def __repr__(self) -> str:
        fields = ", ".join([f"{name}={getattr(self, name)!r}" for name in self.__slots__])
        return f"{type(self).__qualname__}({fields})"

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    # with __eq__ and no __hash__, unhashable, as a dataclass that is not frozen; a frozen one says its own


class Record(_Fields):
    """An internal record of the engine, as ``@dataclass(slots=True)`` would make it (made at import without
    `dataclasses`), with `replace`: a copy with changes, without running ``__init__`` again. Never a public class:
    `replace` would skip what a public ``__init__`` does (`Diagnosis` scrubs there)."""

    __slots__ = ()

    def replace(self: _R, **changes: object) -> _R:
        """A copy with `changes`."""
        copy = object.__new__(type(self))
        names: tuple[str, ...] = self.__slots__
        for name in names:
            object.__setattr__(copy, name, changes.pop(name) if name in changes else getattr(self, name))
        if changes:
            raise TypeError(f"{type(self).__name__} has no field {next(iter(changes))!r}")
        return copy


class FrozenRecord(_Fields):
    """What ``@dataclass(frozen=True)`` writes, for a class whose ``__slots__`` are its fields in order (and
    whose ``__init__`` sets them with ``object.__setattr__``): assignment and deletion refused, and
    ``__replace__`` (``copy.replace``, Python 3.13), which runs ``__init__`` as ``dataclasses.replace`` does."""

    __slots__ = ()

    if not TYPE_CHECKING:  # type checkers know them from the decorator

        def __setattr__(self, name: str, value: object) -> None:
            from dataclasses import FrozenInstanceError

            raise FrozenInstanceError(f"cannot assign to field {name!r}")

        def __delattr__(self, name: str) -> None:
            from dataclasses import FrozenInstanceError

            raise FrozenInstanceError(f"cannot delete field {name!r}")

        def __replace__(self, /, **changes: object) -> object:
            from dataclasses import replace

            return replace(self, **changes)


class _OnDemand:
    """A class attribute that `dataclasses` makes the first time it is read, on the class or on an instance."""

    __slots__ = ("factories", "name")

    def __init__(self, name: str, factories: dict[str, Callable[[], object]]) -> None:
        self.name = name
        self.factories = factories

    def __get__(self, instance: object, owner: type) -> object:
        for name, value in _made(owner, self.factories).items():
            setattr(owner, name, value)  # from now on a plain class attribute
        return owner.__dict__[self.name]


def _made(cls: type, factories: dict[str, Callable[[], object]]) -> dict[str, object]:
    """``__dataclass_fields__`` and ``__dataclass_params__`` of `cls`, as ``@dataclass(frozen=True, slots=True)``
    would make them from its annotations and its ``__init__``'s defaults."""
    import dataclasses

    init = cls.__dict__["__init__"]
    code = init.__code__
    names: tuple[str, ...] = code.co_varnames[1 : code.co_argcount]
    given = init.__defaults__ or ()
    defaults = dict(zip(names[len(names) - len(given) :], given, strict=True))
    annotations = {name: cls.__annotations__[name] for name in names}
    namespace: dict[str, object] = {"__module__": cls.__module__, "__qualname__": cls.__qualname__}
    for name in names:
        if name in factories:
            namespace[name] = dataclasses.field(default_factory=factories[name])
        elif name in defaults:
            namespace[name] = defaults[name]
    processed = {  # an InitVar's annotation is a string here: dataclasses is told what it stands for
        name: dataclasses.InitVar(object) if str(kind).startswith("InitVar[") else kind
        for name, kind in annotations.items()
    }
    twin: Any = dataclasses.dataclass(frozen=True, slots=True)(
        type(cls.__name__, (), {**namespace, "__annotations__": processed})
    )
    fields = twin.__dataclass_fields__
    for name, field in fields.items():
        field.type = annotations[name]  # as written, as a dataclass of this module would have it
    return {"__dataclass_fields__": fields, "__dataclass_params__": twin.__dataclass_params__}


def dataclass_on_demand(cls: type, factories: dict[str, Callable[[], object]] | None = None) -> None:
    """Make `cls` a frozen dataclass for `dataclasses` on first use; `factories`: the fields whose default is made
    by a factory (their ``__init__`` default is None)."""
    for name in _ON_DEMAND:
        setattr(cls, name, _OnDemand(name, factories or {}))
