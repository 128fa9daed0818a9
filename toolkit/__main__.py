"""`python -m toolkit` and the `toolkit` command. The signal handlers go in before anything else is imported
(toolkit/interrupts.py)."""

from toolkit import interrupts


def entry() -> None:
    interrupts.install()
    from toolkit.cli import main

    main()


if __name__ == "__main__":
    entry()
