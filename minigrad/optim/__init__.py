"""Optimizers and learning-rate schedules, with PyTorch's names, arguments and update rules.

Every optimizer updates its parameters' arrays in place (NumPy ``out=`` arithmetic, no
graph recorded) and bumps their version counters; parameters without a gradient are
skipped. ``optim.lr_scheduler`` holds the schedules.
"""

from . import lr_scheduler
from .adadelta import Adadelta, Adamax
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .asgd import ASGD
from .lbfgs import LBFGS
from .optimizer import Optimizer
from .radam import NAdam, RAdam
from .rmsprop import RMSprop
from .rprop import Rprop
from .sgd import SGD

__all__ = [
    "ASGD",
    "LBFGS",
    "SGD",
    "Adadelta",
    "Adagrad",
    "Adam",
    "AdamW",
    "Adamax",
    "NAdam",
    "Optimizer",
    "RAdam",
    "RMSprop",
    "Rprop",
    "lr_scheduler",
]
