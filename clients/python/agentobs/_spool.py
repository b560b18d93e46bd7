"""The spool: spans that could not be sent before the process ended, kept on disk for the next process.

Shared with the TypeScript SDK (either can replay the other's files):

* directory ``<spool_dir>/<first 16 hex chars of sha256(base_url + "\\n" + api_key)>/`` (mode 0700);
* each file ``<epochMs>-<pid>-<8 random hex>.json`` holds exactly one ingest request body
  ``{"spans":[...]}`` in the API's wire format, written atomically (``*.tmp``, then ``os.replace``);
* a starting process claims a file by renaming it to ``<name>.claimed-<pid>`` (a rename is atomic: two
  processes starting at once never both send it); a claim older than 10 minutes whose process is gone
  may be taken over; the file is deleted once the API accepted it;
* at most 50 MB per directory: past that, the oldest files are deleted (their spans counted as dropped,
  ``buffer_full``).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import re
import secrets
import tempfile
import threading
import time
from typing import List, Optional, Tuple

__all__ = ["Spool", "default_spool_dir", "key_directory", "SPOOL_MAX_BYTES", "CLAIM_STALE_SECONDS"]

logger = logging.getLogger("agentobs")

SPOOL_MAX_BYTES = 50 * 1024 * 1024
CLAIM_STALE_SECONDS = 600.0
_NAME_RE = re.compile(r"^(\d+)-(\d+)-([0-9a-f]{8})\.json$")
_CLAIMED_RE = re.compile(r"^((\d+)-\d+-[0-9a-f]{8}\.json)\.claimed-(\d+)$")

# Claims made by this process (several clients with the same key may live in one process).
_held: set = set()
_held_lock = threading.Lock()


def _username() -> str:
    try:
        name = getpass.getuser()
    except Exception:  # no passwd entry (containers)
        name = str(os.getuid()) if hasattr(os, "getuid") else "user"
    return re.sub(r"[^A-Za-z0-9._-]", "_", name) or "user"


def default_spool_dir() -> str:
    """``<tempfile.gettempdir()>/agentobs-spool-<username>``."""
    return os.path.join(tempfile.gettempdir(), f"agentobs-spool-{_username()}")


def key_directory(spool_dir: str, base_url: str, api_key: str) -> str:
    digest = hashlib.sha256((base_url + "\n" + api_key).encode("utf-8")).hexdigest()[:16]
    return os.path.join(spool_dir, digest)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":  # os.kill(pid, 0) would terminate the process on Windows: go by age alone
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


class Spool:
    """One key's spool directory. Every method is safe against other processes using it at once."""

    def __init__(self, directory: str, max_bytes: int = SPOOL_MAX_BYTES, check_parent_owner: bool = True) -> None:
        self.dir = directory
        self.max_bytes = max_bytes
        self._check_parent_owner = check_parent_owner
        self._checked = False

    # -- setup -----------------------------------------------------------------------------------

    def ensure(self) -> bool:
        """Create the directory (0700); refuse one owned by another user (a shared temp dir)."""
        if self._checked:
            return True
        parent = os.path.dirname(self.dir)
        for path in (parent, self.dir):
            try:
                os.mkdir(path, 0o700)
            except FileExistsError:
                pass
            except FileNotFoundError:
                os.makedirs(path, 0o700, exist_ok=True)
            if hasattr(os, "getuid") and (path == self.dir or self._check_parent_owner):
                st = os.stat(path)
                if st.st_uid != os.getuid():
                    raise PermissionError(f"{path} belongs to another user")
        self._checked = True
        return True

    # -- writing (at exit) -----------------------------------------------------------------------

    def write(self, body: bytes) -> str:
        """Write one ingest request body atomically; returns the file's path."""
        self.ensure()
        name = f"{int(time.time() * 1000)}-{os.getpid()}-{secrets.token_hex(4)}.json"
        path = os.path.join(self.dir, name)
        tmp = path + ".tmp"
        _write_file(tmp, body, os.O_EXCL)
        os.replace(tmp, path)
        return path

    def enforce_limit(self) -> int:
        """Delete the oldest unclaimed files while the directory holds more than ``max_bytes``;
        returns the number of spans they held."""
        try:
            entries = []
            total = 0
            with os.scandir(self.dir) as it:
                for e in it:
                    try:
                        size = e.stat().st_size
                    except FileNotFoundError:
                        continue
                    total += size
                    m = _NAME_RE.match(e.name)
                    if m:
                        entries.append((int(m.group(1)), e.name, size))
        except FileNotFoundError:
            return 0
        if total <= self.max_bytes:
            return 0
        entries.sort()
        dropped = 0
        for _, name, size in entries:
            if total <= self.max_bytes:
                break
            path = os.path.join(self.dir, name)
            count = _count_spans(path)
            try:
                os.unlink(path)
            except FileNotFoundError:  # claimed or removed meanwhile
                continue
            total -= size
            dropped += count
        return dropped

    # -- replay (at start) -----------------------------------------------------------------------

    def pending(self) -> List[str]:
        """Names to replay, oldest first: unclaimed files and claims that went stale. Removes
        ``*.tmp`` files left by a process that died while writing them."""
        out: List[Tuple[int, str]] = []
        now = time.time()
        try:
            names = os.listdir(self.dir)
        except (FileNotFoundError, NotADirectoryError):
            return []
        for name in names:
            m = _NAME_RE.match(name)
            if m:
                out.append((int(m.group(1)), name))
                continue
            c = _CLAIMED_RE.match(name)
            if c:
                if self._claim_is_stale(name, int(c.group(3)), now):
                    out.append((int(c.group(2)), name))
                continue
            if name.endswith(".tmp"):
                try:
                    if now - os.stat(os.path.join(self.dir, name)).st_mtime > CLAIM_STALE_SECONDS:
                        os.unlink(os.path.join(self.dir, name))
                except OSError:
                    pass
        out.sort()
        return [name for _, name in out]

    def _claim_is_stale(self, name: str, pid: int, now: float) -> bool:
        path = os.path.join(self.dir, name)
        with _held_lock:
            if path in _held:
                return False
        try:
            age = now - os.stat(path).st_mtime
        except OSError:
            return False
        if age < CLAIM_STALE_SECONDS:
            return False
        # our own pid on a claim we do not hold: a former process that had the same pid (containers)
        return pid == os.getpid() or not _pid_alive(pid)

    def claim(self, name: str) -> Optional[str]:
        """Rename ``name`` (a file or a stale claim) to ``<file>.claimed-<our pid>``; ``None`` when another
        process was first."""
        c = _CLAIMED_RE.match(name)
        base = c.group(1) if c else name
        src = os.path.join(self.dir, name)
        dst = os.path.join(self.dir, f"{base}.claimed-{os.getpid()}")
        if c and src == dst:  # a stale claim carrying our pid: take it over in place
            with _held_lock:
                if dst in _held:
                    return None
                _held.add(dst)
            try:
                os.utime(dst)
            except OSError:
                with _held_lock:
                    _held.discard(dst)
                return None
            return dst
        with _held_lock:
            _held.add(dst)
        try:
            os.rename(src, dst)
            os.utime(dst)  # the claim's age counts from now
        except OSError:
            with _held_lock:
                _held.discard(dst)
            return None
        return dst

    @staticmethod
    def read(path: str) -> Optional[List[bytes]]:
        """The spans of a claimed file, each as its wire JSON; ``None`` when the file is not a valid body."""
        try:
            with open(path, "rb") as f:
                data = json.loads(f.read())
            spans = data["spans"]
            if not isinstance(spans, list):
                return None
            return [json.dumps(s, ensure_ascii=False, separators=(",", ":")).encode("utf-8") for s in spans]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def rewrite(self, path: str, spans: List[bytes]) -> None:
        """Replace a claimed file's content by the spans still to send (atomically)."""
        tmp = path + ".tmp"
        _write_file(tmp, b'{"spans":[' + b",".join(spans) + b"]}", os.O_TRUNC)
        os.replace(tmp, path)

    @staticmethod
    def delete(path: str) -> None:
        with _held_lock:
            _held.discard(path)
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass

    @staticmethod
    def release(path: str) -> None:
        """Give a claim back (rename to the unclaimed name) so the next process sends it."""
        with _held_lock:
            _held.discard(path)
        base = path.rsplit(".claimed-", 1)[0]
        try:
            os.rename(path, base)
        except OSError:
            pass


def _write_file(path: str, data: bytes, flag: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | flag, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _count_spans(path: str) -> int:
    try:
        with open(path, "rb") as f:
            spans = json.loads(f.read()).get("spans")
        return len(spans) if isinstance(spans, list) else 0
    except (OSError, ValueError, AttributeError):
        return 0
