"""The embedded store: immutable pyoxigraph versions behind one atomically swapped link.

Why versions: RocksDB allows one writer, and ``Store.read_only`` must not be
opened while another process writes. So nobody ever writes a store that a reader
may have open. A writer (``kg build``, ``kg ingest``, ``/update``) takes a file
lock, makes a new version directory (empty, or a RocksDB checkpoint of the current
one: hard links, milliseconds), writes it, flushes it, and only then points the
store link at it with one ``rename``. Readers open versions read-only and reopen
when the link moves. A killed writer leaves the link on the previous version;
its half-written directory is removed by the next writer.

Every version names itself in the data too: graph ``<https://w3id.org/aseankg/graph/store>``
holds ``<that graph> owl:versionInfo "<version>"``, written by the writer. A remote store
(kg.remote) keeps its version the same way, so a query sees the same data on every backend.

Layout for ``KG_STORE=var/store``::

    var/store            -> store.versions/20261123T033300123456Z-1a2b   (symlink)
    var/store.versions/  one directory per version, the newest few kept
    var/store.lock       the writers' lock
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import secrets
import shutil
import threading
from pathlib import Path
from typing import Iterator

import pyoxigraph

KEEP_VERSIONS = 3
TMP_PREFIX = "tmp-"
VERSION_GRAPH = pyoxigraph.NamedNode("https://w3id.org/aseankg/graph/store")
VERSION_INFO = pyoxigraph.NamedNode("http://www.w3.org/2002/07/owl#versionInfo")


def version_quad(version: str) -> pyoxigraph.Quad:
    """The quad that names a store version in the data itself."""
    return pyoxigraph.Quad(VERSION_GRAPH, VERSION_INFO, pyoxigraph.Literal(version), VERSION_GRAPH)


class StoreError(RuntimeError):
    """The store is missing or cannot be used; the message says what to do."""


class EmbeddedStore:
    """A versioned pyoxigraph store at ``path`` (see the module docstring)."""

    def __init__(self, path: Path | str):
        self.path = Path(path).absolute()
        self.versions_dir = self.path.parent / (self.path.name + ".versions")
        self.lock_path = self.path.parent / (self.path.name + ".lock")
        self._reader: tuple[str, pyoxigraph.Store] | None = None
        self._reader_lock = threading.Lock()

    # -- reading ---------------------------------------------------------
    def version(self) -> str | None:
        """The current version's name, or None when nothing was built yet."""
        try:
            return Path(os.readlink(self.path)).name
        except FileNotFoundError:
            return None
        except OSError:
            if self.path.is_dir():
                raise StoreError(
                    f"{self.path} is a plain directory, not a versioned store; "
                    f"move it away and run 'kg build'"
                ) from None
            raise

    def exists(self) -> bool:
        return self.version() is not None

    def version_path(self, version: str) -> Path:
        return self.versions_dir / version

    def snapshot(self) -> pyoxigraph.Store:
        """A read-only handle on the current version, reopened when the link moves."""
        version = self.version()
        if version is None:
            raise StoreError(f"no store at {self.path}; run 'kg build' first")
        with self._reader_lock:
            if self._reader is None or self._reader[0] != version:
                self._reader = (version, pyoxigraph.Store.read_only(str(self.version_path(version))))
            return self._reader[1]

    def modified(self) -> dt.datetime | None:
        """When the current version was made (UTC), for 'is the store stale'."""
        version = self.version()
        if version is None:
            return None
        return dt.datetime.fromtimestamp(self.version_path(version).stat().st_mtime, dt.timezone.utc)

    # -- writing ---------------------------------------------------------
    @contextlib.contextmanager
    def writer(self, fresh: bool = False, optimize: bool | None = None) -> Iterator[pyoxigraph.Store]:
        """Yield a writable store that becomes the current version when the block ends.

        ``fresh=True`` starts empty (a rebuild); otherwise it starts as a copy of
        the current version. If the block raises, or the process dies, the current
        version is untouched and the new directory is discarded. ``optimize``
        (default: only for fresh stores) compacts the new version before publishing.
        """
        self.versions_dir.mkdir(parents=True, exist_ok=True)
        with self._locked():
            self._remove_stale_tmp()
            tmp = self.versions_dir / f"{TMP_PREFIX}{_new_version_name()}"
            current = self.version()
            if fresh or current is None:
                store = pyoxigraph.Store(str(tmp))
            else:
                pyoxigraph.Store.read_only(str(self.version_path(current))).backup(str(tmp))
                store = pyoxigraph.Store(str(tmp))
            handle = _WriteHandle(store)
            try:
                yield handle  # not the Store itself: a caller's reference would keep RocksDB open past the rename
                handle.close()
                store.remove_graph(VERSION_GRAPH)
                store.add(version_quad(tmp.name[len(TMP_PREFIX):]))
                store.flush()
                if fresh if optimize is None else optimize:
                    store.optimize()
            except BaseException:
                handle.close()
                del store
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            del store  # closes RocksDB before the directory is published (closing it after took 1 s)
            final = self.versions_dir / tmp.name[len(TMP_PREFIX):]
            os.rename(tmp, final)
            self._point_at(final.name)
            self._remove_old_versions(keep=final.name)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self.lock_path, "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _point_at(self, version: str) -> None:
        if self.path.exists() and not self.path.is_symlink():
            raise StoreError(f"{self.path} is a plain directory, not a versioned store; move it away first")
        link_tmp = self.path.parent / f".{self.path.name}.link-{secrets.token_hex(4)}"
        os.symlink(os.path.join(self.versions_dir.name, version), link_tmp)
        os.replace(link_tmp, self.path)  # atomic: readers see the old or the new version

    def _remove_stale_tmp(self) -> None:
        for d in self.versions_dir.glob(TMP_PREFIX + "*"):
            shutil.rmtree(d, ignore_errors=True)

    def _remove_old_versions(self, keep: str) -> None:
        versions = sorted(d.name for d in self.versions_dir.iterdir() if not d.name.startswith(TMP_PREFIX))
        for name in versions[:-KEEP_VERSIONS]:
            if name != keep:
                shutil.rmtree(self.versions_dir / name, ignore_errors=True)


class _WriteHandle:
    """The writable store as ``writer()`` lends it: every Store method, until the block ends.

    Why not the Store: RocksDB closes when the last reference goes, and a caller's
    ``with ... as target`` keeps one. Closed after the version directory is renamed, it
    took about a second; closed before, milliseconds.
    """

    def __init__(self, store: pyoxigraph.Store):
        self._store: pyoxigraph.Store | None = store

    def _open(self) -> pyoxigraph.Store:
        if self._store is None:
            raise StoreError("this store version is already published; write inside the 'with writer()' block")
        return self._store

    def __getattr__(self, name: str):
        return getattr(self._open(), name)

    def __len__(self) -> int:
        return len(self._open())

    def __iter__(self):
        return iter(self._open())

    def __contains__(self, quad) -> bool:
        return quad in self._open()

    def close(self) -> None:
        self._store = None


def _new_version_name() -> str:
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{now}-{secrets.token_hex(2)}"
