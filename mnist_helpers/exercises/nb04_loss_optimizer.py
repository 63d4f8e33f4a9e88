"""Checkers for notebook 04 (loss and optimizer): cross-entropy, SGD steps and zero_grad."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .common import (
    Hint,
    WrongKind,
    as_int,
    as_module,
    as_number,
    as_numbers,
    checker,
    run_answer,
)


@checker
def check_uniform_loss(num_classes: Any, answer: Any) -> Hint | None:
    """04: the cross-entropy of a model that gives every class the same probability.

    Such a model gives the correct class ``1 / num_classes``, so its loss is
    ``-ln(1 / num_classes) = ln(num_classes)``; ``answer`` may be off by 0.01.
    """
    classes, got = as_int(num_classes), as_number(answer)
    if classes < 2:
        raise WrongKind(
            Hint(
                f"sınıf sayısı en az 2 olmalı, {classes} geldi",
                f"num_classes must be at least 2, got {classes}",
            )
        )
    expected = math.log(classes)
    if abs(got - expected) <= 0.01:
        return None
    if abs(got - math.log10(classes)) <= 0.01:
        return Hint(
            "çapraz entropi doğal logaritmayı kullanır (ln, math.log), log10'u değil",
            "cross-entropy uses the natural logarithm (ln, math.log), not log10",
        )
    if abs(got - 1 / classes) <= 0.01:
        return Hint(
            "bu doğru sınıfın olasılığı; kayıp onun logaritmasının eksisidir",
            "that is the probability of the correct class; the loss is minus its logarithm",
        )
    if abs(got + expected) <= 0.01:
        return Hint(
            "işarete dikkat: kayıp log-olasılığın EKSİSİdir, yani pozitiftir",
            "mind the sign: the loss is MINUS the log-probability, so it is positive",
        )
    return Hint(
        "her sınıf 1 / num_classes olasılık alır; kayıp bunun -ln'idir",
        "each class gets probability 1 / num_classes; the loss is -ln of that",
    )


@checker
def check_sgd_step(weight: Any, grad: Any, lr: Any, answer: Any) -> Hint | None:
    """04: a weight's value after one plain SGD step, ``weight - lr * grad``."""
    w, g, rate, got = as_number(weight), as_number(grad), as_number(lr), as_number(answer)
    if rate <= 0:
        raise WrongKind(
            Hint(
                f"öğrenme oranı pozitif olmalı, {rate} geldi",
                f"the learning rate must be positive, got {rate}",
            )
        )
    expected = w - rate * g

    def near(value: float) -> bool:
        return math.isclose(got, value, rel_tol=1e-6, abs_tol=1e-9)

    if near(expected):
        return None
    if near(w + rate * g):
        return Hint(
            "adım gradyanın TERSİ yönündedir: lr * grad eklenmez, çıkarılır",
            "the step goes AGAINST the gradient: subtract lr * grad, do not add it",
        )
    if near(-rate * g):
        return Hint(
            "bu yalnızca değişim (-lr * grad); soru ağırlığın yeni değerini soruyor",
            "that is only the change (-lr * grad); the question asks for the new weight",
        )
    if near(w - g):
        return Hint(
            "gradyanı öğrenme oranıyla çarpmayı unuttunuz: adım lr * grad kadardır",
            "you forgot to multiply the gradient by the learning rate: the step is lr * grad",
        )
    return Hint(
        "SGD'nin kuralı: yeni ağırlık = ağırlık - lr * gradyan",
        "SGD's rule: new weight = weight - lr * gradient",
    )


def _snapshot(start: Any, names: list[str]) -> dict[str, Any]:
    import torch

    missing = [name for name in names if not isinstance(start, Mapping) or name not in start]
    if missing or not all(isinstance(start[name], torch.Tensor) for name in names):
        raise WrongKind(
            Hint(
                "adımdan önceki kopya her parametreyi adıyla tutmalı: "
                "{ad: p.detach().clone() for ad, p in net.named_parameters()}",
                "the copy from before the step must hold every parameter by name: "
                "{name: p.detach().clone() for name, p in net.named_parameters()}",
            )
        )
    return {name: start[name] for name in names}


@checker
def check_sgd_update(start: Any, model: Any, lr: Any) -> Hint | None:
    """04: ``model`` took one ``torch.optim.SGD`` step at ``lr`` from the parameters in
    ``start`` (a name-to-tensor copy made before the step): every parameter moved by
    ``-lr * p.grad``."""
    import torch

    rate = as_number(lr)
    params = dict(as_module(model).named_parameters())
    before = _snapshot(start, list(params))
    if any(p.grad is None for p in params.values()):
        return Hint(
            "bazı parametrelerin gradyanı yok (.grad None): adımdan önce loss.backward() "
            "çağırın, adımdan sonra da zero_grad() çağırmayın, gradyan denetim için lazım",
            "some parameters have no gradient (.grad is None): call loss.backward() before "
            "the step, and no zero_grad() after it, the check needs the gradients",
        )
    if any(before[name].data_ptr() == p.data_ptr() for name, p in params.items()):
        return Hint(
            "kopya modelle aynı belleği paylaşıyor, adımla birlikte o da değişti: "
            "state_dict() ve detach() kopyalamaz, .clone() ekleyin",
            "the copy shares memory with the model, so it changed with the step: "
            "state_dict() and detach() do not copy, add .clone()",
        )
    change = torch.cat([(p.detach() - before[n]).flatten() for n, p in params.items()])
    grad = torch.cat([p.grad.flatten() for p in params.values()])
    if not change.any():
        return Hint(
            "hiçbir ağırlık değişmedi: loss.backward()'tan sonra optimizer.step() çağırın "
            "ve kopyayı adımdan ÖNCE alın",
            "no weight changed: call optimizer.step() after loss.backward(), and take the "
            "copy BEFORE the step",
        )
    scale = -float(change @ grad / (grad @ grad).clamp(min=1e-30))

    def moved_by(factor: float) -> bool:
        return torch.allclose(change, -factor * grad, rtol=1e-4, atol=1e-6)

    if moved_by(rate):
        return None
    if moved_by(-rate):
        return Hint(
            "ağırlıklar gradyan YÖNÜNDE gitti; SGD gradyanın tersine gider: w - lr * grad",
            "the weights moved ALONG the gradient; SGD goes against it: w - lr * grad",
        )
    if moved_by(scale):
        return Hint(
            f"değişim gradyanın {scale:.3g} katı, {rate:g} katı değil: optimizer'ın "
            "öğrenme oranı lr ile aynı mı, tek adım mı attınız?",
            f"the change is {scale:.3g} times the gradient, not {rate:g} times: is the "
            "optimizer's learning rate lr, and did you take exactly one step?",
        )
    return Hint(
        "değişim gradyanla orantılı değil: optimizer torch.optim.SGD mi (Adam adımı "
        "ölçekler), tek adım mı attınız ve .grad o adımın gradyanı mı?",
        "the change is not proportional to the gradient: is the optimizer torch.optim.SGD "
        "(Adam rescales the step), did you take one step, and is .grad that step's gradient?",
    )


def toy_problem() -> tuple[Any, Any, Any]:
    """A small linear model and one fixed batch, the same on every call."""
    import torch

    generator = torch.Generator().manual_seed(0)
    with torch.random.fork_rng(devices=[]):  # leave the notebook's random state alone
        model = torch.nn.Linear(6, 3)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn(p.shape, generator=generator))
    images = torch.randn(16, 6, generator=generator)
    labels = torch.randint(0, 3, (16,), generator=generator)
    return model, images, labels


def _steps(func: Any, name: str, steps: int, clear: bool) -> list[float]:
    """The losses ``func`` returns for ``steps`` SGD steps on the toy problem."""
    import torch

    model, images, labels = toy_problem()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    losses = as_numbers(
        run_answer(func, name, model, optimizer, images, labels, steps, clear),
        ("kayıplar", "losses"),
    )
    if len(losses) != steps:
        raise WrongKind(
            Hint(
                f"adım başına bir kayıp bekleniyor: {steps} adımda {len(losses)} geldi",
                f"expected one loss per step: {len(losses)} for {steps} steps",
            )
        )
    return losses


def reference_steps(
    model: Any, optimizer: Any, images: Any, labels: Any, steps: int, clear_gradients: bool
) -> list[float]:
    """``steps`` training steps on one batch; ``zero_grad`` at each only if asked."""
    import torch.nn.functional as F

    losses = []
    for _ in range(steps):
        if clear_gradients:
            optimizer.zero_grad()
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def close_losses(got: list[float], want: list[float]) -> bool:
    """Whether two loss lists are as long as each other and agree to float precision."""
    return len(got) == len(want) and all(
        math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-5) for a, b in zip(got, want, strict=True)
    )


@checker
def check_train_steps(train_steps: Any) -> Hint | None:
    """04: the learner's ``train_steps(model, optimizer, images, labels, steps,
    clear_gradients)`` takes ``steps`` steps on one batch, calling ``zero_grad`` at every
    step only when ``clear_gradients`` is true, and returns the loss of each step.

    It runs on a small linear model with SGD, next to :func:`reference_steps`.
    """
    steps = 6
    with_zero = _steps(train_steps, "train_steps", steps, True)
    without_zero = _steps(train_steps, "train_steps", steps, False)
    want = {clear: _steps(reference_steps, "reference", steps, clear) for clear in (True, False)}
    if close_losses(with_zero, want[True]) and close_losses(without_zero, want[False]):
        return None
    if max(with_zero) - min(with_zero) < 1e-6:
        return Hint(
            "kayıp hiç değişmiyor: her adımda loss.backward()'tan sonra optimizer.step() "
            "çağırın; zero_grad() backward ile step arasına girmesin",
            "the loss never changes: call optimizer.step() after loss.backward() at every "
            "step, and keep zero_grad() out from between backward and step",
        )
    if close_losses(with_zero, want[False]):
        return Hint(
            "clear_gradients=True iken gradyanlar birikmiş: her adımda backward()'tan önce "
            "optimizer.zero_grad() çağırın",
            "with clear_gradients=True the gradients piled up: call optimizer.zero_grad() "
            "at every step, before backward()",
        )
    if close_losses(without_zero, want[True]):
        return Hint(
            "clear_gradients=False iken de gradyanlar temizlenmiş: o durumda zero_grad() "
            "hiç çağrılmamalı ki gradyanlar birikebilsin",
            "with clear_gradients=False the gradients were cleared too: then zero_grad() "
            "must never be called, so that the gradients pile up",
        )
    return Hint(
        "her adım: (clear_gradients ise) zero_grad, ileri geçiş, kayıp, backward, step; "
        "listeye o adımın loss.item()'ını ekleyin ve verilen optimizer'ı kullanın",
        "every step: zero_grad (if clear_gradients), forward pass, loss, backward, step; "
        "append that step's loss.item() and use the optimizer you are given",
    )
