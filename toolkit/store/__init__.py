"""The edges that touch the disk: atomic writes, the project lock, reading source bytes."""
