"""Exit 0 when every requirement in the given files is installed, else 1.

Used by ``tools/setup_env.sh`` to skip pip when nothing is missing, which keeps
a second set-up run fast. Reads the simple ``name[op version]`` lines of
``requirements/*.txt``; ``-r`` includes are followed, relative to the including file as pip does.
"""
import os.path as osp
import sys
from importlib import metadata


def requirement_lines(path):
    with open(path) as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if line.startswith('-r '):
                yield from requirement_lines(
                    osp.join(osp.dirname(path), line[3:].strip()))
            elif line:
                yield line


def missing(paths):
    # Imported here: setup.py reads requirement_lines in pip's isolated build
    # environment, where pip itself is not importable.
    from pip._vendor.packaging.requirements import Requirement

    for path in paths:
        for line in requirement_lines(path):
            req = Requirement(line)
            try:
                version = metadata.version(req.name)
            except metadata.PackageNotFoundError:
                yield f'{req} (not installed)'
                continue
            if not req.specifier.contains(version, prereleases=True):
                yield f'{req} (found {version})'


if __name__ == '__main__':
    absent = list(missing(sys.argv[1:]))
    for item in absent:
        print(f'[setup] missing: {item}')
    sys.exit(1 if absent else 0)
