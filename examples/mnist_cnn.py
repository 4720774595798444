"""Train a convolutional network on real MNIST with minigrad — the flagship example.

The network of the source material: conv -> ReLU -> max-pool -> conv -> ReLU -> max-pool ->
fully connected -> fully connected -> softmax (inside the cross-entropy loss). It trains on
the first 50,000 training images and watches the last 10,000 (the validation set, never used
for gradient descent) after every epoch, to keep the best checkpoint and to stop early when
validation accuracy stops improving. At the end it reports the test accuracy of the best
checkpoint on the 10,000 t10k images and writes, into ``--out``:

- ``curves.png``: loss and accuracy per epoch, train vs validation;
- ``model.svg`` / ``model.png``: the model's computation graph, grouped by module;
- ``best.npz``: the best checkpoint (``minigrad.load`` + ``model.load_state_dict``);
- ``history.json``: the numbers behind the curves and the final test accuracy.

Run ``python examples/mnist_cnn.py --help`` for the flags.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from tqdm.auto import tqdm  # a widget in notebooks, text in a terminal

import minigrad as mg
from minigrad import nn
from minigrad.data import MNIST, DataLoader
from minigrad.nn import functional as F

HERE = Path(__file__).resolve().parent


def build_model(width: int = 16) -> nn.Module:
    """Two conv/ReLU/max-pool stages and two fully connected layers (28x28 -> 10 logits)."""
    return nn.Sequential(
        nn.Conv2d(1, width, kernel_size=5),  # 28x28 -> 24x24
        nn.ReLU(),
        nn.MaxPool2d(2),  # -> 12x12
        nn.Conv2d(width, 2 * width, kernel_size=5),  # -> 8x8
        nn.ReLU(),
        nn.MaxPool2d(2),  # -> 4x4
        nn.Flatten(),
        nn.Linear(2 * width * 4 * 4, 128),
        nn.ReLU(),
        nn.Dropout(0.25),
        nn.Linear(128, 10),
    )


def evaluate(model: nn.Module, loader: DataLoader) -> tuple[float, float]:
    """Mean loss and accuracy over a data set, without recording a graph."""
    model.eval()
    total_loss, correct, seen = 0.0, 0, 0
    with mg.no_grad():
        for images, labels in loader:
            logits = model(images)
            total_loss += F.cross_entropy(logits, labels, reduction="sum").item()
            correct += int((logits.argmax(axis=1).array == labels.array).sum())
            seen += len(labels)
    return total_loss / seen, correct / seen


def train_epoch(
    model, loader, optimizer, scheduler, epoch: int, epochs: int
) -> tuple[float, float]:
    model.train()
    total_loss, correct, seen = 0.0, 0, 0
    start = time.perf_counter()
    bar = tqdm(loader, desc=f"epoch {epoch}/{epochs}", unit="batch", leave=True)
    for images, labels in bar:
        logits = model(images)
        loss = F.cross_entropy(logits, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        n = len(labels)
        total_loss += loss.item() * n
        correct += int((logits.array.argmax(axis=1) == labels.array).sum())
        seen += n
        bar.set_postfix(
            loss=f"{total_loss / seen:.4f}",
            acc=f"{correct / seen:.4f}",
            img_s=f"{seen / (time.perf_counter() - start):.0f}",
        )
    return total_loss / seen, correct / seen


def plot_curves(history: dict, path: Path) -> None:
    # A Figure without pyplot: no backend is chosen or changed, so this works headless and
    # leaves a notebook's inline backend alone.
    from matplotlib.figure import Figure

    epochs = range(1, len(history["train_loss"]) + 1)
    fig = Figure(figsize=(10, 4), constrained_layout=True)
    ax_loss, ax_acc = fig.subplots(1, 2)
    ax_loss.plot(epochs, history["train_loss"], "o-", label="train")
    ax_loss.plot(epochs, history["val_loss"], "s-", label="validation")
    ax_loss.set(xlabel="epoch", ylabel="cross-entropy loss", title="Loss")
    ax_acc.plot(epochs, history["train_acc"], "o-", label="train")
    ax_acc.plot(epochs, history["val_acc"], "s-", label="validation")
    ax_acc.set(xlabel="epoch", ylabel="accuracy", title="Accuracy")
    for ax in (ax_loss, ax_acc):
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle("minigrad CNN on MNIST")
    fig.savefig(path, dpi=120)


def draw_model(model: nn.Module, out: Path) -> list[Path]:
    """The model's computation graph on one example image, grouped by module."""
    try:
        from minigrad import viz
    except ImportError:
        return []
    x = mg.zeros(1, 1, 28, 28)
    model.eval()
    graph = viz.draw_graph(model(x), params=dict(model.named_parameters()), group_modules=True)
    written = []
    for fmt in ("svg", "png"):
        try:
            written.append(Path(graph.render(out / "model", format=fmt, cleanup=True)))
        except Exception as err:  # no renderer: the DOT source is still useful
            (out / "model.dot").write_text(graph.source)
            print(f"note: could not render the diagram as {fmt} ({err}); wrote model.dot")
            written.append(out / "model.dot")
            break
    return written


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Train a CNN on MNIST with minigrad.")
    p.add_argument("--epochs", type=int, default=6, help="maximum number of epochs")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=2e-3, help="peak learning rate")
    p.add_argument("--optimizer", choices=["adam", "sgd"], default="adam")
    p.add_argument("--width", type=int, default=16, help="filters in the first conv layer")
    p.add_argument(
        "--patience",
        type=int,
        default=3,
        help="epochs without a better validation accuracy before stopping early",
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data", type=Path, default=HERE / "data" / "mnist", help="MNIST folder")
    p.add_argument("--out", type=Path, default=Path("runs") / "mnist_cnn", help="output folder")
    p.add_argument(
        "--limit",
        type=int,
        default=None,
        help="use only this many training/validation/test images (quick trials)",
    )
    p.add_argument(
        "--export-onnx",
        type=Path,
        default=None,
        metavar="PATH",
        help="also export the best model to this ONNX file (needs the onnx package) and check "
        "it with ONNX Runtime when that is installed",
    )
    return p.parse_args(argv)


def export_onnx(model: nn.Module, path: Path, loader: DataLoader) -> str:
    """Export ``model`` with a dynamic batch axis; if ONNX Runtime is installed, check that it
    gives the same logits as minigrad on one test batch."""
    import minigrad.onnx

    model.eval()
    minigrad.onnx.export(
        model, mg.zeros(1, 1, 28, 28), path, input_names=["image"], output_names=["logits"],
        dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
    )  # fmt: skip
    try:
        import onnxruntime
    except ImportError:
        return f"wrote {path} (install onnxruntime to check it)"
    images, _ = next(iter(loader))
    (logits,) = onnxruntime.InferenceSession(str(path)).run(None, {"image": images.array})
    diff = float(abs(logits - model(images).array).max())
    return f"wrote {path}; ONNX Runtime agrees with minigrad to {diff:.1e} on {len(images)} images"


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    mg.manual_seed(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)

    splits = {s: MNIST(args.data, split=s) for s in ("train", "val", "test")}
    if args.limit:
        splits = {s: mg.data.Subset(d, range(min(args.limit, len(d)))) for s, d in splits.items()}
    train_loader = DataLoader(splits["train"], batch_size=args.batch_size, shuffle=True)
    val_loader = DataLoader(splits["val"], batch_size=1000)
    test_loader = DataLoader(splits["test"], batch_size=1000)
    print(
        f"MNIST: {len(splits['train'])} train, {len(splits['val'])} validation, "
        f"{len(splits['test'])} test images"
    )

    model = build_model(args.width)
    print(model)
    if args.optimizer == "adam":
        optimizer = mg.optim.Adam(model.parameters(), lr=args.lr)
    else:
        optimizer = mg.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, nesterov=True)
    scheduler = mg.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=args.lr, epochs=args.epochs, steps_per_epoch=len(train_loader)
    )

    history: dict = {"train_loss": [], "train_acc": [], "val_loss": [], "val_acc": []}
    best_acc, best_epoch, start = -1.0, 0, time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        train_loss, train_acc = train_epoch(
            model, train_loader, optimizer, scheduler, epoch, args.epochs
        )
        val_loss, val_acc = evaluate(model, val_loader)
        for key, value in zip(history, (train_loss, train_acc, val_loss, val_acc)):
            history[key].append(value)
        improved = val_acc > best_acc
        if improved:
            best_acc, best_epoch = val_acc, epoch
            mg.save(model.state_dict(), args.out / "best.npz")
        print(
            f"epoch {epoch}: train loss {train_loss:.4f} acc {train_acc:.4f} | "
            f"validation loss {val_loss:.4f} acc {val_acc:.4f}"
            + ("  (best so far, saved)" if improved else "")
        )
        if epoch - best_epoch >= args.patience:
            print(f"early stop: no better validation accuracy for {args.patience} epochs")
            break
    train_time = time.perf_counter() - start

    model.load_state_dict(mg.load(args.out / "best.npz"))
    test_loss, test_acc = evaluate(model, test_loader)
    history.update(
        best_epoch=best_epoch,
        best_val_acc=best_acc,
        test_loss=test_loss,
        test_acc=test_acc,
        train_seconds=train_time,
    )
    (args.out / "history.json").write_text(json.dumps(history, indent=2))
    plot_curves(history, args.out / "curves.png")
    diagrams = draw_model(model, args.out)
    if args.export_onnx:
        print(export_onnx(model, args.export_onnx, test_loader))

    print(
        f"\ntest accuracy of the best checkpoint (epoch {best_epoch}): {test_acc:.4f} "
        f"(loss {test_loss:.4f}); training took {train_time:.0f} s"
    )
    print(
        f"wrote to {args.out}/: curves.png, best.npz, history.json"
        + "".join(f", {p.name}" for p in diagrams)
    )
    return history


if __name__ == "__main__":
    main()
