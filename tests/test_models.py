import torch
import torch.nn as nn
from peer_recipe import peer_net
from torchinfo import summary

from mnist_helpers.models import ConvNet, Net, build_model, count_parameters


def test_net_has_the_blogs_parameter_count_and_layers():
    net = Net()
    assert count_parameters(net) == 535_818
    shapes = {name: tuple(p.shape) for name, p in net.named_parameters()}
    assert shapes == {
        "fc1.weight": (512, 784),
        "fc1.bias": (512,),
        "fc2.weight": (256, 512),
        "fc2.bias": (256,),
        "fc3.weight": (10, 256),
        "fc3.bias": (10,),
    }


def test_torchinfo_totals_match_the_blogs_table():
    stats = summary(Net(), input_size=(64, 1, 28, 28), verbose=0)
    assert stats.total_params == 535_818
    assert stats.trainable_params == 535_818
    assert round(stats.total_mult_adds / 1e6, 2) == 34.29
    table = str(stats)
    for row in (
        "[64, 512]                 401,920",
        "[64, 256]                 131,328",
        "[64, 10]                  2,570",
        "Total params: 535,818",
    ):
        assert row in table


def test_forward_shapes():
    assert Net()(torch.zeros(64, 1, 28, 28)).shape == (64, 10)
    assert ConvNet()(torch.zeros(8, 1, 28, 28)).shape == (8, 10)
    assert ConvNet(channels=8, hidden=16)(torch.zeros(2, 1, 28, 28)).shape == (2, 10)
    light = ConvNet(channels=8, hidden=16, first_kernel=5, padding=0)
    assert light(torch.zeros(2, 1, 28, 28)).shape == (2, 10)


def test_convnets_new_options_default_to_the_notebook_09_layers():
    default = ConvNet()
    assert default.conv1.kernel_size == (3, 3) and default.conv2.padding == (1, 1)
    assert default.fc1.in_features == 64 * 7 * 7 and count_parameters(default) == 421_642


def test_the_fast_cnn_layout_is_the_peers_with_16_and_32_filters():
    """``first_kernel=5, padding=0``: the layers of ``benchmarks/peer_recipe.py``'s net,
    whose 24 and 32 filters ``ConvNet`` cannot have (its second conv doubles the first)."""
    ours = ConvNet(channels=16, hidden=256, dropout=0.0, first_kernel=5, padding=0)
    peer = peer_net()
    assert count_parameters(peer) == 215_194
    assert [p.shape[2:] for p in ours.parameters()] == [p.shape[2:] for p in peer.parameters()]
    assert ours.fc1.in_features == peer[7].in_features == 32 * 5 * 5
    assert [type(m) for m in peer if not isinstance(m, nn.Flatten)] == [
        nn.Conv2d, nn.MaxPool2d, nn.ReLU, nn.Conv2d, nn.MaxPool2d, nn.ReLU, nn.Linear, nn.ReLU,
        nn.Linear,
    ]  # fmt: skip


def test_build_model_by_name():
    assert isinstance(build_model("mlp"), Net)
    assert isinstance(build_model("cnn", channels=8), ConvNet)
    try:
        build_model("resnet")
    except ValueError as error:
        assert "unknown model 'resnet'" in str(error)
    else:
        raise AssertionError("build_model accepted an unknown name")


def relu_then_pool(model: ConvNet, x: torch.Tensor) -> torch.Tensor:
    """``ConvNet.forward`` with the usual order, ReLU before max-pooling."""
    x = model.pool(torch.relu(model.conv1(x)))
    x = model.pool(torch.relu(model.conv2(x)))
    x = torch.relu(model.fc1(torch.flatten(x, 1)))
    return model.fc2(x)


def test_pooling_before_relu_changes_no_number():
    torch.manual_seed(0)
    model = ConvNet(channels=8, hidden=16).eval()  # eval: no dropout draws
    x = torch.randn(16, 1, 28, 28)
    labels = torch.randint(0, 10, (16,))
    grads = []
    for forward in (model, lambda x: relu_then_pool(model, x)):
        model.zero_grad()
        logits = forward(x)
        torch.nn.functional.cross_entropy(logits, labels).backward()
        grads.append((logits.detach(), [p.grad.clone() for p in model.parameters()]))
    (ours, our_grads), (usual, usual_grads) = grads
    assert torch.equal(ours, usual)
    assert all(torch.equal(a, b) for a, b in zip(our_grads, usual_grads, strict=True))
