"""Checkers for notebook 01 (the MNIST dataset): normalisation, class counts, pixel statistics."""

from __future__ import annotations

from typing import Any

from .common import Hint, WrongKind, as_int, as_number, checker


@checker
def check_pixel_to_zero(mean: Any, std: Any, answer: Any) -> Hint | None:
    """01, exercise 1: the raw pixel value (0–255, before ``ToTensor()``) that
    ``Normalize((mean,), (std,))`` turns into exactly 0 (within 0.01)."""
    m, s, got = as_number(mean), as_number(std), as_number(answer)
    if not 0 < m < 1 or s <= 0:
        raise WrongKind(
            Hint(
                f"mean 0 ile 1 arasında, std pozitif olmalı; {m} ve {s} geldi",
                f"mean must lie between 0 and 1 and std must be positive; got {m} and {s}",
            )
        )
    want = 255 * m
    if abs(got - want) <= 0.01:
        return None
    if abs(got - m) <= 1e-3:
        return Hint(
            f"{got}, ToTensor()'dan sonraki 0–1 ölçeğinde; ham pikseller 0–255 arasındadır, "
            "255 ile çarpın",
            f"{got} is on the 0–1 scale after ToTensor(); the raw pixels run from 0 to 255, "
            "so multiply by 255",
        )
    if got == round(want):
        return Hint(
            f"{got:.0f} en yakın tam sayılı piksel, ama tam olarak 0 olmaz: "
            f"({got:.0f} / 255 - {m}) / {s} sıfır değil. Kesin değeri iki ondalık basamakla yazın",
            f"{got:.0f} is the nearest whole pixel, but it does not become exactly 0: "
            f"({got:.0f} / 255 - {m}) / {s} is not zero. Give the exact value to two decimals",
        )
    if abs(got - 255 * (m + s)) <= 0.01 or abs(got - 255 * s) <= 0.01:
        return Hint(
            "std'ye bölmek 0'ı yerinden oynatmaz; sonuç yalnızca x / 255 ortalamaya eşitken 0 olur",
            "dividing by std does not move 0; the result is 0 only when x / 255 equals the mean",
        )
    return Hint(
        "(x / 255 - mean) / std = 0 denklemini x için çözün: ToTensor() 255'e böler, "
        "Normalize önce ortalamayı çıkarır",
        "solve (x / 255 - mean) / std = 0 for x: ToTensor() divides by 255, and Normalize "
        "subtracts the mean first",
    )


@checker
def check_most_common_test_digit(labels: Any, digit: Any, count: Any) -> Hint | None:
    """01, exercise 2: the most frequent digit among ``labels`` (e.g. the first 100 test
    labels) and how often it occurs there; any digit tied for the most is right."""
    import torch

    targets = torch.as_tensor(labels)
    if targets.ndim != 1 or targets.numel() == 0 or targets.is_floating_point():
        raise WrongKind(
            Hint(
                "labels tam sayılardan oluşan tek eksenli bir tensor olmalı, "
                "ör. testset.targets[:100]",
                "labels must be a one-axis tensor of whole numbers, e.g. testset.targets[:100]",
            )
        )
    counts = targets.long().bincount(minlength=10)
    got_digit, got_count = as_int(digit), as_int(count)
    n = targets.numel()
    if got_count > n:
        return Hint(
            f"yalnızca {n} etiket var, sayı {got_count} olamaz: bütün test kümesini mi saydınız? "
            f"Önce ilk {n} etiketi dilimleyin, sonra sayın",
            f"there are only {n} labels, so {got_count} cannot be a count: did you count the "
            f"whole test set? Slice the first {n} labels first, then count",
        )
    if not 0 <= got_digit < len(counts) or int(counts[got_digit]) != int(counts.max()):
        return Hint(
            f"{got_digit} bu etiketlerde en sık geçen rakam değil; her rakamı "
            "bincount(minlength=10) ile sayıp argmax() alın. Küçük bir örneklem bütün kümeden "
            "farklı olabilir",
            f"{got_digit} is not the most frequent digit among these labels; count every digit "
            "with bincount(minlength=10) and take argmax(). A small sample can differ from the "
            "whole set",
        )
    if got_count != int(counts[got_digit]):
        return Hint(
            f"rakam doğru, ama bu etiketlerde {got_count} kez geçmiyor; "
            "bincount() her rakamı sayar",
            f"the digit is right, but it does not occur {got_count} times among these labels; "
            "bincount() counts every digit",
        )
    return None


@checker
def check_test_statistics(images: Any, mean: Any, std: Any) -> Hint | None:
    """01, exercise 3: the pixel mean and standard deviation of ``images`` (raw 0–255 pixels,
    e.g. ``testset.data``) on the 0–1 scale of ``ToTensor()``, over all pixels at once,
    within 0.0005."""
    import torch

    pixels = torch.as_tensor(images)
    if pixels.ndim < 2 or pixels.numel() == 0:
        raise WrongKind(
            Hint(
                "images ham piksellerden oluşan bir tensor olmalı, ör. testset.data",
                "images must be a tensor of raw pixels, e.g. testset.data",
            )
        )
    got_mean, got_std = as_number(mean), as_number(std)
    scaled = pixels.double() / 255
    want_mean, want_std = scaled.mean().item(), scaled.std().item()

    def near(got: float, want: float) -> bool:
        return abs(got - want) <= 5e-4

    if near(got_mean, want_mean) and near(got_std, want_std):
        return None
    if near(got_mean, 0.1307) and near(got_std, 0.3081):
        return Hint(
            "bunlar eğitim kümesinin değerleri; soru test kümesinin kendi değerlerini soruyor",
            "those are the training set's values; the question asks for the test set's own",
        )
    if near(got_mean / 255, want_mean):
        return Hint(
            "değerler 0–255 ölçeğinde; ToTensor() gibi önce 255'e bölün",
            "the values are on the 0–255 scale; divide by 255 first, as ToTensor() does",
        )
    per_image = scaled.flatten(1).std(dim=1).mean().item()
    if near(got_mean, want_mean) and near(got_std, per_image):
        return Hint(
            "standart sapma bütün pikseller üzerinden tek seferde alınır, görüntü başına "
            "sapmaların ortalaması olarak değil",
            "the standard deviation is taken over all pixels at once, not as the mean of "
            "each image's own",
        )
    return Hint(
        "pikselleri double'a çevirip 255'e bölün, sonra hepsinin mean() ve std() değerini alın",
        "turn the pixels into double and divide by 255, then take mean() and std() of them all",
    )
