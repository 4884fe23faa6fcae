"""Writing an exported file safely: all of it or none of it, with a clear word when we cannot.

Every writer saves into a temporary file in the target's own folder and then renames it over
the target, so a crash, a full disk or a refused write never leaves half a document where a
clerk expects the last good one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from docx.document import Document

from ccsc_gov.core.governance.errors import UserError


def _lock_files(path: Path) -> list[Path]:
    """The lock files Word (~$name) and LibreOffice (.~lock.name#) keep beside an open file."""
    # Word drops up to two leading characters of a long name to make room for its "~$".
    names = ["~$" + path.name[cut:] for cut in (0, 1, 2)] + [f".~lock.{path.name}#"]
    return [path.with_name(n) for n in dict.fromkeys(names) if path.with_name(n).exists()]


def _refuse(path: Path, error: OSError) -> UserError:
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM):
        return UserError(
            f"Cannot save {path.name}: the file is open in another program (Word, Excel, a "
            f"PDF viewer) or the folder {path.parent} cannot be written to. Close the file, "
            "or choose another folder, and try again."
        )
    if error.errno == errno.ENOSPC:
        return UserError(f"Cannot save {path.name}: the disk is full.")
    if error.errno == errno.EROFS:
        return UserError(f"Cannot save {path.name}: {path.parent} is on a read-only disk.")
    return UserError(f"Cannot save {path.name}: {error.strerror or error}.")


def check_target(path: Path) -> None:
    """Refuse, before any work, a target that cannot be written."""
    if path.is_dir():
        raise UserError(f"{path} is a folder; choose a file name to save to.")
    if not path.parent.is_dir():
        raise UserError(f"Cannot save {path.name}: the folder {path.parent} does not exist.")
    locks = _lock_files(path)
    if locks:
        raise UserError(
            f"{path.name} is open in another program (Word or LibreOffice keeps "
            f"{locks[0].name} beside it). Close it and try again; if it is not open, delete "
            f"{locks[0].name}."
        )
    if path.exists() and not os.access(path, os.W_OK):
        raise UserError(f"Cannot save {path.name}: the file is read-only.")


def write_atomic(path: Path, write: Callable[[IO[bytes]], None]) -> Path:
    """Have `write` fill a temporary file beside `path`, then put it in place in one step."""
    path = Path(path)
    check_target(path)
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.stem[:40]}.", suffix=".part"
        )
    except OSError as error:
        raise _refuse(path, error) from error
    try:
        with os.fdopen(handle, "w+b") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            # mkstemp makes the file private (0600); a replaced file keeps the mode it had.
            with contextlib.suppress(OSError):
                os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            with contextlib.suppress(OSError):
                os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise _refuse(path, error) from error
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    def write(stream: IO[bytes]) -> None:
        stream.write(data)

    return write_atomic(path, write)


def save_document(document: Document, path: Path) -> Path:
    return write_atomic(path, document.save)
