"""Hospital-defined processes, without editing graphbuilder: entry points and a plugins file.

A plugin is a Python module that declares processes: a `processes()` function returning them
(or a `PROCESSES` sequence). Two ways to register one:

* an installed package declares an entry point in the group `graphbuilder.processes`, e.g.
  `[project.entry-points."graphbuilder.processes"] ecog = "ecog_status:processes"`;
* a plugins file (`graphbuilder.plugins.toml` in the working folder, or `--plugins FILE`) lists
  modules, and folders to import them from (relative to the file):

      [plugins]
      paths = ["plugins"]
      modules = ["ecog_status"]
"""

from __future__ import annotations

import importlib
import inspect
import sys
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

from graphbuilder.core.errors import ConfigError
from graphbuilder.pipeline.processes.model import Process

ENTRY_POINT_GROUP = "graphbuilder.processes"
PLUGINS_FILE = "graphbuilder.plugins.toml"


@dataclass(frozen=True)
class PluginSpec:
    """What a plugins file lists: modules, and folders put on the import path first."""

    modules: tuple[str, ...] = ()
    paths: tuple[Path, ...] = ()
    file: Path | None = None


def read_plugins_file(path: Path) -> PluginSpec:
    """Read a plugins file; errors name the file and the setting."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the plugins file ({error.strerror})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    section = data.get("plugins")
    unknown = sorted(set(data) - {"plugins"}) + sorted(set(section or {}) - {"paths", "modules"})
    if not isinstance(section, dict) or unknown:
        raise ConfigError(
            f"{path}: expected a [plugins] table with `paths` and `modules` only"
            + (f" (unknown: {', '.join(unknown)})" if unknown else "")
        )
    modules = _strings(section.get("modules", []), path, "plugins.modules")
    paths = _strings(section.get("paths", []), path, "plugins.paths")
    return PluginSpec(tuple(modules), tuple(path.parent / folder for folder in paths), path)


def default_plugins_file(folder: Path | None = None) -> Path | None:
    """`graphbuilder.plugins.toml` in the folder (the working one by default), if present."""
    candidate = (folder or Path.cwd()) / PLUGINS_FILE
    return candidate if candidate.is_file() else None


def load_plugins(
    spec: PluginSpec | None = None, *, entry_points: bool = True, family: str = "rules"
) -> tuple[Process, ...]:
    """Every process the installed entry points and the plugins file declare. A plugin's
    `processes(family)` may take the build's extraction family (rules, llm, precomputed) and
    return, say, its LLM implementation when the build has a language model."""
    found: list[Process] = []
    if entry_points:
        for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
            try:
                target = entry.load()
            except Exception as error:  # a broken plugin must say which one it is
                raise ConfigError(
                    f"entry point {entry.name!r} ({entry.value}) of {ENTRY_POINT_GROUP} "
                    f"cannot be loaded ({type(error).__name__}: {error})"
                ) from None
            found += _declared(target, f"entry point {entry.name!r}", family)
    if spec is not None:
        for folder in spec.paths:
            if not folder.is_dir():
                raise ConfigError(f"{spec.file}: plugins.paths: {folder} is not a folder")
            if str(folder) not in sys.path:
                sys.path.insert(0, str(folder))
        for name in spec.modules:
            found += _declared(_import(name, spec.file), f"module {name!r}", family)
    return tuple(found)


def _import(name: str, file: Path | None) -> ModuleType:
    try:
        return importlib.import_module(name)
    except Exception as error:
        raise ConfigError(
            f"{file or 'plugins'}: plugins.modules: {name!r} cannot be imported "
            f"({type(error).__name__}: {error}) — check plugins.paths"
        ) from None


def _declared(target: Any, where: str, family: str) -> list[Process]:
    provider: Callable[..., Iterable[Any]] | Iterable[Any] | None
    if isinstance(target, ModuleType):
        provider = getattr(target, "processes", None) or getattr(target, "PROCESSES", None)
    else:
        provider = target
    if provider is None:
        raise ConfigError(f"{where} declares no processes (a `processes()` function or PROCESSES)")
    if callable(provider):
        takes_family = bool(inspect.signature(provider).parameters)
        items = list(provider(family) if takes_family else provider())
    else:
        items = list(provider)
    wrong = [type(item).__name__ for item in items if not isinstance(item, Process)]
    if wrong:
        raise ConfigError(f"{where}: declares {', '.join(wrong)} where a Process is expected")
    return items


def _strings(value: Any, path: Path, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{path}: {name}: expected a list of strings")
    return list(value)
