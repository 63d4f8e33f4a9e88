"""Checkers for notebook 07 (inside the model): dead units."""

from __future__ import annotations

from typing import Any

from .common import Hint, WrongKind, as_number, checker


def _unit_matrix(activations: Any) -> Any:
    import torch

    if not isinstance(activations, torch.Tensor) or activations.dim() != 2:
        raise WrongKind(
            Hint(
                "aktivasyonlar [N, units] biçiminde 2 eksenli bir tensor olmalı "
                "(capture_activations'ın döndürdüğü gibi)",
                "the activations must be a 2-axis [N, units] tensor "
                "(as capture_activations returns it)",
            )
        )
    return activations.detach().float()


@checker
def check_dead_fraction(activations: Any, answer: Any) -> Hint | None:
    """07: the fraction of dead units in ``activations`` ([N, units], before or after ReLU).

    A unit is dead when its value is <= 0 on every image (after ReLU: exactly 0)."""
    acts = _unit_matrix(activations)
    got = as_number(answer)
    want = (acts <= 0).all(dim=0).float().mean().item()
    if abs(got - want) <= 1e-3:
        return None
    dead = int((acts <= 0).all(dim=0).sum())
    if abs(got - (acts <= 0).float().mean().item()) <= 1e-3:
        return Hint(
            "bu, sıfır olan aktivasyonların payı; soru birimleri soruyor: bir birim, sütunu "
            "baştan sona <= 0 ise ölüdür. dim=0 boyunca all() deneyin",
            "that is the share of activations at zero; the question is about units: a unit "
            "is dead when its whole column is <= 0. Try all() along dim=0",
        )
    if abs(got - (acts == 0).all(dim=0).float().mean().item()) <= 1e-3:
        return Hint(
            "ReLU'dan önceki değerlerde susan bir birim sıfır değil negatif değer verir: "
            "== 0 yerine <= 0 kullanın (ya da önce ReLU uygulayın)",
            "before ReLU a silent unit gives negative values, not zeros: use <= 0 "
            "instead of == 0 (or apply ReLU first)",
        )
    if got == dead and dead > 1:
        return Hint(
            f"{dead} ölü birim saydınız, doğru; ama soru oranı istiyor: birim sayısına bölün",
            f"you counted {dead} dead units, right; but the question asks for a fraction: "
            "divide by the number of units",
        )
    if abs(got - 100 * want) <= 0.1:
        return Hint(
            "yüzde değil, 0 ile 1 arasında bir oran bekleniyor",
            "expected a fraction between 0 and 1, not a percentage",
        )
    return Hint(
        "her birim bir sütundur: sütunun bütün değerleri <= 0 ise birim ölüdür; "
        "ölü sütunları sayıp sütun sayısına bölün",
        "each unit is a column: the unit is dead if every value in its column is <= 0; "
        "count the dead columns and divide by the number of columns",
    )


@checker
def check_dead_share_ratio(results: Any, answer: Any) -> Hint | None:
    """07: how many times larger the dead ``fc1`` share is with the blog's normalisation
    than with raw pixels, read off ``results`` (label -> (dead share, accuracy))."""
    blog, raw = "blog (0.5, 0.5)", "raw [0, 1]"
    if not isinstance(results, dict) or blog not in results or raw not in results:
        raise WrongKind(
            Hint(
                f"results, {blog!r} ve {raw!r} adlarını içeren norm_results sözlüğü olmalı",
                f"results must be the norm_results dict, with the labels {blog!r} and {raw!r}",
            )
        )
    got = as_number(answer)
    blog_dead, raw_dead = as_number(results[blog][0]), as_number(results[raw][0])
    want = blog_dead / raw_dead
    if abs(got - want) <= 0.05 * want:  # the table rounds the shares
        return None
    if abs(got - raw_dead / blog_dead) <= 0.02 * raw_dead / blog_dead:
        return Hint(
            "oranı ters çevirdiniz: blogun oranını ham piksellerinkine bölün, tersini değil",
            "you turned the ratio upside down: divide the blog's share by the raw pixels' share",
        )
    if min(abs(got - (blog_dead - raw_dead)), abs(got - 100 * (blog_dead - raw_dead))) <= 0.01:
        return Hint(
            "bu iki oranın farkı; soru kaç kat büyük olduğunu, yani bölümünü soruyor",
            "that is the difference of the two shares; the question asks how many times "
            "larger, that is their quotient",
        )
    return Hint(
        "dead fc1 sütunundaki iki değeri kullanın (accuracy sütununu değil) ve "
        "blogunkini ham piksellerinkine bölün",
        "use the two values of the dead fc1 column (not the accuracy column) and divide "
        "the blog's by the raw pixels'",
    )
