"""Whether a file lies on a disk built into this computer: the one kind of storage a file may be
read from through a memory map (sync/files.py `connect_for_reading_mapped`).

A read through a map that fails (a USB stick or an SD card pulled out, a network folder gone)
is not an error the program can catch: the operating system ends the process. Read calls fail
with an error instead, which sync reports with nothing lost. So a file is mapped only where its
storage cannot go away while it is read: a local file system on disks that are neither
removable nor attached by USB, card reader or FireWire (through any encryption or RAID layer),
or memory (tmpfs). Anything this module cannot recognise counts as not fixed, and is read with
plain read calls: slower, never unsafe.

Linux reads `/proc/self/mountinfo` and `/sys`; Windows asks for the drive's type; other systems
are never judged fixed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

LOCAL_DISK_FILESYSTEMS = frozenset(
    {"ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "jfs", "reiserfs", "zfs", "bcachefs"}
)
"""File systems of a disk (a stick's vfat, exfat or ntfs, a network's nfs or cifs, a fuse or
overlay mount are not among them)."""
MEMORY_FILESYSTEMS = frozenset({"tmpfs", "ramfs"})
EXTERNAL_BUSES = ("usb", "mmc", "memstick", "firewire", "ieee1394")
"""Segments of a block device's path in /sys that mean it can be unplugged, whatever its
`removable` flag says (a USB disk in an enclosure reports 0)."""
_LAYERS_DEEP = 8
"""How many layers of device mapper or RAID are followed down to the disks."""
_DRIVE_FIXED = 3  # GetDriveTypeW


def on_fixed_local_disk(
    path: Path, *, mountinfo: Path = Path("/proc/self/mountinfo"), sysfs: Path = Path("/sys")
) -> bool:
    """True when the file's storage is a built-in disk or memory (see the module's words);
    `mountinfo` and `sysfs` are where Linux tells it (other places in tests)."""
    if sys.platform == "win32":
        return _windows_fixed(path)
    if not sys.platform.startswith("linux"):
        return False
    try:
        mount = mount_of(os.path.realpath(path), mountinfo.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return False
    if mount is None:
        return False
    device, filesystem, source = mount
    if filesystem in MEMORY_FILESYSTEMS:
        return True
    if filesystem not in LOCAL_DISK_FILESYSTEMS:
        return False
    try:
        block = _block_device(device, source, sysfs)
        return block is not None and _fixed(block, sysfs, _LAYERS_DEEP)
    except OSError:  # a /sys entry that cannot be read: not judged fixed, never a failed send
        return False


def mount_of(path: str, mountinfo: str) -> tuple[str, str, str] | None:
    """The mount holding `path` (absolute, links resolved): its device number (`major:minor`),
    file system and source, from the text of /proc/self/mountinfo; the deepest mount point
    that contains the path, the last mounted where several share it."""
    found: tuple[int, tuple[str, str, str]] | None = None
    for line in mountinfo.splitlines():
        fields = line.split(" ")
        if "-" not in fields or len(fields) < 5:
            continue
        after = fields[fields.index("-") + 1 :]
        if len(after) < 2:
            continue
        point = _unescape(fields[4])
        if not _contains(point, path):
            continue
        depth = len(point.rstrip("/"))
        if found is None or depth >= found[0]:
            found = (depth, (fields[2], after[0], _unescape(after[1])))
    return None if found is None else found[1]


def _contains(point: str, path: str) -> bool:
    return point == "/" or path == point or path.startswith(point.rstrip("/") + "/")


def _unescape(field: str) -> str:
    """mountinfo writes a space, tab, newline and backslash in a path as octal escapes."""
    for escaped, plain in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(escaped, plain)
    return field


def _block_device(device: str, source: str, sysfs: Path) -> Path | None:
    """The block device's directory in /sys: by the mount's device number, else (btrfs numbers
    its mounts apart from their disks) by the name of the source device."""
    by_number = sysfs / "dev" / "block" / device
    if by_number.exists():
        return Path(os.path.realpath(by_number))
    if source.startswith("/dev/"):
        by_name = sysfs / "class" / "block" / Path(os.path.realpath(source)).name
        if by_name.exists():
            return Path(os.path.realpath(by_name))
    return None


def _fixed(block: Path, sysfs: Path, depth: int) -> bool:
    """A disk (or a partition of one) neither removable nor on an external bus; a mapped or
    RAID device when every device under it is."""
    if depth <= 0 or block.name.startswith(("loop", "nbd", "zram")):
        return False  # a loop device's file, a network block device: anywhere
    if any(part.startswith(EXTERNAL_BUSES) for part in _parts_under(block, sysfs)):
        return False
    slaves = block / "slaves"
    under = sorted(slaves.iterdir()) if slaves.is_dir() else []
    if under:
        return all(_fixed(Path(os.path.realpath(s)), sysfs, depth - 1) for s in under)
    disk = block.parent if (block / "partition").exists() else block
    try:
        return (disk / "removable").read_text(encoding="ascii").strip() == "0"
    except OSError:
        return False


def _parts_under(block: Path, sysfs: Path) -> tuple[str, ...]:
    """The segments of the device's path below /sys (where the buses are named)."""
    try:
        return block.relative_to(os.path.realpath(sysfs)).parts
    except ValueError:
        return block.parts


def _windows_fixed(path: Path) -> bool:
    import ctypes

    anchor = Path(os.path.realpath(path)).anchor
    if not anchor:
        return False
    kernel32 = getattr(ctypes, "windll").kernel32  # noqa: B009 (absent from ctypes elsewhere)
    return bool(kernel32.GetDriveTypeW(anchor) == _DRIVE_FIXED)
