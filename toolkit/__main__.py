"""`python -m toolkit` and the `toolkit` command. The signal handlers go in before anything else of the toolkit
is imported (toolkit/interrupts.py)."""

import resource
import sys


def entry() -> None:
    if resource.getrlimit(resource.RLIMIT_FSIZE)[0] != resource.RLIM_INFINITY:
        # Python writes a module's compiled file in one write and does not check that it was whole: under a limit
        # on file sizes (`ulimit -f`) below that file's size it is left cut short, and every later run fails to
        # import the module ("marshal data too short", click's "Aborted!"), whatever the limit by then. Decided
        # before the toolkit's first module (the signal handlers') is imported.
        sys.dont_write_bytecode = True
    from toolkit import interrupts

    interrupts.install()
    from toolkit.cli import main

    main()


if __name__ == "__main__":
    entry()
