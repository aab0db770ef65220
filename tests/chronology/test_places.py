from chronology.places import risky_location, warning

MOUNTS = "/dev/sda1 / ext4 rw 0 0\nserver:/cases /mnt/cases nfs4 rw 0 0\n//nas/share /media/nas cifs rw 0 0\n"


def test_network_shares_and_cloud_folders_are_recognised(tmp_path):
    assert risky_location(r"\\server\social care\chronology.db", MOUNTS) == "a network share"
    assert risky_location("/mnt/cases/chronology.db", MOUNTS) == "a network drive (nfs4 at /mnt/cases)"
    assert risky_location("/media/nas/x.db", MOUNTS) == "a network drive (cifs at /media/nas)"
    cloud = tmp_path / "OneDrive - Council" / "chronology.db"
    assert risky_location(cloud, MOUNTS) == "a cloud-sync folder (OneDrive - Council)"
    assert risky_location(tmp_path / "Dropbox" / "c.db", MOUNTS).startswith("a cloud-sync folder")


def test_the_local_disk_is_fine(tmp_path):
    assert risky_location(tmp_path / "chronology.db", MOUNTS) is None
    assert warning(tmp_path / "chronology.db") is None  # the test machine's temporary folder is local


def test_the_warning_names_the_place_and_the_remedy(tmp_path):
    message = warning(tmp_path / "OneDrive" / "chronology.db")
    assert "cloud-sync folder (OneDrive)" in message and "own disk" in message
