#!/usr/bin/env bash
# One idempotent set-up for both README commands (`make test`, `make demo`).
#
# Installs into the Python that $PYTHON names (default: `python`), in this order:
#   1. torch, only if none is importable (requirements/torch.txt: the CPU wheel; a CUDA user
#      installs their own torch first and this step leaves it alone);
#   2. the build requirements (requirements/build.txt);
#   3. mmcv 2.1.0 with compiled ops, built from the PyPI sdist without build isolation
#      (about 16 minutes on 2 cores the first time; pip caches the wheel, so later installs take
#      seconds); with CUDA available it builds the CUDA kernels too (FORCE_CUDA=1);
#   4. the runtime and test requirements;
#   5. this package, editable.
# Each step is skipped when what it installs is already there, so a second run takes seconds.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PYTHON=${PYTHON:-python}
PIP=("$PYTHON" -m pip install --disable-pip-version-check --no-input)
say() { echo "[setup] $*"; }
fail() { echo "[setup] FAILED: $*" >&2; exit 1; }
quiet() { "$PYTHON" -c "$1" >/dev/null 2>&1; }

command -v "$PYTHON" >/dev/null || fail "no '$PYTHON' on PATH; set PYTHON=/path/to/python3.11"
quiet 'import sys; assert sys.version_info >= (3, 9)' \
    || fail "$("$PYTHON" --version 2>&1) is too old; Python >= 3.9 is needed (3.11 is tested)"

# 1. torch
if quiet 'import torch'; then
    say "torch $("$PYTHON" -c 'import torch; print(torch.__version__)') already installed"
else
    say "installing torch (requirements/torch.txt)"
    "${PIP[@]}" -r requirements/torch.txt || fail "pip could not install torch; see the output above"
fi

# 2. build requirements
if quiet 'import setuptools as s, wheel, ninja; v = tuple(int(x) for x in s.__version__.split(".")[:2]); assert (77, 0) <= v < (82, 0)'; then
    say "build requirements already installed"
else
    say "installing build requirements (requirements/build.txt)"
    "${PIP[@]}" -r requirements/build.txt || fail "pip could not install requirements/build.txt"
fi

# 3. mmcv with compiled ops
MMCV_CHECK='import mmcv; assert mmcv.__version__ == "2.1.0", mmcv.__version__; from mmcv.ops import RoIAlign, nms'
if quiet "$MMCV_CHECK"; then
    say "mmcv 2.1.0 with ops already installed"
else
    if quiet 'import mmcv'; then
        say "removing the installed mmcv: it is not 2.1.0 or has no compiled ops"
        "$PYTHON" -m pip uninstall -y mmcv mmcv-lite mmcv-full >/dev/null 2>&1 || true
    fi
    if quiet 'import torch; assert torch.cuda.is_available()'; then export FORCE_CUDA=1; fi
    say "building mmcv 2.1.0 with ops (first time: ~16 min on 2 cores; cached afterwards)"
    MMCV_WITH_OPS=1 MAX_JOBS=${MAX_JOBS:-$(nproc)} "${PIP[@]}" --no-build-isolation \
        -r requirements/mminstall.txt || fail "building mmcv failed; see the compiler output above"
    if ! quiet "$MMCV_CHECK"; then
        # A wheel cached from a build without ops would be reused: build afresh once.
        say "the installed mmcv has no ops; rebuilding without pip's wheel cache"
        MMCV_WITH_OPS=1 MAX_JOBS=${MAX_JOBS:-$(nproc)} "${PIP[@]}" --no-build-isolation \
            --no-cache-dir --force-reinstall --no-deps -r requirements/mminstall.txt \
            || fail "rebuilding mmcv failed; see the compiler output above"
        "$PYTHON" -c "$MMCV_CHECK" || fail "mmcv 2.1.0 still has no usable mmcv.ops (see the error above)"
    fi
fi

# 4. runtime and test requirements; 5. this package, editable
if "$PYTHON" tools/check_requirements.py requirements/runtime.txt requirements/tests.txt; then
    say "runtime and test requirements already installed"
else
    say "installing runtime and test requirements"
    "${PIP[@]}" -r requirements/runtime.txt -r requirements/tests.txt \
        || fail "pip could not install requirements/runtime.txt or requirements/tests.txt"
fi
if [ "$(cd / && "$PYTHON" -c 'import os, vididi_mm; print(os.path.dirname(os.path.dirname(os.path.realpath(vididi_mm.__file__))))' 2>/dev/null)" = "$(realpath "$ROOT")" ]; then
    say "vididi_mm already installed from this checkout"
else
    say "installing vididi_mm from this checkout (editable)"
    "${PIP[@]}" --no-deps --no-build-isolation -e . || fail "pip could not install this checkout"
fi
(cd / && "$PYTHON" -c 'import vididi_mm, mmaction.models, mmdet.models, mmcv.ops') \
    || fail "the stack is installed but does not import (see the error above)"
say "ready"
