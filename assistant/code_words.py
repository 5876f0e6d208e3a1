"""Framework code in the course's words.

Students who train models name things by what they type: `nn.ConvTranspose2d`, `BatchNorm2d`,
`tf.keras.layers.Dense`, `loss.backward()`, `kaiming_normal_`. The course names them in words
(transposed convolution, batch normalization, dense layer, backpropagation, He initialization),
and chat shorthand would read the `nn` of `nn.GRU` as "neural network".
"""

from __future__ import annotations

import re
from collections.abc import Collection

_MODULE = (r"(?:torch\.)?(?:nn\.(?:functional\.|init\.)?|optim\.)|F\."
           r"|(?:tf\.)?(?:keras\.)?(?:layers|optimizers|losses|activations|initializers)\.|tf\.(?:keras\.|nn\.)?")
# "nn.GRU", "tf.keras.layers.Dense(64)", "Conv2d(3, 16, 3)", "BatchNorm", "Dense(64)", "model.eval()",
# "kaiming_normal_".
_CODE = re.compile(
    rf"(?<![\w.])(?:(?:{_MODULE})(?P<name>[A-Za-z_]\w*)"
    # Keras puts the dimensions inside a name: "Conv2DTranspose", "SeparableConv2D", "MaxPooling2D"
    r"|(?P<layer>(?:[A-Z][a-z]+)+[123][dD](?:[A-Z][a-z]+)*|(?:[A-Z][a-z]+)*(?:Norm|Pool|Unpool)(?!\w)"
    r"|(?:[A-Z][a-z]+)+Normalization\b|(?:[A-Z][a-z]+)+(?=\())"
    r"|(?:model|net|loss|optimizer|optim|opt|scheduler)\.(?P<call>[a-z_]+)(?=\()"
    r"|(?P<init>(?:kaiming|xavier|he)_(?:normal|uniform)_?))"
    r"(?:\([^()]{0,40}\))?")
_PIECE = re.compile(r"PReLU|ReLU|SiLU|GELU|SELU|[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_DIMENSIONS = re.compile(r"[123][dD](?=[A-Z]|_?$)_?")
# What a call on a model, a loss or an optimizer does, in words.
_CALLS = {"backward": "backpropagation", "zero_grad": "zeroing the gradients", "step": "the optimizer step",
          "eval": "evaluation mode", "train": "training mode"}
# Phrases first ("conv transpose"), then the pieces of a name ("conv", "norm", "avg").
_PHRASES = (("conv transpose", "transposed convolution"), ("up sampling", "upsampling"),
            ("batch norm", "batch normalization"), ("layer norm", "layer normalization"),
            ("kaiming", "he initialization"), ("xavier", "xavier initialization"),
            ("linear", "fully connected layer"), ("dense", "dense layer"))
_PIECES = {"conv": "convolution", "norm": "normalization", "pool": "pooling", "unpool": "unpooling",
           "avg": "average", "grad": "gradient", "he": "he initialization"}
_INIT_WORDS = {"normal", "uniform"}  # "kaiming_normal_": the distribution, not part of the name


def code_in_words(text: str, keep: Collection[str] = ()) -> str:
    """ "what does nn.ConvTranspose2d do" -> "what does transposed convolution do"; a name the
    course writes itself (`keep`, its vocabulary: "MaxPool op") stays as written."""
    return _CODE.sub(lambda found: found.group(0) if found.group(0).lower() in keep else _spelt(found), text)


def _spelt(found: re.Match[str]) -> str:
    if call := found.group("call"):
        return _CALLS.get(call, found.group(0))
    if found.group(0).startswith("tf.") and found.group("name")[:1].islower():
        return f"tensorflow {found.group('name')}"  # "tf.reshape": TensorFlow's own function
    name = _DIMENSIONS.sub("", found.group("name") or found.group("layer") or found.group("init") or "")
    pieces = [piece.lower() for piece in _PIECE.findall(name.replace("_", " "))]
    if found.group("init"):
        pieces = [piece for piece in pieces if piece not in _INIT_WORDS]
    words = " ".join(pieces)
    for phrase, spelt in _PHRASES:
        if (phrased := re.sub(rf"\b{phrase}\b", spelt, words)) != words:
            return phrased
    return " ".join(_PIECES.get(piece, piece) for piece in pieces) or found.group(0)
