"""Optimizers and learning-rate schedules, with PyTorch's names, arguments and update rules.

Every optimizer updates its parameters' arrays in place (NumPy ``out=`` arithmetic, no
graph recorded) and bumps their version counters; parameters without a gradient are
skipped. ``optim.lr_scheduler`` holds the schedules.
"""

from . import lr_scheduler
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = ["SGD", "Adagrad", "Adam", "AdamW", "Optimizer", "RMSprop", "lr_scheduler"]
