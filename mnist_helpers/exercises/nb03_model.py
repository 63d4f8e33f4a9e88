"""Checkers for notebook 03 (the model): counting an MLP's parameters, nn.Sequential."""

from __future__ import annotations

from typing import Any

from .common import Hint, WrongKind, as_int, as_int_tuple, as_module, checker


@checker
def check_parameter_count(sizes: Any, answer: Any) -> Hint | None:
    """03: the parameter count of an MLP with these layer sizes.

    ``sizes`` lists the widths from input to output, e.g. ``[784, 512, 256, 10]`` for the
    blog's ``Net``; each neighbouring pair ``(a, b)`` is one ``nn.Linear(a, b)`` with
    ``a * b`` weights and ``b`` biases.
    """
    widths = as_int_tuple(sizes)
    got = as_int(answer)
    if len(widths) < 2 or min(widths) < 1:
        raise WrongKind(
            Hint(
                f"sizes en az iki pozitif tam sayı içermeli, {list(widths)} geldi",
                f"sizes must list at least two positive integers, got {list(widths)}",
            )
        )
    pairs = list(zip(widths[:-1], widths[1:], strict=True))
    if got == sum(a * b + b for a, b in pairs):
        return None
    if got == sum(a * b for a, b in pairs):
        return Hint(
            "yalnızca ağırlıkları saydınız: her nn.Linear(a, b)'nin b tane de sapması (bias) var",
            "you counted only the weights: each nn.Linear(a, b) also has b biases",
        )
    if got == sum(a * b + a for a, b in pairs):
        return Hint(
            "sapmalar çıktılara aittir: nn.Linear(a, b)'nin a değil b sapması vardır",
            "the biases belong to the outputs: nn.Linear(a, b) has b biases, not a",
        )
    return Hint(
        "her komşu (a, b) çifti için a * b ağırlık ve b sapma ekleyin, sonra katmanlar "
        "üzerinden toplayın (len(sizes) - 1 katman var)",
        "for every neighbouring pair (a, b) add a * b weights and b biases, then sum over "
        "the layers (there are len(sizes) - 1 of them)",
    )


@checker
def check_sequential_net(model: Any) -> Hint | None:
    """03, exercise 3: the blog's ``Net`` written as ``nn.Sequential``: ``nn.Flatten()``,
    then ``Linear(784, 512)``, ReLU, ``Linear(512, 256)``, ReLU, ``Linear(256, 10)``."""
    from torch import nn

    layers = as_module(model)
    if not isinstance(layers, nn.Sequential):
        return Hint(
            f"{type(layers).__name__} geldi; katmanları sırayla nn.Sequential(...) içine yazın",
            f"got {type(layers).__name__}; write the layers in order inside nn.Sequential(...)",
        )
    kinds = [type(layer).__name__ for layer in layers]
    if not kinds or kinds[0] != "Flatten":
        return Hint(
            "ilk katman nn.Flatten() olmalı: [N, 1, 28, 28] girdisini [N, 784] yapar",
            "the first layer must be nn.Flatten(): it turns [N, 1, 28, 28] into [N, 784]",
        )
    widths = [
        (layer.in_features, layer.out_features) for layer in layers if type(layer) is nn.Linear
    ]
    if widths != [(784, 512), (512, 256), (256, 10)]:
        return Hint(
            f"doğrusal katmanlar {widths}; blogun Net'i (784, 512), (512, 256), (256, 10)",
            f"the linear layers are {widths}; the blog's Net has (784, 512), (512, 256), (256, 10)",
        )
    if kinds[1:] != ["Linear", "ReLU", "Linear", "ReLU", "Linear"]:
        return Hint(
            f"katmanlar {kinds}; iki gizli katmanın ardından birer ReLU gelir, çıktıdan sonra "
            "gelmez (logit'ler ham kalır)",
            f"the layers are {kinds}; a ReLU follows each of the two hidden layers, none the "
            "output (the logits stay raw)",
        )
    return None
