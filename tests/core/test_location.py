"""A database on a network share or in a synced folder is flagged, pointing to PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from ccsc_gov.core.store.location import shared_location_warning


def _mounts(tmp_path: Path, *lines: str) -> Path:
    mounts = tmp_path / "mounts"
    mounts.write_text("".join(f"{line}\n" for line in lines))
    return mounts


def test_a_file_on_an_smb_share_is_flagged(tmp_path: Path) -> None:
    mounts = _mounts(
        tmp_path, "/dev/vda1 / ext4 rw 0 0", "//fileserver/committees /mnt/committees cifs rw 0 0"
    )
    warning = shared_location_warning(Path("/mnt/committees/centre.sqlite3"), mounts_file=mounts)
    assert warning is not None
    assert "network share (cifs)" in warning
    assert "PostgreSQL" in warning


def test_a_file_on_nfs_is_flagged_but_local_disk_is_not(tmp_path: Path) -> None:
    mounts = _mounts(tmp_path, "/dev/vda1 / ext4 rw 0 0", "srv:/home /home nfs4 rw 0 0")
    assert shared_location_warning(Path("/home/clerk/centre.sqlite3"), mounts_file=mounts)
    assert shared_location_warning(Path("/var/lib/centre.sqlite3"), mounts_file=mounts) is None


def test_a_file_in_a_synced_folder_is_flagged(tmp_path: Path) -> None:
    mounts = _mounts(tmp_path, "/dev/vda1 / ext4 rw 0 0")
    for folder in ("OneDrive - Northbridge", "Dropbox", "Google Drive"):
        path = Path("/home/clerk") / folder / "centre.sqlite3"
        warning = shared_location_warning(path, mounts_file=mounts)
        assert warning is not None
        assert "synced folder" in warning
