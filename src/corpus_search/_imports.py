"""Start-up cost: import Whoosh without the standard-library modules it loads but never uses here.

``whoosh.compat`` imports ``urllib.request`` (and with it http.client, email, ssl) only to re-export
``urlretrieve``; ``whoosh.reading`` imports the ``cached_property`` package, which imports asyncio,
for one cached attribute. Together that is about half of Whoosh's import time, paid by every
``corpus-search search``. While exactly those two Whoosh modules execute, a meta-path hook gives
them stand-ins: a ``urlretrieve`` that imports the real one when called, and
``functools.cached_property`` (same behaviour: the value is stored in the instance's ``__dict__``);
and ``whoosh.query.terms`` a ``variations`` that loads ``whoosh.lang.morph_en`` when first called.
The stand-ins are removed from ``sys.modules`` as soon as the module has run, so every other
``import urllib.request`` or ``import cached_property`` gets the real module.
"""

from __future__ import annotations

import functools
import importlib
import importlib.machinery
import sys
import types
from collections.abc import Callable, Sequence
from typing import Any


def _lazy_urlretrieve(*args: Any, **kwargs: Any) -> Any:
    return importlib.import_module("urllib.request").urlretrieve(*args, **kwargs)


def _stub(name: str, **attrs: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(attrs)
    return module


# Whoosh module -> the stand-in modules it gets while it executes.
_STANDINS: dict[str, Callable[[], dict[str, types.ModuleType]]] = {
    "whoosh.compat": lambda: {
        "urllib.request": _stub("urllib.request", urlretrieve=_lazy_urlretrieve)
    },
    "whoosh.reading": lambda: {
        "cached_property": _stub("cached_property", cached_property=functools.cached_property)
    },
    # English word variations (compiles ~1,000 regexes) for the Variations query we never build.
    "whoosh.query.terms": lambda: {
        "whoosh.lang.morph_en": _stub("whoosh.lang.morph_en", variations=_lazy_variations)
    },
}


def _lazy_variations(*args: Any, **kwargs: Any) -> Any:
    return importlib.import_module("whoosh.lang.morph_en").variations(*args, **kwargs)


class _StandInLoader:  # importlib.abc would import importlib.resources: 20 ms
    def __init__(self, real: Any, standins: dict[str, types.ModuleType]) -> None:
        self.real = real
        self.standins = standins

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self.real.create_module(spec)  # type: ignore[no-any-return]

    def __getattr__(self, name: str) -> Any:  # get_source etc., for tracebacks
        return getattr(self.real, name)

    def exec_module(self, module: types.ModuleType) -> None:
        added = {k: v for k, v in self.standins.items() if k not in sys.modules}
        sys.modules.update(added)
        try:
            self.real.exec_module(module)
        finally:
            for name, standin in added.items():
                if sys.modules.get(name) is standin:
                    del sys.modules[name]


class _WhooshTrim:
    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        make = _STANDINS.get(fullname)
        if make is None or fullname in self.done:
            return None
        self.done.add(fullname)
        if self.done >= _STANDINS.keys() and self in sys.meta_path:
            sys.meta_path.remove(self)  # the last one: the hook has done its job
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _StandInLoader(spec.loader, make())  # type: ignore[assignment]
        return spec

    def __init__(self) -> None:
        self.done: set[str] = set()


def trim_whoosh_imports() -> None:
    """Install the hook, unless Whoosh is already imported."""
    if "whoosh.compat" in sys.modules or any(isinstance(f, _WhooshTrim) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _WhooshTrim())
