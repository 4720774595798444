"""Train an LSTM on real MNIST with minigrad, reading each image row by row — the second
flagship, a sequence model.

Each 28x28 image is a sequence of 28 steps of 28 pixels (top row first). A one-layer
``nn.LSTM(28, 128)`` reads it; a ``Linear(128, 10)`` on its last hidden state gives the
logits. Why an LSTM rather than a small Vision Transformer on 7x7 patches: a training step
on a batch of 64 costs 0.17 s for this LSTM against 0.39 s for a 4-layer, width-64 ViT on
the 16 patches (measured side by side on the shared 2-core machine, one BLAS thread), and the
row-by-row LSTM is known to reach 98-99% within a few epochs, where small ViTs need many more
epochs (and augmentation) on MNIST.

Training as the CNN flagship: the first 50,000 training images, the last 10,000 as the
validation set (best checkpoint, early stopping, never used for gradient descent), Adam with
a one-cycle learning rate and gradient-norm clipping, and the test accuracy of the best
checkpoint on the 10,000 t10k images: 98.98% with the defaults (6 epochs, 25 minutes on
a 2-core machine shared with other jobs). Writes into ``--out``: ``curves.png``,
``model.svg``/``model.png`` (the computation graph, by module), ``best.npz``,
``history.json``.

Run ``python examples/mnist_lstm.py --help`` for the flags.
"""

from __future__ import annotations

import os

# The GEMMs here are small (64x128 by 128x512): one BLAS thread is faster than two, and much
# faster on a busy machine, where spinning BLAS threads wait on each other. Override freely.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import json
import sys
import time
from pathlib import Path

from tqdm import tqdm

import minigrad as mg
from minigrad import nn
from minigrad.data import MNIST, DataLoader
from minigrad.nn import functional as F

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from mnist_cnn import draw_model, evaluate, export_onnx  # noqa: E402 - the flagship's, unchanged


class RowLSTM(nn.Module):
    """``(N, 1, 28, 28)`` images -> 28 steps of 28 pixels -> LSTM -> last hidden -> 10 logits."""

    def __init__(self, hidden: int = 128, layers: int = 1) -> None:
        super().__init__()
        self.lstm = nn.LSTM(28, hidden, num_layers=layers, batch_first=True)
        self.fc = nn.Linear(hidden, 10)

    def forward(self, images: mg.Tensor) -> mg.Tensor:
        rows = images.reshape(images.shape[0], 28, 28)  # (N, T=28 rows, 28 pixels)
        _, (h, _) = self.lstm(rows)
        return self.fc(h[-1])


def train_epoch(model, loader, optimizer, scheduler, clip: float, epoch: int, epochs: int):
    model.train()
    total_loss, correct, seen = 0.0, 0, 0
    start = time.perf_counter()
    bar = tqdm(loader, desc=f"epoch {epoch}/{epochs}", unit="batch", leave=True)
    for images, labels in bar:
        logits = model(images)
        loss = F.cross_entropy(logits, labels)
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), clip)
        optimizer.step()
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
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    epochs = range(1, len(history["train_loss"]) + 1)
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 4), constrained_layout=True)
    for ax, key, label in ((ax_loss, "loss", "cross-entropy loss"), (ax_acc, "acc", "accuracy")):
        ax.plot(epochs, history[f"train_{key}"], "o-", label="train")
        ax.plot(epochs, history[f"val_{key}"], "s-", label="validation")
        ax.set(xlabel="epoch", ylabel=label, title=label.split()[-1].capitalize())
        ax.grid(alpha=0.3)
        ax.legend()
    fig.suptitle("minigrad LSTM on MNIST (row by row)")
    fig.savefig(path, dpi=120)
    plt.close(fig)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Train a row-by-row LSTM on MNIST with minigrad.")
    p.add_argument("--epochs", type=int, default=6, help="maximum number of epochs")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=3e-3, help="peak learning rate (one-cycle)")
    p.add_argument("--hidden", type=int, default=128, help="LSTM hidden size")
    p.add_argument("--layers", type=int, default=1, help="stacked LSTM layers")
    p.add_argument("--clip", type=float, default=1.0, help="gradient-norm clipping threshold")
    p.add_argument(
        "--patience",
        type=int,
        default=3,
        help="epochs without a better validation accuracy before stopping early",
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data", type=Path, default=HERE / "data" / "mnist", help="MNIST folder")
    p.add_argument("--out", type=Path, default=Path("runs") / "mnist_lstm", help="output folder")
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
        help="also export the best model to this ONNX file with a dynamic batch axis (needs the "
        "onnx package) and check it with ONNX Runtime when that is installed",
    )
    return p.parse_args(argv)


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

    model = RowLSTM(args.hidden, args.layers)
    print(model)
    optimizer = mg.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = mg.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=args.lr, epochs=args.epochs, steps_per_epoch=len(train_loader)
    )

    history: dict = {"train_loss": [], "train_acc": [], "val_loss": [], "val_acc": []}
    best_acc, best_epoch, start = -1.0, 0, time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        train_loss, train_acc = train_epoch(
            model, train_loader, optimizer, scheduler, args.clip, epoch, args.epochs
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

    print(
        f"\ntest accuracy of the best checkpoint (epoch {best_epoch}): {test_acc:.4f} "
        f"(loss {test_loss:.4f}); training took {train_time:.0f} s"
    )
    print(
        f"wrote to {args.out}/: curves.png, best.npz, history.json"
        + "".join(f", {p.name}" for p in diagrams)
    )
    if args.export_onnx:
        print(export_onnx(model, args.export_onnx, test_loader))
    return history


if __name__ == "__main__":
    main()
