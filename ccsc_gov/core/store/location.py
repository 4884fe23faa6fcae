"""Is a database file somewhere SQLite cannot be trusted (a network share, a synced folder)?"""

from __future__ import annotations

from pathlib import Path

NETWORK_FILESYSTEMS = frozenset(
    {"cifs", "smb3", "smbfs", "nfs", "nfs4", "afs", "9p", "fuse.sshfs", "davfs", "fuse.rclone"}
)
SYNCED_FOLDER_NAMES = (
    "onedrive",
    "dropbox",
    "google drive",
    "googledrive",
    "icloud",
    "box sync",
    "nextcloud",
    "owncloud",
    "sharepoint",
)


def _mount_types(mounts_file: Path) -> list[tuple[Path, str]]:
    try:
        lines = mounts_file.read_text().splitlines()
    except OSError:
        return []
    mounts = []
    for line in lines:
        fields = line.split()
        if len(fields) >= 3:
            mounts.append((Path(fields[1].replace("\\040", " ")), fields[2]))
    return mounts


def filesystem_type(path: Path, *, mounts_file: Path = Path("/proc/mounts")) -> str | None:
    """The type of the file system holding `path`, from the longest matching mount point."""
    best: tuple[int, str] | None = None
    resolved = path.resolve()
    for mount_point, fs_type in _mount_types(mounts_file):
        if resolved == mount_point or mount_point in resolved.parents:
            depth = len(mount_point.parts)
            if best is None or depth >= best[0]:
                best = (depth, fs_type)
    return best[1] if best else None


def shared_location_warning(path: Path, *, mounts_file: Path = Path("/proc/mounts")) -> str | None:
    """A warning in plain words when the file is on a share or in a synced folder, else None."""
    advice = (
        "SQLite files there can be corrupted when two computers use them. To share the "
        "Centre's records between clerks, use a PostgreSQL database (see the README)."
    )
    fs_type = filesystem_type(path, mounts_file=mounts_file)
    if fs_type in NETWORK_FILESYSTEMS or str(path).startswith(("//", "\\\\")):
        return f"The database {path} is on a network share ({fs_type or 'UNC path'}). {advice}"
    lowered = [part.lower() for part in path.parts]
    for part in lowered:
        if any(part.startswith(name) for name in SYNCED_FOLDER_NAMES):
            return f"The database {path} is in a synced folder. {advice}"
    return None
