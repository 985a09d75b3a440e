"""Which storage a laptop's file may be read from through a memory map (sync/fixed_disk.py):
judged from a /proc/self/mountinfo and a /sys tree written here as Linux writes them, for the
built-in disk, a USB stick, a USB disk that says it is not removable, a card, encryption over
either, btrfs, a loop device, a network folder and memory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from survey_app.sync import fixed_disk
from survey_app.sync.fixed_disk import mount_of, on_fixed_local_disk

PCI = "devices/pci0000:00"
DISKS = {
    # name: (its directory under /sys, removable flag, partitions)
    "vda": (f"{PCI}/0000:00:04.0/virtio1/block/vda", "0", ["vda1", "vda2", "vda3"]),
    "sdb": (f"{PCI}/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb", "1",
            ["sdb1"]),
    "sdc": (f"{PCI}/0000:00:14.0/usb3/3-2/3-2:1.0/host7/target7:0:0/7:0:0:0/block/sdc", "0",
            ["sdc1"]),
    "mmcblk0": (f"{PCI}/0000:00:1a.0/mmc_host/mmc0/mmc0:0001/block/mmcblk0", "0", ["mmcblk0p1"]),
    "loop0": ("devices/virtual/block/loop0", "0", []),
}  # fmt: skip
NUMBERS = {
    "254:1": "vda1", "8:17": "sdb1", "8:33": "sdc1", "179:1": "mmcblk0p1", "7:0": "loop0",
    "253:0": "dm-0", "253:1": "dm-1",
}  # fmt: skip
MAPPED = {"dm-0": "vda2", "dm-1": "sdb1"}
"""Device-mapper devices (an encrypted volume) and the partition under each."""
MOUNTS = [
    "22 27 0:21 / /proc rw,relatime - proc proc rw",
    "27 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw",
    "40 27 8:17 / /zz-stick rw,nosuid - vfat /dev/sdb1 rw,fmask=0022",
    "41 27 8:33 / /zz-usb-disk rw - ext4 /dev/sdc1 rw",
    "42 27 8:33 / /zz-my\\040disk rw - ext4 /dev/sdc1 rw",
    "43 27 253:0 / /zz-home rw - ext4 /dev/mapper/home rw",
    "44 27 253:1 / /zz-crypt-stick rw - ext4 /dev/mapper/stick rw",
    "45 27 0:40 /@data /zz-data rw - btrfs /dev/vda3 rw,subvol=/@data",
    "46 27 0:50 / /zz-share rw - nfs4 server:/export rw",
    "47 27 0:30 / /zz-memory rw - tmpfs tmpfs rw",
    "48 27 7:0 / /zz-loop rw - ext4 /dev/loop0 rw",
    "49 27 179:1 / /zz-card rw - ext4 /dev/mmcblk0p1 rw",
    "50 41 8:17 / /zz-usb-disk/inner rw - ext4 /dev/sdb1 rw",
    "51 27 0:41 / /zz-overlay rw - overlay overlay rw,lowerdir=/a",
]


def _link(link: Path, target: Path) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(os.path.relpath(target, link.parent))


@pytest.fixture
def linux(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A /sys tree and a mountinfo of the devices above; `sys.platform` read as Linux."""
    sysfs = tmp_path / "sys"
    places: dict[str, Path] = {}
    for name, (where, removable, partitions) in DISKS.items():
        disk = sysfs / where
        disk.mkdir(parents=True)
        (disk / "removable").write_text(removable + "\n")
        places[name] = disk
        for partition in partitions:
            (disk / partition).mkdir()
            (disk / partition / "partition").write_text("1\n")
            places[partition] = disk / partition
    for name, under in MAPPED.items():
        mapped = sysfs / "devices/virtual/block" / name
        (mapped / "slaves").mkdir(parents=True)
        _link(mapped / "slaves" / under, places[under])
        places[name] = mapped
    for number, name in NUMBERS.items():
        _link(sysfs / "dev/block" / number, places[name])
    for name, place in places.items():
        _link(sysfs / "class/block" / name, place)
    mountinfo = tmp_path / "mountinfo"
    mountinfo.write_text("\n".join(MOUNTS) + "\n")
    monkeypatch.setattr(sys, "platform", "linux")
    return mountinfo, sysfs


@pytest.mark.parametrize(
    ("path", "fixed"),
    [
        ("/srv/survey/laptop.db", True),  # the root file system, a partition of the built-in disk
        ("/zz-home/surveyor/.local/share/survey-app/data.db", True),  # encrypted, on that disk
        ("/zz-data/laptop.db", True),  # btrfs: found by its source device, not its number
        ("/zz-memory/laptop.db", True),
        ("/zz-stick/laptop.db", False),  # vfat: a stick's file system
        ("/zz-usb-disk/laptop.db", False),  # a USB disk whose removable flag says 0
        ("/zz-my disk/laptop.db", False),  # the same, mounted where the path has a space
        ("/zz-usb-disk/inner/laptop.db", False),  # the deepest mount decides
        ("/zz-crypt-stick/laptop.db", False),  # encryption over a stick
        ("/zz-card/laptop.db", False),
        ("/zz-loop/laptop.db", False),  # a loop device's file may lie anywhere
        ("/zz-share/laptop.db", False),
        ("/zz-overlay/laptop.db", False),  # not recognised: read by read calls
        ("/zz-stickers/laptop.db", True),  # not under /zz-stick: on the root file system
    ],
)
def test_only_a_built_in_disk_or_memory_is_fixed(
    linux: tuple[Path, Path], path: str, fixed: bool
) -> None:
    mountinfo, sysfs = linux
    assert on_fixed_local_disk(Path(path), mountinfo=mountinfo, sysfs=sysfs) is fixed


def test_a_removable_flag_on_a_disk_outside_usb_is_enough(linux: tuple[Path, Path]) -> None:
    mountinfo, sysfs = linux
    disk = Path(os.path.realpath(sysfs / "class/block/vda"))
    assert on_fixed_local_disk(Path("/srv/x.db"), mountinfo=mountinfo, sysfs=sysfs)
    (disk / "removable").write_text("1\n")
    assert not on_fixed_local_disk(Path("/srv/x.db"), mountinfo=mountinfo, sysfs=sysfs)
    (disk / "removable").unlink()  # unreadable: not judged fixed
    assert not on_fixed_local_disk(Path("/srv/x.db"), mountinfo=mountinfo, sysfs=sysfs)


def test_what_cannot_be_read_is_not_fixed(tmp_path: Path, linux: tuple[Path, Path]) -> None:
    mountinfo, sysfs = linux
    path = Path("/srv/x.db")
    assert not on_fixed_local_disk(path, mountinfo=tmp_path / "absent", sysfs=sysfs)
    assert not on_fixed_local_disk(path, mountinfo=mountinfo, sysfs=tmp_path / "no-sys")
    (tmp_path / "garbled").write_bytes(b"\xff\xfe not a mount table")
    assert not on_fixed_local_disk(path, mountinfo=tmp_path / "garbled", sysfs=sysfs)


def test_a_sys_entry_that_cannot_be_read_is_not_fixed(
    linux: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    mountinfo, sysfs = linux

    def unreadable(*_args: object) -> bool:
        raise PermissionError("/sys/devices/virtual/block/dm-0/slaves")

    assert on_fixed_local_disk(Path("/srv/x.db"), mountinfo=mountinfo, sysfs=sysfs)
    monkeypatch.setattr(fixed_disk, "_fixed", unreadable)
    assert not on_fixed_local_disk(Path("/srv/x.db"), mountinfo=mountinfo, sysfs=sysfs)


def test_a_system_neither_linux_nor_windows_maps_nothing(
    linux: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    mountinfo, sysfs = linux
    monkeypatch.setattr(sys, "platform", "darwin")
    assert not on_fixed_local_disk(Path("/srv/x.db"), mountinfo=mountinfo, sysfs=sysfs)


def test_the_mount_of_a_path_is_the_deepest_and_the_last_mounted() -> None:
    table = "\n".join(
        [
            "1 0 8:1 / / rw - ext4 /dev/sda1 rw",
            "2 1 8:2 / /var rw - ext4 /dev/sda2 rw",
            "3 1 8:17 / /var rw - vfat /dev/sdb1 rw",  # mounted over the first /var
            "4 1 0:5 / /var/lib/x rw shared:5 master:1 - tmpfs tmpfs rw",
            "broken line",
        ]
    )
    assert mount_of("/var/lib/app.db", table) == ("8:17", "vfat", "/dev/sdb1")
    assert mount_of("/var/lib/x/app.db", table) == ("0:5", "tmpfs", "tmpfs")
    assert mount_of("/variable/app.db", table) == ("8:1", "ext4", "/dev/sda1")
    assert mount_of("/var", table) == ("8:17", "vfat", "/dev/sdb1")
    assert mount_of("/x", "") is None


def test_mapped_layers_are_followed_only_so_deep(linux: tuple[Path, Path]) -> None:
    """A device mapper stack deeper than any real one (or a loop of links) is not fixed."""
    _mountinfo, sysfs = linux
    top = sysfs / "devices/virtual/block/dm-0"
    assert fixed_disk._fixed(top, sysfs, 2)
    assert not fixed_disk._fixed(top, sysfs, 1)
