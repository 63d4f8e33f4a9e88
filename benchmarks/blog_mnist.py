"""The blog post's MNIST code as the post prints it, for ``bench_training.py --vs-blog``.

One addition, which changes nothing else: with ``$MNIST_SEED`` set, torch is seeded and
the training ``DataLoader`` shuffles with a generator seeded the same way, exactly as
``python -m mnist_helpers train --seed N`` does. Without it the code is the post's.
"""

import os
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
import torchvision.transforms as transforms
from torchinfo import summary

DATA = str(Path(__file__).resolve().parent.parent / "data")  # the repo's shipped files
SEED = os.environ.get("MNIST_SEED")  # added
if SEED is not None:  # added
    torch.manual_seed(int(SEED))  # added
generator = torch.Generator().manual_seed(int(SEED)) if SEED is not None else None  # added

transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])

# Train
trainset = torchvision.datasets.MNIST(root=DATA, train=True, download=True, transform=transform)

trainloader = torch.utils.data.DataLoader(
    trainset, batch_size=64, shuffle=True, generator=generator
)  # added: generator

# Test
testset = torchvision.datasets.MNIST(root=DATA, train=False, download=True, transform=transform)

testloader = torch.utils.data.DataLoader(testset, batch_size=64, shuffle=False)


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.fc1 = nn.Linear(28 * 28, 512)
        self.fc2 = nn.Linear(512, 256)
        self.fc3 = nn.Linear(256, 10)

    def forward(self, x):
        x = x.view(-1, 28 * 28)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


net = Net()
print(summary(net, input_size=(64, 1, 28, 28)))

criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(net.parameters(), lr=0.001)

for epoch in range(5):  # loop over the dataset multiple times
    running_loss = 0.0
    for i, data in enumerate(trainloader, 0):
        inputs, labels = data

        optimizer.zero_grad()

        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()

        running_loss += loss.item()
        if i % 100 == 99:  # print every 100 mini-batches
            print(f"[Epoch {epoch + 1}, Batch {i + 1}] loss: {running_loss / 100:.3f}")
            running_loss = 0.0

print("Finished Training")

correct = 0
total = 0
with torch.no_grad():
    for data in testloader:
        images, labels = data
        outputs = net(images)
        _, predicted = torch.max(outputs.data, 1)
        total += labels.size(0)
        correct += (predicted == labels).sum().item()

print(f"Accuracy of the network on the 10000 test images: {100 * correct / total:.2f}%")
