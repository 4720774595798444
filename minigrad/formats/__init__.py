"""The checkpoint formats behind :mod:`minigrad.serialization`: minigrad's own ``.npz``
(:mod:`~minigrad.formats.npz`, the archive's members; :mod:`~minigrad.formats.tree`, the
structure walk), PyTorch's zip archive and safetensors."""
