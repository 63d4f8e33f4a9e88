"""Checkers for notebook 10 (your own digit): the preprocessing steps."""

from __future__ import annotations

from typing import Any

from .common import Hint, WrongKind, as_int_tuple, checker

#: The stages of ``mnist_helpers.images.preprocess_steps`` that change the image.
PREPROCESSING_STEPS = ("inverted", "cleaned", "cropped", "fitted", "centred")

#: For each defect of an image: the step that fixes it, and what to look at again (tr, en).
PREPROCESSING_DEFECTS: dict[str, tuple[str, str, str]] = {
    "inverted colours": (
        "inverted",
        "MNIST siyah zeminde beyaz mürekkeptir; açık ile koyuyu hangi adım yer değiştirir?",
        "MNIST is white ink on black; which step swaps light and dark?",
    ),
    "grey background": (
        "cleaned",
        "gri zemini ve soluk gürültüyü kenarlardan ölçüp çıkaran, kontrastı geren adımı arayın",
        "look for the step that measures the background on the border, subtracts it and "
        "stretches the contrast",
    ),
    "wrong size": (
        "fitted",
        "MNIST rakamları 20×20'lik bir kutuya sığar; rakamı ölçekleyen adım hangisi? "
        "cropped yalnızca boş kenarı keser, ölçeği değiştirmez",
        "MNIST digits fit a 20×20 box; which step scales the digit? cropped only cuts the "
        "empty border away and does not change the scale",
    ),
    "off-centre": (
        "centred",
        "rakamı 28×28'lik çerçevede ağırlık merkezi ortaya gelecek biçimde yerleştiren adım "
        "hangisi? cropped rakamı keser ama çerçeveye koymaz",
        "which step places the digit in the 28×28 frame with its centre of mass in the "
        "middle? cropped cuts the digit out but does not place it",
    ),
}


@checker
def check_preprocessing_step(defect: Any, answer: Any) -> Hint | None:
    """10: the step of ``preprocess_steps`` that fixes ``defect`` (a key of
    ``PREPROCESSING_DEFECTS``); ``answer`` is one of ``PREPROCESSING_STEPS``."""
    if not isinstance(defect, str) or defect not in PREPROCESSING_DEFECTS:
        raise WrongKind(
            Hint(
                f"defect şunlardan biri olmalı: {', '.join(map(repr, PREPROCESSING_DEFECTS))}",
                f"defect must be one of {', '.join(map(repr, PREPROCESSING_DEFECTS))}",
            )
        )
    if not isinstance(answer, str):
        names = ", ".join(map(repr, PREPROCESSING_STEPS))
        raise WrongKind(
            Hint(
                f"bir adımın adı metin olarak bekleniyor ({names}), {type(answer).__name__} geldi",
                f"expected a step's name as a string ({names}), got {type(answer).__name__}",
            )
        )
    step = answer.strip().strip("'\"").lower()
    if step not in PREPROCESSING_STEPS:
        raise WrongKind(
            Hint(
                f"{answer!r} bir adım adı değil; şunlardan birini yazın: "
                + ", ".join(map(repr, PREPROCESSING_STEPS)),
                f"{answer!r} is not a step name; write one of "
                + ", ".join(map(repr, PREPROCESSING_STEPS)),
            )
        )
    right, tr, en = PREPROCESSING_DEFECTS[defect]
    return None if step == right else Hint(tr, en)


@checker
def check_fitted_shape(cropped_shape: Any, answer: Any) -> Hint | None:
    """10: the shape (height, width) of the ``fitted`` step for a ``cropped`` digit of
    ``cropped_shape``: the longer side becomes 20 pixels, the aspect ratio is kept."""
    height, width = _pair(as_int_tuple(cropped_shape))
    got = _pair(as_int_tuple(answer))
    scale = 20.0 / max(height, width)
    want = (max(1, round(height * scale)), max(1, round(width * scale)))
    if got == want:
        return None
    if got == (20, 20):
        return Hint(
            "oran korunur: yalnızca uzun kenar 20 olur, kısa kenar aynı oranla küçülür",
            "the aspect ratio is kept: only the longer side becomes 20, the shorter one "
            "shrinks by the same factor",
        )
    if 28 in got:
        return Hint(
            "rakam 20×20'lik bir kutuya sığdırılır; 28×28'lik çerçeve bir sonraki adımın "
            "(centred) işi ve çevrede boşluk bırakır",
            "the digit is fitted into a 20×20 box; the 28×28 frame is the next step's "
            "(centred) job and leaves a margin around it",
        )
    if got == want[::-1]:
        return Hint(
            "numpy biçimi (yükseklik, genişlik) sırasındadır; uzun olan kenar hangisiydi?",
            "a numpy shape is (height, width); which side was the longer one?",
        )
    return Hint(
        "iki kenarı da 20 / uzun kenar ile çarpıp en yakın tam sayıya yuvarlayın",
        "multiply both sides by 20 / the longer side and round to the nearest whole number",
    )


def _pair(shape: tuple[int, ...]) -> tuple[int, int]:
    """``shape`` if it is (height, width) with positive sides; else :class:`WrongKind`."""
    if len(shape) != 2 or min(shape) < 1:
        raise WrongKind(
            Hint(
                f"iki pozitif sayılık bir biçim (yükseklik, genişlik) bekleniyor, {shape} geldi",
                f"expected a shape of two positive numbers (height, width), got {shape}",
            )
        )
    return shape[0], shape[1]
