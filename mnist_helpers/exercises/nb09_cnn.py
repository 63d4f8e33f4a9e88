"""Checkers for notebook 09 (CNN): a ConvNet's parameters and shapes, and fc1 without pooling."""

from __future__ import annotations

from typing import Any

from .common import Hint, WrongKind, as_int, as_int_tuple, as_number, checker


@checker
def check_convnet_parameters(channels: Any, hidden: Any, answer: Any) -> Hint | None:
    """09: the parameter count of ``ConvNet(channels, hidden)`` of ``mnist_helpers.models``.

    With ``C = channels`` and ``H = hidden``: ``conv1`` is ``Conv2d(1, C, 3)``, ``conv2``
    ``Conv2d(C, 2C, 3)``, ``fc1`` ``Linear(2C·7·7, H)`` (two poolings take 28 to 7) and
    ``fc2`` ``Linear(H, 10)``; pooling and dropout have no parameters.
    """
    c, h, got = as_int(channels), as_int(hidden), as_int(answer)
    if c < 1 or h < 1:
        raise WrongKind(
            Hint(
                f"channels ve hidden pozitif tam sayı olmalı, {c} ve {h} geldi",
                f"channels and hidden must be positive integers, got {c} and {h}",
            )
        )

    def total(kernel: int = 9, side: int = 7, flat_channels: int = 2 * c, bias: int = 1) -> int:
        conv = (1 * kernel + bias) * c + (c * kernel + bias) * 2 * c
        return conv + (flat_channels * side * side + bias) * h + (h + bias) * 10

    if got == total():
        return None
    if got == total(bias=0):
        return Hint(
            "yalnızca ağırlıkları saydınız: her filtrenin ve her tam bağlı birimin bir de "
            "sapması (bias) var",
            "you counted only the weights: every filter and every fully connected unit also "
            "has a bias",
        )
    if got == total(kernel=1):
        return Hint(
            "filtreler 3×3: bir filtre her girdi kanalı için 3·3 = 9 ağırlık taşır, tek bir "
            "ağırlık değil",
            "the filters are 3×3: a filter holds 3·3 = 9 weights for every input channel, not one",
        )
    if got in (total(side=28), total(side=14)):
        return Hint(
            "fc1'in girdisini havuzlamadan sonra sayın: iki MaxPool2d(2) 28'i 14'e, sonra 7'ye "
            "indirir, yani fc1 2C·7·7 sayı görür",
            "count fc1's input after the pooling: two MaxPool2d(2) take 28 to 14 and then to "
            "7, so fc1 sees 2C·7·7 numbers",
        )
    if got == total(flat_channels=c):
        return Hint(
            "conv2 kanal sayısını ikiye katlar (2C filtre); fc1'in girdisi C·7·7 değil 2C·7·7",
            "conv2 doubles the channels (2C filters); fc1's input is 2C·7·7, not C·7·7",
        )
    return Hint(
        "dört katmanı ayrı ayrı toplayın: conv1 (1·9 + 1)·C, conv2 (C·9 + 1)·2C, "
        "fc1 2C·7·7·H + H, fc2 H·10 + 10; count_parameters ile katman katman karşılaştırın",
        "add up the four layers one by one: conv1 (1·9 + 1)·C, conv2 (C·9 + 1)·2C, "
        "fc1 2C·7·7·H + H, fc2 H·10 + 10; compare layer by layer with count_parameters",
    )


@checker
def check_conv_pool_shape(
    input_shape: Any, out_channels: Any, kernel_size: Any, padding: Any, answer: Any
) -> Hint | None:
    """09: the shape after ``nn.Conv2d(in, out_channels, kernel_size, padding=padding)`` and
    then ``nn.MaxPool2d(2)``, for an input of ``input_shape`` (N, C, H, W)."""
    n, _, height, width = _nchw(as_int_tuple(input_shape))
    out, k, p = as_int(out_channels), as_int(kernel_size), as_int(padding)
    got = as_int_tuple(answer)
    conv = (height + 2 * p - k + 1, width + 2 * p - k + 1)
    if min(conv) < 1:
        raise WrongKind(
            Hint(
                f"{k}×{k} filtre {height}×{width} girdiye sığmıyor",
                f"a {k}×{k} kernel does not fit a {height}×{width} input",
            )
        )
    want = (n, out, conv[0] // 2, conv[1] // 2)
    if got == want:
        return None
    if got == want[1:]:
        return Hint(
            "batch eksenini unutmayın: biçim dört sayıdır (N, C, H, W)",
            "keep the batch axis: the shape has four numbers (N, C, H, W)",
        )
    if got == (n, out, *conv):
        return Hint(
            "bu evrişimin çıktısı; MaxPool2d(2) yüksekliği ve genişliği bir kez daha yarıya "
            "indirir",
            "that is the convolution's output; MaxPool2d(2) then halves the height and width",
        )
    if got[2:] == ((height + 2 * p) // 2, (width + 2 * p) // 2):
        return Hint(
            f"dolgu (padding) {p} iken {k}×{k} filtre kenarlarda taşamaz: çıktı yüksekliği "
            f"H + 2·{p} - {k} + 1 olur",
            f"with padding {p} a {k}×{k} kernel cannot hang over the edges: the output height "
            f"is H + 2·{p} - {k} + 1",
        )
    if len(got) == 4 and got[1] != out:
        return Hint(
            f"kanal sayısını evrişimin out_channels değeri belirler ({out}); havuzlama kanallara "
            "dokunmaz",
            f"the channels are set by the convolution's out_channels ({out}); pooling leaves "
            "them alone",
        )
    return Hint(
        f"önce evrişim: H + 2·{p} - {k} + 1, sonra havuzlama: yarıya indirip aşağı yuvarlayın; "
        "batch boyutu değişmez",
        f"first the convolution: H + 2·{p} - {k} + 1, then the pooling: halve and round "
        "down; the batch size does not change",
    )


def _nchw(shape: tuple[int, ...]) -> tuple[int, ...]:
    """``shape`` if it has four axes (N, C, H, W); else :class:`WrongKind`."""
    if len(shape) != 4:
        raise WrongKind(
            Hint(
                f"dört eksenli bir biçim (N, C, H, W) bekleniyor, {len(shape)} eksen geldi",
                f"expected a shape of four axes (N, C, H, W), got {len(shape)}",
            )
        )
    return shape


@checker
def check_unpooled_fc1(channels: Any, hidden: Any, inputs: Any, ratio: Any) -> Hint | None:
    """09, exercise 4: without both poolings, the input size of ``ConvNet(channels, hidden)``'s
    ``fc1`` (``2C·28·28``) and how many times as many parameters ``fc1`` has (within 0.1)."""
    c, h = as_int(channels), as_int(hidden)
    got_inputs, got_ratio = as_int(inputs), as_number(ratio)
    if c < 1 or h < 1:
        raise WrongKind(
            Hint(
                f"channels ve hidden pozitif tam sayı olmalı, {c} ve {h} geldi",
                f"channels and hidden must be positive integers, got {c} and {h}",
            )
        )
    pooled, unpooled = 2 * c * 7 * 7, 2 * c * 28 * 28
    if got_inputs == pooled:
        return Hint(
            f"{pooled}, havuzlamalı hâlin girdisi (2C·7·7); havuzlama olmadan 28×28 kalır",
            f"{pooled} is the input with the pooling (2C·7·7); without it the maps stay 28×28",
        )
    if got_inputs == 2 * c * 14 * 14:
        return Hint(
            "yalnızca bir havuzlamayı kaldırdınız (14×14); ikisi de kalkınca haritalar 28×28",
            "you removed only one pooling (14×14); without both the maps stay 28×28",
        )
    if got_inputs == c * 28 * 28:
        return Hint(
            f"conv2 {2 * c} filtre kullanır (2C), {c} değil: fc1'in girdisi 2C·28·28",
            f"conv2 has {2 * c} filters (2C), not {c}: fc1's input is 2C·28·28",
        )
    if got_inputs != unpooled:
        return Hint(
            "fc1'in girdisi = conv2'nin kanal sayısı × yükseklik × genişlik; havuzlama "
            "olmadan haritalar 28×28 kalır (padding=1)",
            "fc1's input = conv2's channels × height × width; without pooling the maps "
            "stay 28×28 (padding=1)",
        )
    want = (unpooled * h + h) / (pooled * h + h)
    if abs(got_ratio - want) <= 0.1:
        return None
    if abs(got_ratio - 1 / want) <= 0.01:
        return Hint(
            "oran ters: havuzlamasız parametreleri havuzlamalılara bölün",
            "the ratio is upside down: divide the parameters without pooling by those with it",
        )
    return Hint(
        f"fc1'in parametreleri girdi·H + H; {unpooled}·{h} + {h} değerini {pooled}·{h} + {h} "
        "değerine bölün",
        f"fc1's parameters are inputs·H + H; divide {unpooled}·{h} + {h} by {pooled}·{h} + {h}",
    )
