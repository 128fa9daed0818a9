"""Thresholds of the store's answers to the file system's timestamp tick and its shared folders, in one place."""

from __future__ import annotations

# A file whose modification or change time is this close to the moment it is looked at may still change
# within the same timestamp tick without its times showing it (ext4 and tmpfs tick every few milliseconds,
# HFS+ and ext3 every second, FAT every 2 s).
RACY_WINDOW_NS = 3_000_000_000

# No reader of the toolkit takes a file larger than this (the largest limit, a catalog's, is 128 MiB): the run
# cache knows a larger file by its identity alone (toolkit/store/cache.py), since every run refuses it unread.
# Hashing its bytes cost translate 8 s of CPU, twice 2 GB read, for a sparse 2 GB catalog it then refused.
LARGEST_READ_BYTES = 128 * 1024 * 1024

# How often, and for how long at most, a seal (toolkit/store/identity.py) looks for the file system's clock
# to tick past the moment it was taken: ext4 and tmpfs tick within milliseconds, FAT's 2 s tick within the limit.
TICK_LOOK_SECONDS = 0.002
TICK_WAIT_SECONDS = 2.5

# A run's memory folder (toolkit/store/memory_folder.py) has no lock file only for the moment between making
# the folder and locking it (microseconds): one that has none and last changed longer ago than this was left by
# a run killed in that moment, or by a version of the toolkit before the lock files, and is removed.
UNLOCKED_MEMORY_FOLDER_SECONDS = 600
