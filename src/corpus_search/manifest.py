"""The manifest: what each indexed source file looked like when it was indexed.

It lets a no-op re-index cost one ``stat`` per file (compare size and mtime) instead of reading
and hashing every file. It is a cache of facts the index also stores: it records the index
generation it matches, and when that differs (a run was killed between the commit and the
manifest write) the index module rebuilds it from the stored fields.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = "corpus-search-manifest.json"
MANIFEST_VERSION = 1


@dataclass
class SourceEntry:
    """One source file: its stat facts, its content hash, and the documents it produced."""

    size: int
    mtime: float
    sha256: str
    # key -> document content hash; None means the usual single document keyed by the path.
    keys: dict[str, str] | None = None

    def doc_hashes(self, path: str) -> dict[str, str]:
        return dict(self.keys) if self.keys is not None else {path: self.sha256}


@dataclass
class Manifest:
    generation: int = -1
    sources: dict[str, SourceEntry] = field(default_factory=dict)

    def under(self, root: str) -> list[str]:
        """Source paths equal to ``root`` or inside the folder ``root``."""
        prefix = root.rstrip("/") + "/"
        return [p for p in self.sources if p == root or p.startswith(prefix)]


def manifest_path(index_dir: Path) -> Path:
    return index_dir / MANIFEST_NAME


def load_manifest(index_dir: Path) -> Manifest:
    """The saved manifest, or an empty one (generation -1) when missing or unreadable."""
    try:
        raw = json.loads(manifest_path(index_dir).read_text(encoding="utf-8"))
        if raw.get("version") != MANIFEST_VERSION:
            return Manifest()
        sources = {
            path: SourceEntry(size, mtime, sha, keys)
            for path, (size, mtime, sha, keys) in raw["sources"].items()
        }
        return Manifest(generation=int(raw["generation"]), sources=sources)
    except (OSError, ValueError, KeyError, TypeError):
        return Manifest()


def save_manifest(index_dir: Path, manifest: Manifest) -> None:
    """Write atomically (temp file + rename), so a crash leaves the old or the new manifest."""
    data = {
        "version": MANIFEST_VERSION,
        "generation": manifest.generation,
        "sources": {
            path: [e.size, e.mtime, e.sha256, e.keys] for path, e in manifest.sources.items()
        },
    }
    target = manifest_path(index_dir)
    tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, target)
