"""`python -m placement` is the `placement` command."""

from placement.cli import main

# Guarded: a worker process (anyio's, multiprocessing's) may import this module again, and must not run the command.
if __name__ == "__main__":
    main()
