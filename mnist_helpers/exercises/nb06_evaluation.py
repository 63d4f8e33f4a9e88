"""Checkers for notebook 06 (evaluation): reading a confusion matrix, writing predict."""

from __future__ import annotations

from typing import Any

from .common import Hint, WrongKind, as_int, as_int_tuple, as_number, checker, run_answer


def _confusion(confusion: Any) -> Any:
    import torch

    matrix = torch.as_tensor(confusion)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] < 2:
        raise WrongKind(
            Hint(
                f"kare bir karışıklık matrisi bekleniyor, biçimi {tuple(matrix.shape)}",
                f"expected a square confusion matrix, got shape {tuple(matrix.shape)}",
            )
        )
    return matrix.long()


@checker
def check_most_confused_pair(confusion: Any, answer: Any) -> Hint | None:
    """06: the (true, predicted) cell off the diagonal of ``confusion`` with the most images
    (rows are true classes, columns predictions; any cell tied for the most is right)."""
    matrix = _confusion(confusion)
    pair = as_int_tuple(answer)
    if len(pair) != 2:
        raise WrongKind(
            Hint(
                f"(gerçek, tahmin) biçiminde iki sayı bekleniyor, {len(pair)} geldi",
                f"expected two numbers, (true, predicted), got {len(pair)}",
            )
        )
    n = matrix.shape[0]
    true, predicted = pair
    if not (0 <= true < n and 0 <= predicted < n):
        return Hint(
            f"sınıflar 0 ile {n - 1} arasında; {pair} matriste bir hücre değil",
            f"the classes run from 0 to {n - 1}; {pair} is not a cell of the matrix",
        )
    mistakes = matrix.clone()
    mistakes.fill_diagonal_(0)
    most = int(mistakes.max())
    if true != predicted and int(mistakes[true, predicted]) == most:
        return None
    if true == predicted:
        return Hint(
            "köşegen doğru tahminlerdir; önce onu sıfırlayın (fill_diagonal_(0)), sonra en "
            "büyük hücreyi arayın",
            "the diagonal holds the correct predictions; zero it first (fill_diagonal_(0)), "
            "then look for the largest cell",
        )
    if int(mistakes[predicted, true]) == most:
        return Hint(
            "sıra ters: satır gerçek rakam, sütun tahmin; cevap (satır, sütun) olmalı",
            "the order is reversed: rows are the true digit, columns the prediction; answer "
            "(row, column)",
        )
    both = mistakes + mistakes.T
    if int(both[true, predicted]) == int(both.max()):
        return Hint(
            "iki yönü toplamışsınız; burada tek yön soruluyor: en büyük tek hücre (gerçek, tahmin)",
            "you added both directions; the question asks for one direction: the single "
            "largest cell (true, predicted)",
        )
    return Hint(
        f"confusion[{true}, {predicted}] = {int(mistakes[true, predicted])}, ama köşegen "
        f"dışında {most} görüntülük bir hücre var; argmax'ı köşegeni sıfırladıktan sonra alın",
        f"confusion[{true}, {predicted}] = {int(mistakes[true, predicted])}, but a cell off "
        f"the diagonal holds {most}; take the argmax after zeroing the diagonal",
    )


@checker
def check_precision(confusion: Any, digit: Any, answer: Any) -> Hint | None:
    """06: the precision of class ``digit`` read off ``confusion``, as a fraction 0..1:
    of the images predicted as ``digit`` (its column), the share that really are."""
    matrix = _confusion(confusion).double()
    d = as_int(digit)
    if not 0 <= d < matrix.shape[0]:
        raise WrongKind(
            Hint(
                f"sınıf 0 ile {matrix.shape[0] - 1} arasında olmalı, {d} geldi",
                f"the class must be between 0 and {matrix.shape[0] - 1}, got {d}",
            )
        )
    got = as_number(answer)
    precision = float(matrix[d, d] / matrix[:, d].sum().clamp(min=1))
    recall = float(matrix[d, d] / matrix[d, :].sum().clamp(min=1))
    if abs(got - precision) <= 5e-4:
        return None
    if abs(got - 100 * precision) <= 0.05:
        return Hint(
            "değer doğru ama yüzde olarak; 0 ile 1 arasında bir oran yazın",
            "the value is right but in per cent; write it as a fraction between 0 and 1",
        )
    if abs(got - recall) <= 5e-4:
        return Hint(
            "satır toplamına bölmüşsünüz: bu rakam başına doğruluk (recall). Kesinlik "
            "(precision) sütuna bakar: modelin bu rakam dediği görüntülerin kaçı gerçekten o?",
            "you divided by the row sum: that is the accuracy per digit (recall). Precision "
            "looks at the column: of the images the model called this digit, how many are?",
        )
    return Hint(
        f"köşegendeki confusion[{d}, {d}]'yi {d} numaralı sütunun toplamına bölün",
        f"divide the diagonal cell confusion[{d}, {d}] by the sum of column {d}",
    )


def _toy_classifier() -> tuple[Any, Any]:
    """A small classifier with dropout, left in training mode, and a batch of images."""
    import torch
    from torch import nn

    generator = torch.Generator().manual_seed(0)
    with torch.random.fork_rng(devices=[]):  # leave the notebook's random state alone
        model = nn.Sequential(nn.Flatten(), nn.Linear(12, 4), nn.Dropout(0.5))
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn(p.shape, generator=generator))
    return model.train(), torch.randn(32, 1, 3, 4, generator=generator)


def _pair(result: Any) -> tuple[Any, Any]:
    import torch

    if not (isinstance(result, tuple | list) and len(result) == 2) or not all(
        isinstance(part, torch.Tensor) for part in result
    ):
        raise WrongKind(
            Hint(
                "predict iki tensor döndürmeli: (tahminler, olasılıklar)",
                "predict must return two tensors: (predictions, probabilities)",
            )
        )
    return result[0], result[1]


@checker
def check_predict(predict: Any) -> Hint | None:
    """06: the learner's ``predict(model, images)`` returns each image's predicted class and
    the softmax probability of that class, in evaluation mode and without gradients. It runs
    on a small classifier with dropout that starts in training mode."""
    import torch

    model, images = _toy_classifier()
    predictions, probabilities = _pair(run_answer(predict, "predict", model, images))
    if model.training:
        return Hint(
            "model hâlâ eğitim kipinde: önce model.eval() çağırın, yoksa dropout her "
            "çağrıda başka birimleri kapatır",
            "the model is still in training mode: call model.eval() first, or dropout "
            "switches off other units on every call",
        )
    if predictions.requires_grad or probabilities.requires_grad:
        return Hint(
            "sonuç hesap grafiğine bağlı: ileri geçişi with torch.no_grad(): içinde yapın",
            "the result is attached to the computational graph: run the forward pass inside "
            "with torch.no_grad():",
        )
    with torch.no_grad():
        logits = model(images)
    confidences, classes = torch.softmax(logits, dim=1).max(dim=1)
    if predictions.is_floating_point() and torch.equal(probabilities.long(), classes):
        return Hint(
            "sıra ters: önce tahminler (sınıflar), sonra olasılıklar",
            "the order is reversed: first the predictions (classes), then the probabilities",
        )
    if predictions.shape != classes.shape or not torch.equal(predictions.long(), classes):
        return Hint(
            "tahmin, her görüntünün en büyük skorlu sınıfıdır: argmax(dim=1), sınıfların ekseni",
            "the prediction is each image's class with the largest score: argmax(dim=1), "
            "the axis of the classes",
        )
    if probabilities.shape == logits.shape:
        return Hint(
            "bütün olasılık matrisi geldi; her görüntü için yalnızca tahmin edilen sınıfın "
            "olasılığını alın: max(dim=1)",
            "you returned the whole matrix of probabilities; take only the predicted class's "
            "probability for each image: max(dim=1)",
        )
    if probabilities.shape == confidences.shape:
        if torch.allclose(probabilities, confidences, atol=1e-6):
            return None
        if torch.allclose(probabilities, logits.max(dim=1).values, atol=1e-6):
            return Hint(
                "bunlar ham skorlar (logit): olasılık için önce softmax(dim=1) uygulayın",
                "these are raw scores (logits): apply softmax(dim=1) first to get probabilities",
            )
    return Hint(
        "olasılıklar = torch.softmax(model(images), dim=1); tahmin edilen sınıfın olasılığı "
        "o satırın en büyüğüdür",
        "probabilities = torch.softmax(model(images), dim=1); the predicted class's "
        "probability is the largest of its row",
    )
