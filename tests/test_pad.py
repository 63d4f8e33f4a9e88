"""The digit pad's Python side: strokes -> image -> the preprocessing of ``predict`` -> the model.

The browser side (the JS module, the site's pad, parity with PyTorch) is in test_pad_browser.py.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
import torch.nn as nn
from pad_site import pad_html

from mnist_helpers import CheckpointError, ConvNet, Net, save_checkpoint
from mnist_helpers.images import preprocess_steps, to_model_input, top_k
from mnist_helpers.pad import (
    CANVAS,
    LABELS,
    ONE,
    SEVEN,
    ZERO,
    DigitPad,
    export_model,
    read_digit,
    render_strokes,
    write_model,
)


def test_strokes_render_as_round_ink_on_white_paper():
    gray = render_strokes([[[50, 50], [200, 50]], [[140, 200]]])
    assert gray.shape == (CANVAS, CANVAS) and gray.dtype == np.float32
    assert gray[0, 0] == 1.0 and gray[50, 125] == 0.0  # paper, and the middle of the line
    assert gray[50, 42] == 0.0  # the round cap reaches past the first point
    assert gray[200, 140] == 0.0 and gray[200, 160] == 1.0  # a dot, and paper beside it
    assert np.array_equal(render_strokes([]), np.ones((CANVAS, CANVAS), np.float32))


@pytest.mark.parametrize("strokes, digit", [(SEVEN, 7), (ONE, 1), (ZERO, 0)])
def test_the_pad_reads_drawn_digits(trained_mlp, strokes, digit):
    model, _ = trained_mlp
    pad = DigitPad(model, strokes)
    assert pad.last["digit"] == digit
    assert pad.reading["digit"] == digit  # what the browser receives
    assert len(pad.reading["input"]) == 784 and len(pad.reading["probabilities"]) == 10
    assert repr(pad).splitlines() == [
        "DigitPad(Net), strokes: 1",
        "input the model sees: 28×28",
        "hidden layers: fc1 512, fc2 256",
        f"prediction: {digit}",
    ]


def test_the_reading_is_what_predict_computes(trained_mlp):
    model, _ = trained_mlp
    gray = render_strokes(SEVEN)
    reading = read_digit(model, gray)
    centred = preprocess_steps(gray)["centred"]
    assert np.array_equal(reading["input"], centred)
    inputs = to_model_input(centred)
    with torch.no_grad():
        expected = torch.softmax(model(inputs), dim=1)[0].numpy()
        fc1 = torch.relu(model.fc1(inputs.view(1, -1)))[0].numpy()
    np.testing.assert_allclose(reading["probabilities"], expected, rtol=0, atol=1e-7)
    assert top_k(model, inputs, 1)[0][0] == reading["digit"]
    np.testing.assert_allclose(reading["layers"][0]["values"], fc1, rtol=0, atol=1e-6)
    assert reading["layers"][1]["values"].min() >= 0  # after ReLU


def test_new_strokes_update_the_reading_and_clearing_empties_it(trained_mlp):
    model, _ = trained_mlp
    pad = DigitPad(model)
    assert pad.reading == {} and repr(pad).endswith("nothing drawn yet")
    pad.strokes = SEVEN  # what the browser sends after a stroke
    assert pad.reading["digit"] == 7
    pad.strokes = []  # the Clear button
    assert pad.reading == {} and pad.last is None


def test_convnet_shows_its_feature_maps_and_keeps_no_hooks():
    torch.manual_seed(0)
    model = ConvNet(channels=8, hidden=16).train()
    pad = DigitPad(model, ONE, lang="tr")
    shapes = [(layer["name"], layer["shape"]) for layer in pad.reading["layers"]]
    assert shapes == [("conv1", [8, 14, 14]), ("conv2", [16, 7, 7]), ("fc1", [16])]
    assert "hidden layers: conv1 8×14×14, conv2 16×7×7, fc1 16" in repr(pad)
    assert not model.pool._forward_hooks and not model.fc1._forward_hooks
    assert model.training  # the pad puts the model back in its mode
    assert pad.labels == LABELS["tr"] and pad.lang == "tr"


def test_a_checkpoint_path_brings_its_normalisation(tmp_path):
    torch.manual_seed(0)
    model = ConvNet(channels=4, hidden=8)
    hparams, kwargs = {"mean": 0.1307, "std": 0.3081}, {"channels": 4, "hidden": 8}
    path = save_checkpoint(tmp_path / "cnn.pt", model, hparams, model_kwargs=kwargs)
    pad = DigitPad(path, SEVEN)
    assert type(pad.model) is ConvNet and (pad.mean, pad.std) == (0.1307, 0.3081)
    expected = read_digit(model, render_strokes(SEVEN), 0.1307, 0.3081)
    np.testing.assert_allclose(pad.last["probabilities"], expected["probabilities"], atol=1e-7)
    plain = tmp_path / "plain.pt"
    torch.save(Net().state_dict(), plain)  # a plain state_dict: the blog's normalisation
    assert (DigitPad(plain).mean, DigitPad(plain).std) == (0.5, 0.5)


def test_bad_models_languages_and_files_are_clear_errors(tmp_path):
    with pytest.raises(TypeError, match="Net and ConvNet"):
        DigitPad(nn.Linear(784, 10))
    with pytest.raises(ValueError, match="lang must be one of"):
        DigitPad(Net(), lang="de")
    with pytest.raises(CheckpointError, match="does not exist"):
        DigitPad(tmp_path / "missing.pt")


def test_the_widget_loads_the_shared_module():
    pad = DigitPad(Net())
    assert "export default { render }" in pad._esm
    assert ".digit-pad" in pad._css


@pytest.mark.parametrize("model", [Net(), ConvNet(channels=4, hidden=8)])
def test_export_lays_out_every_tensor_once(model, tmp_path):
    manifest, weights = export_model(model, 0.5, 0.5)
    state = model.state_dict()
    assert list(manifest["tensors"]) == list(state)
    assert len(weights) == manifest["bytes"] == 4 * sum(t.numel() for t in state.values())
    for name, info in manifest["tensors"].items():
        count = state[name].numel()
        stored = np.frombuffer(weights, "<f4", count=count, offset=info["offset"])
        assert np.array_equal(stored, state[name].flatten().numpy())
    shown = [step["show"] for step in manifest["steps"] if "show" in step]
    assert shown == [layer["name"] for layer in read_digit(model, render_strokes(ONE))["layers"]]
    json_path, bin_path = write_model(model, tmp_path, 0.5, 0.5)
    assert json.loads(json_path.read_text(encoding="utf-8"))["weights"] == bin_path.name


def test_export_refuses_other_models():
    with pytest.raises(TypeError, match="Net and ConvNet"):
        export_model(nn.Linear(784, 10), 0.5, 0.5)


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_the_site_pad_is_one_html_block_in_its_language(lang):
    html = pad_html(lang)
    assert "\n\n" not in html  # Markdown would end the HTML block at a blank line
    assert LABELS[lang]["title"] in html and LABELS[lang]["clear"] in html
    assert 'from "../_static/digit_pad.js"' in html and "../_static/digit_pad_model.json" in html
