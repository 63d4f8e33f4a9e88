import numpy as np
import pytest
import torch
from PIL import Image

from mnist_helpers.data import load_tensors
from mnist_helpers.images import (
    ImageError,
    centre_by_mass,
    load_grayscale,
    prepare_image,
    preprocess_steps,
    top_k,
)


def photo_like(
    digit: np.ndarray, size: int = 200, shift: tuple[int, int] = (30, -25)
) -> Image.Image:
    """A test digit as a phone photo might show it: big, dark ink on light paper, off-centre."""
    big = Image.fromarray((digit * 255).astype(np.uint8)).resize(
        (size // 2, size // 2), Image.BICUBIC
    )
    canvas = Image.new("L", (size, size), 0)
    canvas.paste(big, (size // 4 + shift[0], size // 4 + shift[1]))
    return Image.fromarray(255 - np.asarray(canvas))


@pytest.fixture(scope="module")
def test_digits():
    images, labels = load_tensors(False, mean=0.0, std=1.0)  # pixels in [0, 1]
    return images[:30, 0].numpy(), labels[:30].tolist()


def test_steps_produce_a_centred_28x28_digit(test_digits):
    digits, _ = test_digits
    steps = preprocess_steps(np.asarray(photo_like(digits[0]), dtype=np.float32) / 255)
    assert list(steps) == ["gray", "inverted", "cleaned", "cropped", "fitted", "centred"]
    assert max(steps["fitted"].shape) == 20
    result = steps["centred"]
    assert result.shape == (28, 28) and 0 <= result.min() and result.max() <= 1
    rows, cols = np.indices(result.shape)
    assert abs((rows * result).sum() / result.sum() - 14) <= 1
    assert abs((cols * result).sum() / result.sum() - 14) <= 1
    assert result[0].sum() == 0 and result[:, 0].sum() == 0  # the border stays dark


def test_predict_reads_photo_like_test_digits(trained_mlp, test_digits, tmp_path):
    model, _ = trained_mlp
    digits, labels = test_digits
    correct = 0
    for index, (digit, label) in enumerate(zip(digits, labels, strict=True)):
        path = tmp_path / f"{index}.png"
        photo_like(digit, shift=(index % 7 - 3, 20 - index % 40)).save(path)
        correct += top_k(model, prepare_image(path), 1)[0][0] == label
    assert correct >= 27, f"only {correct} of 30 photo-like digits read correctly"


def test_top_k_is_sorted_probabilities(trained_mlp):
    model, _ = trained_mlp
    best = top_k(model, torch.zeros(1, 1, 28, 28), 3)
    assert len(best) == 3
    assert best[0][1] >= best[1][1] >= best[2][1] and sum(p for _, p in best) <= 1 + 1e-6


def test_blank_and_unreadable_images_are_clear_errors(tmp_path):
    with pytest.raises(ImageError, match="no visible ink"):
        preprocess_steps(np.ones((50, 50), dtype=np.float32))
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"this is not a picture")
    with pytest.raises(ImageError, match="cannot read"):
        load_grayscale(bad)
    with pytest.raises(ImageError, match="does not exist"):
        load_grayscale(tmp_path / "missing.png")


def test_an_image_past_pillows_size_limit_is_an_image_error(tmp_path, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100 * 100)
    for side in (150, 300):  # past the limit (a warning in Pillow), past twice it (an error)
        path = tmp_path / f"{side}.png"
        Image.new("L", (side, side)).save(path)
        with pytest.raises(ImageError, match="too large"):
            load_grayscale(path)


def test_centre_by_mass_clips_lopsided_digits():
    digit = np.zeros((20, 20), dtype=np.float32)
    digit[0, 0] = 1.0
    frame = centre_by_mass(digit)
    assert frame.shape == (28, 28) and frame[14, 14] == 1.0


def test_transparent_drawing_reads_as_ink_on_paper(tmp_path):
    image = Image.new("RGBA", (120, 120), (0, 0, 0, 0))  # fully transparent black
    for x in range(55, 65):
        for y in range(20, 100):
            image.putpixel((x, y), (0, 0, 0, 255))  # an opaque black stroke: a "1"
    path = tmp_path / "one.png"
    image.save(path)
    digit = preprocess_steps(load_grayscale(path))["centred"]
    assert digit.max() == 1.0 and digit[:, 14].sum() > digit[:, 4].sum()


def test_thin_strokes_keep_full_contrast():
    page = np.ones((400, 400), dtype=np.float32)
    page[50:350, 198:201] = 0.0  # a 3-pixel line on a big page
    assert preprocess_steps(page)["fitted"].max() == pytest.approx(1.0)
